//! Providers' webhooks (`POST /webhooks/{ses,postmark,mailgun,sendgrid}`): bounces, complaints
//! and deliveries a relay reports over HTTP instead of by mail, into the same ledger as the
//! bounce listener's. Each provider's file checks its signature and reads its events; this
//! one finds the copy each event is about (the tag Caravan put on the message, or its
//! `Message-ID`) and records it. A bad signature is a 401 and changes nothing; a provider
//! whose secret is not set has no route (404).
mod mailgun;
mod postmark;
mod sendgrid;
mod ses;
mod sns;

pub use sns::SnsVerifier;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use serde::Serialize;

use crate::bounces::{BounceTag, open_copy_token};
use crate::store::{BounceKind, NewBounceEvent, Recorded};
use crate::web::{AppState, ErrorDetail, current_request_id, log_failure};

/// The header (or metadata) name of the tag Caravan puts on each message for webhooks.
pub const COPY_TAG: &str = "caravan-copy";
/// Biggest body read: SendGrid posts events in batches of up to a few hundred.
const MAX_BODY: usize = 2 * 1024 * 1024;

/// One event as a provider reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderEvent {
    /// `None`: an event Caravan does not act on (opens, clicks, deferrals…).
    pub kind: Option<BounceKind>,
    pub status: Option<String>,
    pub diagnostic: Option<String>,
    /// The provider's id of the event: the same event posted twice counts once.
    pub event_id: String,
    /// The copy's tag, when the provider gives back Caravan's metadata.
    pub copy_token: Option<String>,
    /// The message's `Message-ID` as Caravan wrote it.
    pub message_id: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    #[error("no webhook of that name is configured here")]
    NotConfigured,
    #[error("the signature or credentials do not match: nothing was recorded")]
    BadSignature,
    #[error("{0}")]
    BadBody(String),
    #[error("the service could not record this; the provider may retry")]
    Internal(#[from] anyhow::Error),
}

impl ResponseError for WebhookError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::NotConfigured => StatusCode::NOT_FOUND,
            Self::BadSignature => StatusCode::UNAUTHORIZED,
            Self::BadBody(_) => StatusCode::BAD_REQUEST,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let code = match self {
            Self::NotConfigured => "not_found",
            Self::BadSignature => "unauthorized",
            Self::BadBody(_) => "bad_request",
            Self::Internal(_) => "internal",
        };
        let mut detail = ErrorDetail::new(code, &self.to_string());
        if let Self::Internal(error) = self {
            let request_id = current_request_id();
            log_failure("webhooks", &request_id, error);
            detail.request_id = Some(request_id);
        }
        detail.respond(self.status_code())
    }
}

/// What a post did.
#[derive(Debug, Default, Serialize)]
pub struct Received {
    pub recorded: usize,
    pub duplicates: usize,
    /// Events about no copy Caravan knows (or about a reader since erased).
    pub unmatched: usize,
    /// Events Caravan does not act on.
    pub ignored: usize,
}

pub fn routes(config: &mut web::ServiceConfig) {
    config.service(
        web::resource("/webhooks/{provider}")
            .wrap(actix_web::middleware::from_fn(
                crate::web::within_request_id,
            ))
            .app_data(web::PayloadConfig::new(MAX_BODY))
            .route(web::post().to(receive)),
    );
}

