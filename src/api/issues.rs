//! `/api/v1/issues`: list, show, progress, queue (now or at `send_at`), cancel.
use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::bodies::{ArticleRef, ErrorBody, IssueDetail, IssuePage, IssueRow, Progress};
use super::{ApiCaller, ApiError, Page};
use crate::issues::{CancelOutcome, QueueOutcome};
use crate::store::{IssueProgress, Store};
use crate::web::AppState;

/// `GET /api/v1/issues?limit=&cursor=`: newest first.
#[utoipa::path(get, path = "/api/v1/issues", tag = "issues",
    params(
        ("limit" = Option<i64>, Query, description = "1 to 100 (default 20)", minimum = 1, maximum = 100),
        ("cursor" = Option<String>, Query, description = "next_cursor of the previous page", pattern = "^[0-9]*$"),
    ),
    responses(
        (status = 200, description = "Issues, newest first", body = IssuePage),
        (status = 401, description = "No live bearer token", body = ErrorBody),
        (status = 422, description = "Bad limit or cursor", body = ErrorBody),
    ),
    security(("bearer" = [])))]
#[tracing::instrument(name = "api.issues.list", skip_all, fields(caller = %caller.token_name))]
pub async fn list(
    caller: ApiCaller,
    state: web::Data<AppState>,
    page: web::Query<Page>,
) -> Result<HttpResponse, ApiError> {
    let (before, limit) = page.bounds()?;
    let items: Vec<IssueRow> = state
        .store
        .issues_page(before, limit)
        .await?
        .into_iter()
        .map(IssueRow::from)
        .collect();
    let next_cursor = page.next_cursor(items.iter().map(|i| i.id), limit);
    Ok(HttpResponse::Ok().json(IssuePage { items, next_cursor }))
}

/// `GET /api/v1/issues/{id}`: the issue, the articles it carries in order, its progress.
#[utoipa::path(get, path = "/api/v1/issues/{id}", tag = "issues",
    params(("id" = i64, Path, description = "Issue id")),
    responses(
        (status = 200, description = "The issue", body = IssueDetail),
        (status = 401, description = "No live bearer token", body = ErrorBody),
        (status = 404, description = "No such issue", body = ErrorBody),
    ),
    security(("bearer" = [])))]
#[tracing::instrument(name = "api.issues.show", skip_all, fields(caller = %caller.token_name))]
pub async fn show(
    caller: ApiCaller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = issue_id(&id)?;
    Ok(HttpResponse::Ok().json(detail(&state.store, id).await?))
}

/// An issue, its articles in order, and its progress.
pub(super) async fn detail(store: &Store, id: i64) -> Result<IssueDetail, ApiError> {
    let (issue, articles) = store
        .issue_with_articles(id)
        .await?
        .ok_or_else(|| not_found(id))?;
    let progress = found_progress(store, id).await?;
    Ok(IssueDetail {
        issue: issue.into(),
        articles: articles.iter().map(ArticleRef::from).collect(),
        progress: Progress::from(&progress),
    })
}

/// `GET /api/v1/issues/{id}/progress`: counts, times and messages per second.
#[utoipa::path(get, path = "/api/v1/issues/{id}/progress", tag = "issues",
    params(("id" = i64, Path, description = "Issue id")),
    responses(
        (status = 200, description = "Its sending progress", body = Progress),
        (status = 401, description = "No live bearer token", body = ErrorBody),
        (status = 404, description = "No such issue", body = ErrorBody),
    ),
    security(("bearer" = [])))]
#[tracing::instrument(name = "api.issues.progress", skip_all, fields(caller = %caller.token_name))]
pub async fn progress(
    caller: ApiCaller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = issue_id(&id)?;
    let progress = found_progress(&state.store, id).await?;
    Ok(HttpResponse::Ok().json(Progress::from(&progress)))
}

/// The body of a queue request; none at all means now.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QueueRequest {
    /// RFC 3339, e.g. 2026-11-30T08:00:00+05:00; not in the past.
    send_at: Option<String>,
}

