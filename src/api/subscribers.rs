//! `/api/v1/subscribers`: list and search (cursor pages), read one, erase one.
use actix_web::{HttpResponse, web};
use futures_util::StreamExt;
use serde::Deserialize;
use serde_json::json;

use super::{ApiCaller, ApiError, Page};
use crate::store::SubscriberFilter;
use crate::web::AppState;

#[derive(Debug, Deserialize)]
pub struct Query {
    status: Option<String>,
    q: Option<String>,
    // Not `#[serde(flatten)] Page`: query strings flattened lose their numbers' types.
    limit: Option<i64>,
    cursor: Option<String>,
}

/// `GET /api/v1/subscribers?status=&q=&limit=&cursor=`: newest first.
#[tracing::instrument(name = "api.subscribers.list", skip_all, fields(caller = %caller.token_name))]
pub async fn list(
    caller: ApiCaller,
    state: web::Data<AppState>,
    query: web::Query<Query>,
) -> Result<HttpResponse, ApiError> {
    let filter = filter_of(&query)?;
    let page = Page {
        limit: query.limit,
        cursor: query.cursor.clone(),
    };
    let (before, limit) = page.bounds()?;
    let items = state.store.subscribers_page(&filter, before, limit).await?;
    let next_cursor = page.next_cursor(items.iter().map(|s| s.id), limit);
    Ok(HttpResponse::Ok().json(json!({ "items": items, "next_cursor": next_cursor })))
}

/// `GET /api/v1/subscribers/export?status=`: every reader as CSV, streamed page by page.
#[tracing::instrument(name = "api.subscribers.export", skip_all, fields(caller = %caller.token_name))]
pub async fn export(
    caller: ApiCaller,
    state: web::Data<AppState>,
    query: web::Query<Query>,
) -> Result<HttpResponse, ApiError> {
    let filter = filter_of(&query)?;
    let body = crate::subscriptions::csv_pages(state.store.clone(), filter).map(|chunk| {
        chunk.map(actix_web::web::Bytes::from).map_err(|error| {
            tracing::error!(%error, "export stopped: the database failed");
            actix_web::error::ErrorInternalServerError("export stopped")
        })
    });
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            "attachment; filename=\"subscribers.csv\"",
        ))
        .streaming(body))
}

/// Largest CSV the API imports at once: about 500,000 readers.
pub const MAX_IMPORT_BYTES: usize = 32 * 1024 * 1024;

/// `POST /api/v1/subscribers/import` with a `text/csv` body of `email[,name[,lang]]` rows:
/// readers who agreed elsewhere, stored confirmed. Any bad row: 422 listing every one, and
/// nothing imported.
#[tracing::instrument(name = "api.subscribers.import", skip_all, fields(caller = %caller.token_name))]
pub async fn import(
    caller: ApiCaller,
    state: web::Data<AppState>,
    req: actix_web::HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let content_type = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !content_type
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("text/csv")
    {
        return Err(ApiError::UnsupportedType("text/csv"));
    }
    let (readers, rejected) = crate::subscriptions::parse_readers_csv(&body);
    if !rejected.is_empty() {
        return Err(ApiError::RejectedRows(rejected));
    }
    let valid = readers.len() as u64;
    let added = state.store.import_confirmed(&readers).await?;
    Ok(HttpResponse::Ok().json(json!({ "added": added, "already_known": valid - added })))
}

/// `GET /api/v1/subscribers/{id}`.
#[tracing::instrument(name = "api.subscribers.show", skip_all, fields(caller = %caller.token_name))]
pub async fn show(
    caller: ApiCaller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = reader_id(&id)?;
    let reader = state.store.subscriber_by_id(id).await?;
    let reader = reader.ok_or_else(|| not_found(id))?;
    Ok(HttpResponse::Ok().json(reader))
}

/// `DELETE /api/v1/subscribers/{id}`: erasure, with their deliveries and queued e-mails.
#[tracing::instrument(name = "api.subscribers.delete", skip_all, fields(caller = %caller.token_name))]
pub async fn delete(
    caller: ApiCaller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = reader_id(&id)?;
    if !state.store.delete_subscriber(id).await? {
        return Err(not_found(id));
    }
    Ok(HttpResponse::NoContent().finish())
}

fn filter_of(query: &Query) -> Result<SubscriberFilter, ApiError> {
    let status = query.status.clone().filter(|s| !s.is_empty());
    if let Some(status) = &status
        && !["pending", "confirmed", "unsubscribed"].contains(&status.as_str())
    {
        return Err(ApiError::Invalid {
            field: "status",
            message: "status is pending, confirmed or unsubscribed".into(),
        });
    }
    Ok(SubscriberFilter {
        status,
        search: query
            .q
            .clone()
            .map(|q| q.trim().to_owned())
            .filter(|q| !q.is_empty()),
    })
}

fn reader_id(raw: &str) -> Result<i64, ApiError> {
    raw.parse()
        .map_err(|_| ApiError::NotFound(format!("subscriber {raw:?}")))
}

fn not_found(id: i64) -> ApiError {
    ApiError::NotFound(format!("subscriber {id}"))
}