async fn receive(
    req: HttpRequest,
    provider: web::Path<String>,
    body: web::Bytes,
    state: web::Data<AppState>,
) -> Result<HttpResponse, WebhookError> {
    let settings = &state.webhooks;
    let (source, events) = match provider.as_str() {
        "postmark" => {
            let auth = settings
                .postmark_auth
                .as_ref()
                .ok_or(WebhookError::NotConfigured)?;
            postmark::verify(&req, auth)?;
            ("postmark", postmark::events(&body)?)
        }
        "mailgun" => {
            let key = settings
                .mailgun_key
                .as_ref()
                .ok_or(WebhookError::NotConfigured)?;
            ("mailgun", mailgun::events(&body, key, chrono::Utc::now())?)
        }
        "sendgrid" => {
            let key = settings
                .sendgrid_key
                .as_ref()
                .ok_or(WebhookError::NotConfigured)?;
            sendgrid::verify(&req, &body, key)?;
            ("sendgrid", sendgrid::events(&body)?)
        }
        "ses" => {
            let verifier = state.sns.as_ref().ok_or(WebhookError::NotConfigured)?;
            let envelope: sns::Envelope = serde_json::from_slice(&body).map_err(|e| {
                WebhookError::BadBody(format!("the body is not an SNS message: {e}"))
            })?;
            if !settings.ses_topics.contains(&envelope.topic_arn) {
                return Err(WebhookError::BadSignature);
            }
            verifier.verify(&envelope).await?;
            match envelope.kind.as_str() {
                "Notification" => ("ses", ses::events(&envelope)?),
                "SubscriptionConfirmation" => {
                    let url = envelope.subscribe_url.as_deref().unwrap_or_default();
                    verifier.confirm(url).await?;
                    tracing::info!(topic = %envelope.topic_arn, "SNS subscription confirmed");
                    return Ok(HttpResponse::Ok().json(Received::default()));
                }
                _ => return Ok(HttpResponse::Ok().json(Received::default())),
            }
        }
        _ => return Err(WebhookError::NotConfigured),
    };
    let received = record(&state, source, events).await?;
    Ok(HttpResponse::Ok().json(received))
}

/// Finds each event's copy and stores what is to be stored, in one transaction.
async fn record(
    state: &AppState,
    source: &'static str,
    events: Vec<ProviderEvent>,
) -> Result<Received, WebhookError> {
    let mut received = Received::default();
    let mut new_events = Vec::with_capacity(events.len());
    for event in events {
        let Some(kind) = event.kind else {
            received.ignored += 1;
            crate::metrics::count_bounce("ignored", source);
            continue;
        };
        let Some(tag) = copy_of(state, &event).await? else {
            received.unmatched += 1;
            crate::metrics::count_bounce("unrecognised", source);
            continue;
        };
        new_events.push(NewBounceEvent {
            tag,
            kind,
            status: event.status,
            diagnostic: event.diagnostic,
            source,
            dedupe_key: format!("{source}:{}", event.event_id),
            at: crate::store::now(),
        });
    }
    let recorded = state
        .store
        .record_bounce_events(&new_events)
        .await
        .map_err(|e| WebhookError::Internal(e.into()))?;
    for (event, outcome) in new_events.iter().zip(recorded) {
        match outcome {
            Recorded::New { .. } => {
                received.recorded += 1;
                crate::metrics::count_bounce(event.kind.as_str(), source);
            }
            Recorded::Duplicate => {
                received.duplicates += 1;
                crate::metrics::count_bounce("duplicate", source);
            }
            Recorded::Unknown => received.unmatched += 1,
        }
    }
    tracing::info!(
        source,
        recorded = received.recorded,
        duplicates = received.duplicates,
        unmatched = received.unmatched,
        ignored = received.ignored,
        "webhook received"
    );
    Ok(received)
}

async fn copy_of(
    state: &AppState,
    event: &ProviderEvent,
) -> Result<Option<BounceTag>, WebhookError> {
    if let Some(tag) = event
        .copy_token
        .as_deref()
        .and_then(|token| open_copy_token(&state.signer, token))
    {
        return Ok(Some(tag));
    }
    match &event.message_id {
        None => Ok(None),
        Some(id) => state
            .store
            .copy_of_message(id)
            .await
            .map_err(|e| WebhookError::Internal(e.into())),
    }
}

/// The kind a provider's hard/soft word gives, with the status code when it says more
/// (a "hard" 5.7.x policy refusal stays soft, as for DSNs).
fn failure_kind(permanent: bool, status: Option<&str>) -> BounceKind {
    match status {
        Some(code) if code.starts_with('4') || code.starts_with('5') => {
            crate::bounces::kind_of_failure(code)
        }
        _ if permanent => BounceKind::Hard,
        _ => BounceKind::Soft,
    }
}

/// A string field of a JSON object.
fn text(value: &serde_json::Value, key: &str) -> Option<String> {
    value
        .get(key)
        .and_then(|v| match v {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
        .filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_words_and_codes_give_the_kind() {
        assert_eq!(failure_kind(true, None), BounceKind::Hard);
        assert_eq!(failure_kind(true, Some("5.7.1")), BounceKind::Soft);
        assert_eq!(failure_kind(false, Some("5.1.1")), BounceKind::Hard);
        assert_eq!(failure_kind(false, None), BounceKind::Soft);
        assert_eq!(failure_kind(true, Some("")), BounceKind::Hard);
    }
}
