//! `/api/v1/subscribers`: list and search (cursor pages), read one, erase one.
use actix_web::{HttpResponse, web};
use futures_util::StreamExt;
use serde::Deserialize;

use super::bodies::{ErrorBody, ImportSummary, Subscriber, SubscriberPage};
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
#[utoipa::path(get, path = "/api/v1/subscribers", tag = "subscribers",
    params(
        ("status" = Option<String>, Query, description = "pending, confirmed or unsubscribed", pattern = "^(pending|confirmed|unsubscribed)?$"),
        ("q" = Option<String>, Query, description = "Start of an address, or any part of a name"),
        ("limit" = Option<i64>, Query, description = "1 to 100 (default 20)", minimum = 1, maximum = 100),
        ("cursor" = Option<String>, Query, description = "next_cursor of the previous page", pattern = "^[0-9]*$"),
    ),
    responses(
        (status = 200, description = "Readers, newest first", body = SubscriberPage),
        (status = 401, description = "No live bearer token", body = ErrorBody),
        (status = 422, description = "Bad status, limit or cursor", body = ErrorBody),
    ),
    security(("bearer" = [])))]
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
    let items: Vec<Subscriber> = state
        .store
        .subscribers_page(&filter, before, limit)
        .await?
        .into_iter()
        .map(Subscriber::from)
        .collect();
    let next_cursor = page.next_cursor(items.iter().map(|s| s.id), limit);
    Ok(HttpResponse::Ok().json(SubscriberPage { items, next_cursor }))
}

/// `GET /api/v1/subscribers/export?status=`: every reader as CSV, streamed page by page;
/// recorded in the audit log (by the token's name) before the first byte leaves.
#[utoipa::path(get, path = "/api/v1/subscribers/export", tag = "subscribers",
    params(("status" = Option<String>, Query, description = "pending, confirmed or unsubscribed", pattern = "^(pending|confirmed|unsubscribed)?$"),
        ("q" = Option<String>, Query, description = "Start of an address, or any part of a name"),),
    responses(
        (status = 200, description = "email,name,lang,status,created_at,confirmed_at,unsubscribed_at,topics (slugs joined by `;`, empty for every topic)", content_type = "text/csv", body = String),
        (status = 401, description = "No live bearer token", body = ErrorBody),
        (status = 422, description = "Bad status", body = ErrorBody),
    ),
    security(("bearer" = [])))]
#[tracing::instrument(name = "api.subscribers.export", skip_all, fields(caller = %caller.token_name))]
pub async fn export(
    caller: ApiCaller,
    state: web::Data<AppState>,
    query: web::Query<Query>,
) -> Result<HttpResponse, ApiError> {
    let filter = filter_of(&query)?;
    state.store.record_export(&caller.actor(), &filter).await?;
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
#[utoipa::path(post, path = "/api/v1/subscribers/import", tag = "subscribers",
    request_body(content = String, description = "email[,name[,lang]] rows, optional header", content_type = "text/csv"),
    responses(
        (status = 200, description = "Imported as confirmed", body = ImportSummary),
        (status = 401, description = "No live bearer token", body = ErrorBody),
        (status = 415, description = "Not text/csv", body = ErrorBody),
        (status = 422, description = "Bad rows, each named; nothing imported", body = ErrorBody),
    ),
    security(("bearer" = [])))]
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
    let added = state
        .store
        .import_confirmed_by(&readers, &caller.actor())
        .await?;
    Ok(HttpResponse::Ok().json(ImportSummary {
        added,
        already_known: valid - added,
    }))
}

/// `GET /api/v1/subscribers/{id}`.
#[utoipa::path(get, path = "/api/v1/subscribers/{id}", tag = "subscribers",
    params(("id" = i64, Path, description = "Reader id")),
    responses(
        (status = 200, description = "The reader", body = Subscriber),
        (status = 401, description = "No live bearer token", body = ErrorBody),
        (status = 404, description = "No such reader", body = ErrorBody),
    ),
    security(("bearer" = [])))]
#[tracing::instrument(name = "api.subscribers.show", skip_all, fields(caller = %caller.token_name))]
pub async fn show(
    caller: ApiCaller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = reader_id(&id)?;
    let reader = state.store.subscriber_by_id(id).await?;
    let reader = reader.ok_or_else(|| not_found(id))?;
    Ok(HttpResponse::Ok().json(Subscriber::from(reader)))
}

/// `DELETE /api/v1/subscribers/{id}`: erasure, with their deliveries and queued e-mails.
#[utoipa::path(delete, path = "/api/v1/subscribers/{id}", tag = "subscribers",
    params(("id" = i64, Path, description = "Reader id")),
    responses(
        (status = 204, description = "Erased, with their deliveries and queued e-mails"),
        (status = 401, description = "No live bearer token", body = ErrorBody),
        (status = 404, description = "No such reader", body = ErrorBody),
    ),
    security(("bearer" = [])))]
