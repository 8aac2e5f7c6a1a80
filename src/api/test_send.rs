//! `POST /api/v1/issues/{id}/test`: an issue as readers will get it, to a few editors first,
//! marked `[TEST]`, through the same outbox and SMTP pool as everything else.
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::bodies::ErrorBody;
use super::{ApiCaller, ApiError};
use crate::digest::{Medium, render_issue};
use crate::domain::{Lang, SubscriberEmail};
use crate::mail::new_message_id;
use crate::store::NewMessage;
use crate::web::AppState;

/// At most this many addresses per test send: it is a proof, not a mailing.
pub const MAX_TEST_RECIPIENTS: usize = 10;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TestSendRequest {
    /// 1 to 10 addresses.
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
    let recipients = recipients(&request.to)?;
    let lang = match request.lang.as_deref() {
        None => Lang::Fr,
        Some(code) => Lang::from_code(code).ok_or_else(|| ApiError::Invalid {
            field: "lang",
            message: "lang is fr or en".into(),
        })?,
    };
    let (issue, articles) = state
        .store
        .issue_with_articles(id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("issue {id}")))?;
    let base = state.base_url.as_str().trim_end_matches('/');
    let rendered = render_issue(&issue, &articles, base, lang, Medium::Email)
        .map_err(|e| ApiError::BadRequest(format!("the issue cannot be rendered: {e}")))?;
    // A test copy's unsubscribe link unsubscribes nobody: it opens the page that says so.
    let (html, text) = rendered.for_reader(None, &format!("{base}/unsubscribe?token=test"));
    let messages: Vec<NewMessage> = recipients
        .iter()
        .map(|to| NewMessage {
            message_id: new_message_id(&state.mail_from),
            kind: "test",
            subscriber_id: None,
            recipient: to.as_str().to_owned(),
            subject: format!("[TEST] {}", rendered.subject),
            body_text: text.clone(),
            body_html: html.clone(),
            list_unsubscribe: None,
        })
        .collect();
    let queued = messages.len();
    state.store.enqueue(messages).await?;
    state.outbox_wake.notify_one();
    Ok(HttpResponse::Accepted().json(TestSendQueued { queued }))
}

fn recipients(raw: &[String]) -> Result<Vec<SubscriberEmail>, ApiError> {
    if raw.is_empty() || raw.len() > MAX_TEST_RECIPIENTS {
        return Err(ApiError::Invalid {
            field: "to",
            message: format!("send a test to 1 to {MAX_TEST_RECIPIENTS} addresses"),
        });
    }
    raw.iter()
        .map(|address| {
            SubscriberEmail::parse(address).map_err(|e| ApiError::Invalid {
                field: "to",
                message: format!("{address:?}: {e}"),
            })
        })
        .collect()
}
