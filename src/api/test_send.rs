//! `POST /api/v1/issues/{id}/test`: an issue as readers will get it, to a few editors first,
//! marked `[TEST]`, through the same outbox and SMTP pool as everything else.
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::bodies::ErrorBody;
use super::{ApiCaller, ApiError};
use crate::domain::Lang;
use crate::issues::{TestCopyError, TestRecipients};
use crate::web::AppState;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TestSendRequest {
    /// 1 to 10 addresses.
    #[schema(min_items = 1, max_items = 10)]
    to: Vec<String>,
    /// fr (default) or en.
    lang: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TestSendQueued {
    /// Messages queued in the outbox, one per address.
    pub queued: usize,
}

#[utoipa::path(post, path = "/api/v1/issues/{id}/test", tag = "issues",
    params(("id" = i64, Path, description = "Issue id")),
    request_body(content = TestSendRequest, content_type = "application/json"),
    responses(
        (status = 202, description = "Queued: one `[TEST]` copy per address", body = TestSendQueued),
        (status = 400, description = "The body is not the JSON expected", body = ErrorBody),
        (status = 401, description = "No live bearer token", body = ErrorBody),
        (status = 404, description = "No such issue", body = ErrorBody),
        (status = 422, description = "No address, too many, or one that is not valid", body = ErrorBody),
    ),
    security(("bearer" = [])))]
#[tracing::instrument(name = "api.issues.test_send", skip_all, fields(caller = %caller.token_name))]
pub async fn test_send(
    caller: ApiCaller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::NotFound(format!("issue {:?}", id.as_str())))?;
    let request: TestSendRequest = serde_json::from_slice(&body)
        .map_err(|e| ApiError::BadRequest(format!("the body is not the JSON expected: {e}")))?;
    let recipients = TestRecipients::parse(&request.to).map_err(|why| ApiError::Invalid {
        field: "to",
        message: why.to_string(),
    })?;
    let lang = match request.lang.as_deref() {
        None => Lang::Fr,
        Some(code) => Lang::from_code(code).ok_or_else(|| ApiError::Invalid {
            field: "lang",
            message: "lang is fr or en".into(),
        })?,
    };
    let queued = crate::issues::queue_test_copies(
        &state.store,
        state.base_url.as_str(),
        state.click_counts,
        &state.mail_from,
        id,
        &recipients,
        lang,
    )
    .await
    .map_err(|e| match e {
        TestCopyError::NoIssue(id) => ApiError::NotFound(format!("issue {id}")),
        // The issue does not render, the outbox refuses…: ours, not the caller's.
        ours => ApiError::internal(ours),
    })?;
    state.outbox_wake.notify_one();
    Ok(HttpResponse::Accepted().json(TestSendQueued { queued }))
}
