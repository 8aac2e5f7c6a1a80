//! `/api/v1/topics`: the newsroom's topics (`articles/topics.toml`), which articles carry
//! and readers choose, by the slugs the other routes take.
use actix_web::{HttpResponse, web};
use serde::Serialize;
use utoipa::ToSchema;

use super::bodies::ErrorBody;
use super::{ApiCaller, ApiError};
use crate::topics::catalogue;
use crate::web::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct TopicList {
    pub items: Vec<TopicBody>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TopicBody {
    pub slug: String,
    /// The French name.
    pub fr: String,
    /// The English name.
    pub en: String,
    /// The region as a whole, rather than one country.
    pub regional: bool,
    /// Confirmed readers who get it (those who kept every topic included).
    pub readers: i64,
}

/// `GET /api/v1/topics`: in the list's order, each with its confirmed readers.
#[utoipa::path(get, path = "/api/v1/topics", tag = "articles",
    responses(
        (status = 200, description = "Every topic", body = TopicList),
        (status = 401, description = "No live bearer token", body = ErrorBody),
    ),
    security(("bearer" = [])))]
#[tracing::instrument(name = "api.topics.list", skip_all, fields(caller = %caller.token_name))]
pub async fn list(caller: ApiCaller, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let figures = state.store.topic_figures().await?;
    let items = catalogue()
        .topics()
        .iter()
        .zip(figures.per_topic)
        .map(|(t, readers)| TopicBody {
            slug: t.slug.clone(),
            fr: t.fr.clone(),
            en: t.en.clone(),
            regional: t.regional,
            readers,
        })
        .collect();
    Ok(HttpResponse::Ok().json(TopicList { items }))
}