#[tracing::instrument(name = "api.subscribers.delete", skip_all, fields(caller = %caller.token_name))]
pub async fn delete(
    caller: ApiCaller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = reader_id(&id)?;
    let files = state.outbox_files.as_deref();
    if !crate::subscriptions::erase_reader(&state.store, files, id, &caller.actor()).await? {
        return Err(not_found(id));
    }
    Ok(HttpResponse::NoContent().finish())
}

fn filter_of(query: &Query) -> Result<SubscriberFilter, ApiError> {
    let status = match query.status.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(word) => Some(word.parse().map_err(|_| ApiError::Invalid {
            field: "status",
            message: "status is pending, confirmed or unsubscribed".into(),
        })?),
    };
    Ok(SubscriberFilter {
        status,
        search: query
            .q
            .clone()
            .map(|q| q.trim().to_owned())
            .filter(|q| !q.is_empty()),
    })
}

pub(super) fn reader_id(raw: &str) -> Result<i64, ApiError> {
    raw.parse()
        .map_err(|_| ApiError::NotFound(format!("subscriber {raw:?}")))
}

pub(super) fn not_found(id: i64) -> ApiError {
    ApiError::NotFound(format!("subscriber {id}"))
}

/// A reader added by a newsroom tool: they still confirm by e-mail (double opt-in).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSubscriberRequest {
    email: String,
    name: Option<String>,
    /// fr (default) or en: the language of their e-mails.
    lang: Option<String>,
    /// Slugs of the topics they chose (`GET /api/v1/topics`); absent: every topic.
    topics: Option<Vec<String>>,
}

/// `POST /api/v1/subscribers`: as the public form does, a pending reader and a confirmation
/// e-mail. A reader already known is answered as they are (a confirmed one is not changed).
#[utoipa::path(post, path = "/api/v1/subscribers", tag = "subscribers",
    request_body(content = NewSubscriberRequest, content_type = "application/json"),
    responses(
        (status = 201, description = "A new pending reader; the confirmation e-mail is queued", body = Subscriber),
        (status = 200, description = "Already known: the reader as they are", body = Subscriber),
        (status = 400, description = "The body is not the JSON expected", body = ErrorBody),
        (status = 401, description = "No live bearer token", body = ErrorBody),
        (status = 422, description = "Bad address, name, language or topics", body = ErrorBody),
    ),
    security(("bearer" = [])))]
#[tracing::instrument(name = "api.subscribers.create", skip_all, fields(caller = %caller.token_name))]
pub async fn create(
    caller: ApiCaller,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    use crate::domain::{Lang, SubscriberEmail, SubscriberName};
    use crate::store::SignupRequest;
    use crate::topics::TopicChoice;
    let request: NewSubscriberRequest = serde_json::from_slice(&body)
        .map_err(|e| ApiError::BadRequest(format!("the body is not the JSON expected: {e}")))?;
    let email = SubscriberEmail::parse(&request.email).map_err(|e| ApiError::Invalid {
        field: "email",
        message: format!("{:?}: {e}", request.email),
    })?;
    let name = SubscriberName::parse(request.name.as_deref().unwrap_or_default()).map_err(|e| {
        ApiError::Invalid {
            field: "name",
            message: e.to_string(),
        }
    })?;
    let lang = match request.lang.as_deref() {
        None => Lang::Fr,
        Some(code) => Lang::from_code(code).ok_or_else(|| ApiError::Invalid {
            field: "lang",
            message: "lang is fr or en".into(),
        })?,
    };
    let topics = match &request.topics {
        None => TopicChoice::Every,
        Some(slugs) => TopicChoice::from_slugs(slugs).map_err(|e| ApiError::Invalid {
            field: "topics",
            message: e.to_string(),
        })?,
    };
    let signup = SignupRequest {
        email: email.clone(),
        name: name.clone(),
        lang,
        topics,
        compose: {
            let letters = state.confirmation_letters();
            let (email, name) = (email.clone(), name.clone());
            Box::new(move |id| letters.compose(&email, name.as_ref(), lang, id))
        },
    };
    let answer = state
        .signups
        .submit(signup)
        .await
        // The sign-up writer failed or stopped: ours, not the caller's.
        .map_err(ApiError::internal)?;
    state.outbox_wake.notify_one();
    if let Some((id, created_at)) = answer.new_reader {
        // Written just now by the writer: the row is what the request said.
        let reader = crate::store::Subscriber {
            id,
            email: email.as_str().to_owned(),
            name: name.map(|n| n.as_str().to_owned()),
            status: crate::store::SubscriberStatus::Pending,
            lang: lang.code().to_owned(),
            created_at,
            confirmation_sent_at: Some(created_at),
            confirmed_at: None,
            unsubscribed_at: None,
            hard_bounces: 0,
            suppressed: None,
            suppressed_at: None,
            topics,
            paused_until: None,
        };
        return Ok(HttpResponse::Created().json(Subscriber::from(reader)));
    }
    let reader = state
        .store
        .subscriber_by_email(&email)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("reader {}", email.as_str())))?;
    Ok(HttpResponse::Ok().json(Subscriber::from(reader)))
}