/// `POST /api/v1/issues/{id}/queue` with an optional `{"send_at": RFC 3339}`: a draft is
/// queued (409 when it is not a draft: queuing twice sends once).
#[utoipa::path(post, path = "/api/v1/issues/{id}/queue", tag = "issues",
    params(("id" = i64, Path, description = "Issue id")),
    request_body(content = Option<QueueRequest>, description = "Optional: when to send", content_type = "application/json"),
    responses(
        (status = 200, description = "Queued", body = Progress),
        (status = 400, description = "The body is not the JSON expected", body = ErrorBody),
        (status = 401, description = "No live bearer token", body = ErrorBody),
        (status = 404, description = "No such issue", body = ErrorBody),
        (status = 409, description = "Not a draft (queuing twice sends once)", body = ErrorBody),
        (status = 422, description = "send_at not RFC 3339, or in the past", body = ErrorBody),
    ),
    security(("bearer" = [])))]
#[tracing::instrument(name = "api.issues.queue", skip_all, fields(caller = %caller.token_name))]
pub async fn queue(
    caller: ApiCaller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let id = issue_id(&id)?;
    let request: QueueRequest = if body.iter().all(u8::is_ascii_whitespace) {
        QueueRequest::default()
    } else {
        serde_json::from_slice(&body)
            .map_err(|e| ApiError::BadRequest(format!("the body is not the JSON expected: {e}")))?
    };
    let send_at = match request.send_at.as_deref() {
        None => None,
        Some(raw) => Some(parse_send_at(raw, Utc::now())?),
    };
    match crate::issues::queue(&state.store, id, send_at).await? {
        QueueOutcome::Queued => {
            let progress = found_progress(&state.store, id).await?;
            Ok(HttpResponse::Ok().json(Progress::from(&progress)))
        }
        QueueOutcome::AlreadyQueued(status) | QueueOutcome::Finished(status) => {
            Err(ApiError::Conflict(format!(
                "issue {id} is {status}: only a draft can be queued"
            )))
        }
        QueueOutcome::Unknown => Err(not_found(id)),
    }
}

/// `POST /api/v1/issues/{id}/cancel`: what has not gone out yet never will.
#[utoipa::path(post, path = "/api/v1/issues/{id}/cancel", tag = "issues",
    params(("id" = i64, Path, description = "Issue id")),
    responses(
        (status = 200, description = "Cancelled", body = Progress),
        (status = 401, description = "No live bearer token", body = ErrorBody),
        (status = 404, description = "No such issue", body = ErrorBody),
        (status = 409, description = "Already sent or cancelled", body = ErrorBody),
    ),
    security(("bearer" = [])))]
#[tracing::instrument(name = "api.issues.cancel", skip_all, fields(caller = %caller.token_name))]
pub async fn cancel(
    caller: ApiCaller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = issue_id(&id)?;
    match crate::issues::cancel(&state.store, id).await? {
        CancelOutcome::Cancelled { .. } => {
            let progress = found_progress(&state.store, id).await?;
            Ok(HttpResponse::Ok().json(Progress::from(&progress)))
        }
        CancelOutcome::Finished(status) => Err(ApiError::Conflict(format!(
            "issue {id} is already {status}: nothing to cancel"
        ))),
        CancelOutcome::Unknown => Err(not_found(id)),
    }
}

/// A `send_at` that is RFC 3339 and not in the past (a minute of clock skew is forgiven).
fn parse_send_at(raw: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, ApiError> {
    let at = DateTime::parse_from_rfc3339(raw)
        .map_err(|_| ApiError::Invalid {
            field: "send_at",
            message: format!("{raw:?} is not an RFC 3339 time such as 2026-11-30T08:00:00+05:00"),
        })?
        .with_timezone(&Utc);
    if at < now - chrono::Duration::minutes(1) {
        return Err(ApiError::Invalid {
            field: "send_at",
            message: format!("{raw} is in the past"),
        });
    }
    Ok(at)
}

pub(super) fn issue_id(raw: &str) -> Result<i64, ApiError> {
    raw.parse()
        .map_err(|_| ApiError::NotFound(format!("issue {raw:?}")))
}

pub(super) fn not_found(id: i64) -> ApiError {
    ApiError::NotFound(format!("issue {id}"))
}

pub(super) async fn found_progress(store: &Store, id: i64) -> Result<IssueProgress, ApiError> {
    store.issue_progress(id).await?.ok_or_else(|| not_found(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn send_at_must_be_rfc3339_and_not_past() {
        let now = Utc::now();
        assert!(parse_send_at("2099-01-05T08:00:00+05:00", now).is_ok());
        for bad in ["next monday", "2026-11-30 08:00", "2000-01-01T00:00:00Z"] {
            match parse_send_at(bad, now) {
                Err(ApiError::Invalid { field, .. }) => assert_eq!(field, "send_at"),
                other => panic!("{bad}: {other:?}"),
            }
        }
    }
}
