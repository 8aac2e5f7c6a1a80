//! The JSON API under `/api/v1/`, for the newsroom's own tools: bearer tokens
//! (`caravan tokens create NAME`), one error shape, cursor pagination.
mod articles;
mod auth;
mod bodies;
mod docs;
mod error;
mod issue_drafts;
mod issues;
mod page;
mod subscribers;
mod test_send;

pub use auth::{ApiCaller, new_token, token_hash};
pub use docs::ApiDoc;
pub use error::ApiError;
pub use page::Page;

use actix_web::web;

/// Mounts the API's routes; JSON bodies are limited to 16 KiB and refused in the API's shape.
pub fn routes(config: &mut web::ServiceConfig) {
    config.service(
        web::scope("/api/v1")
            .route("/openapi.json", web::get().to(docs::openapi_json))
            .route("/articles", web::get().to(articles::list))
            .route("/articles", web::post().to(articles::create))
            .route("/articles/sync", web::post().to(articles::sync))
            .route("/issues", web::get().to(issues::list))
            .route("/issues", web::post().to(issue_drafts::create))
            .route("/issues/{id}", web::get().to(issues::show))
            .route("/issues/{id}", web::patch().to(issue_drafts::update))
            .route("/issues/{id}/preview", web::get().to(issue_drafts::preview))
            .route("/issues/{id}/progress", web::get().to(issues::progress))
            .route("/issues/{id}/queue", web::post().to(issues::queue))
            .route("/issues/{id}/cancel", web::post().to(issues::cancel))
            .route("/issues/{id}/test", web::post().to(test_send::test_send))
            .route("/subscribers", web::get().to(subscribers::list))
            .route("/subscribers", web::post().to(subscribers::create))
            // Before `{id}`, which would take "export" for an id.
            .route("/subscribers/export", web::get().to(subscribers::export))
            .service(
                web::resource("/subscribers/import")
                    .app_data(web::PayloadConfig::new(subscribers::MAX_IMPORT_BYTES))
                    .route(web::post().to(subscribers::import)),
            )
            .route("/subscribers/{id}", web::get().to(subscribers::show))
            .route("/subscribers/{id}", web::delete().to(subscribers::delete))
            .default_service(web::to(|| async {
                Err::<actix_web::HttpResponse, _>(ApiError::NoRoute)
            })),
    );
}
