//! `POST /api/v1/articles/{slug}/corrections`: publish a correction on an article (or, with
//! `dry_run`, only count the readers its letter would reach), as the admin and
//! `caravan articles correct` do.
use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::bodies::ErrorBody;
use super::{ApiCaller, ApiError};
use crate::corrections::{CorrectionError, Note, publish};
use crate::web::AppState;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrectionRequest {
    /// What was wrong and what is right: one paragraph, 1 to 1000 characters.
    note: String,
    /// Only count the readers; publish nothing.
    #[serde(default)]
    dry_run: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CorrectionOutcome {
    /// Readers the letter goes to: those who were sent the story, still subscribed, still
    /// following its topic.
    pub readers: usize,
    /// Absent for a dry run.
    pub correction_id: Option<i64>,
    /// The correction letter (an issue), absent when no reader is to get one.
    pub letter_issue_id: Option<i64>,
    /// When the letter goes out (an hour after its first correction).
    pub send_at: Option<DateTime<Utc>>,
    /// The correction joined a letter already waiting.
    pub merged: bool,
}

#[utoipa::path(post, path = "/api/v1/articles/{slug}/corrections", tag = "articles",
    params(("slug" = String, Path, description = "The article's slug", pattern = "^[a-z0-9-]+$")),
    request_body(content = CorrectionRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "Dry run: how many readers it would reach", body = CorrectionOutcome),
        (status = 201, description = "Published; the letter is queued", body = CorrectionOutcome),
        (status = 400, description = "The body is not the JSON expected", body = ErrorBody),
        (status = 401, description = "No live bearer token", body = ErrorBody),
        (status = 404, description = "No such article", body = ErrorBody),
        (status = 422, description = "The note is empty, too long or holds control characters", body = ErrorBody),
    ),
    security(("bearer" = [])))]
#[tracing::instrument(name = "api.articles.correct", skip_all, fields(caller = %caller.token_name))]
pub async fn correct(
    caller: ApiCaller,
    state: web::Data<AppState>,
    slug: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let request: CorrectionRequest = serde_json::from_slice(&body)
        .map_err(|e| ApiError::BadRequest(format!("the body is not the JSON expected: {e}")))?;
    let note = Note::parse(&request.note).map_err(|e| ApiError::Invalid {
        field: "note",
        message: e.to_string(),
    })?;
    let published = publish(
        &state.store,
        &state.articles_dir,
        &slug,
        &note,
        request.dry_run,
    )
    .await
    .map_err(|e| match e {
        CorrectionError::NoArticle(slug) => ApiError::NotFound(format!("article {slug:?}")),
        CorrectionError::Store(e) => e.into(),
        invalid => ApiError::Invalid {
            field: "note",
            message: invalid.to_string(),
        },
    })?;
    let recorded = published.recorded.clone();
    let outcome = CorrectionOutcome {
        readers: published.readers,
        correction_id: recorded.as_ref().map(|r| r.correction_id),
        letter_issue_id: recorded.as_ref().and_then(|r| r.letter_issue_id),
        send_at: recorded.as_ref().and_then(|r| r.send_at),
        merged: recorded.as_ref().is_some_and(|r| r.merged),
    };
    Ok(match recorded {
        Some(_) => HttpResponse::Created().json(outcome),
        None => HttpResponse::Ok().json(outcome),
    })
}
