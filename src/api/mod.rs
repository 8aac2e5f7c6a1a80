//! The JSON API under `/api/v1/`, for the newsroom's own tools: bearer tokens
//! (`caravan tokens create NAME`), one error shape, cursor pagination.
mod articles;
mod auth;
mod bodies;
mod corrections;
mod docs;
mod error;
mod issue_drafts;
mod issues;
mod page;
mod rows;
mod subscriber_events;
mod subscribers;
mod test_send;
mod topics;

pub use auth::{ApiCaller, new_token, token_hash};
pub use docs::ApiDoc;
pub use error::ApiError;
pub use page::Page;

use actix_web::web;

/// A route's path; any method it does not serve is answered 405 in the API's shape (not the
/// scope's 404: the path exists).
fn resource(path: &str, allow: &'static str) -> actix_web::Resource {
    web::resource(path).default_service(web::to(move || async move {
        Err::<actix_web::HttpResponse, _>(ApiError::MethodNotAllowed(allow))
    }))
}

/// Mounts the API's routes. Bodies are bounded by actix's default (256 KiB), the CSV import
/// by its own limit; a query string that does not parse is a 422 in the API's shape.
pub fn routes(config: &mut web::ServiceConfig) {
    config.service(
        web::scope("/api/v1")
            // The request id in reach of `ApiError::error_response`, which a 500 shows.
            .wrap(actix_web::middleware::from_fn(
                crate::web::within_request_id,
            ))
            .app_data(web::QueryConfig::default().error_handler(|error, _| {
                ApiError::Invalid {
                    field: "query",
                    message: format!("the query string cannot be read: {error}"),
                }
                .into()
            }))
            .service(resource("/openapi.json", "GET").route(web::get().to(docs::openapi_json)))
            .service(
                resource("/articles", "GET, POST")
                    .route(web::get().to(articles::list))
                    .route(web::post().to(articles::create)),
            )
            .service(resource("/articles/sync", "POST").route(web::post().to(articles::sync)))
            .service(
                resource("/articles/{slug}/corrections", "POST")
                    .route(web::post().to(corrections::correct)),
            )
            .service(resource("/topics", "GET").route(web::get().to(topics::list)))
            .service(
                resource("/issues", "GET, POST")
                    .route(web::get().to(issues::list))
                    .route(web::post().to(issue_drafts::create)),
            )
            .service(
                resource("/issues/{id}", "GET, PATCH")
                    .route(web::get().to(issues::show))
                    .route(web::patch().to(issue_drafts::update)),
            )
            .service(
                resource("/issues/{id}/preview", "GET").route(web::get().to(issue_drafts::preview)),
            )
            .service(
                resource("/issues/{id}/progress", "GET").route(web::get().to(issues::progress)),
            )
            .service(resource("/issues/{id}/queue", "POST").route(web::post().to(issues::queue)))
            .service(resource("/issues/{id}/cancel", "POST").route(web::post().to(issues::cancel)))
            .service(
                resource("/issues/{id}/test", "POST").route(web::post().to(test_send::test_send)),
            )
            .service(
                resource("/subscribers", "GET, POST")
                    .route(web::get().to(subscribers::list))
                    .route(web::post().to(subscribers::create)),
            )
            // Before `{id}`, which would take "export" for an id.
            .service(
                resource("/subscribers/export", "GET").route(web::get().to(subscribers::export)),
            )
            .service(
                resource("/subscribers/import", "POST")
                    .app_data(web::PayloadConfig::new(subscribers::MAX_IMPORT_BYTES))
                    .route(web::post().to(subscribers::import)),
            )
            .service(
                resource("/subscribers/{id}/events", "GET")
                    .route(web::get().to(subscriber_events::events)),
            )
            .service(
                resource("/subscribers/{id}", "GET, DELETE")
                    .route(web::get().to(subscribers::show))
                    .route(web::delete().to(subscribers::delete)),
            )
            .default_service(web::to(|| async {
                Err::<actix_web::HttpResponse, _>(ApiError::NoRoute)
            })),
    );
}
