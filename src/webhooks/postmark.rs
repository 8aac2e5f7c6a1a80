//! Postmark's webhooks (bounce, spam complaint, delivery), authenticated with the basic-auth
//! credentials set in the webhook's URL. Postmark gives back the metadata Caravan put on the
//! message (`X-PM-Metadata-caravan-copy`), which names the copy.
use actix_web::HttpRequest;
use base64::Engine;
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

use super::{COPY_TAG, ProviderEvent, WebhookError, failure_kind, text};
use crate::store::BounceKind;

/// The request carries `Authorization: Basic` with exactly the configured `user:password`.
pub fn verify(req: &HttpRequest, expected: &SecretString) -> Result<(), WebhookError> {
    let given = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b64| {
            base64::engine::general_purpose::STANDARD
                .decode(b64.trim())
                .ok()
        })
        .ok_or(WebhookError::BadSignature)?;
    // Digests compared, so the time taken says nothing about how much of it matched.
    let matches = Sha256::digest(&given) == Sha256::digest(expected.expose_secret().as_bytes());
    matches.then_some(()).ok_or(WebhookError::BadSignature)
}

/// One post is one record.
pub fn events(body: &[u8]) -> Result<Vec<ProviderEvent>, WebhookError> {
    let record: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| WebhookError::BadBody(format!("the body is not Postmark's JSON: {e}")))?;
    let record_type = text(&record, "RecordType")
        .ok_or_else(|| WebhookError::BadBody("RecordType is missing".into()))?;
    let details = text(&record, "Details");
    let status = details.as_deref().and_then(crate::bounces::failure_code_in);
    let kind = match record_type.as_str() {
        "Bounce" => match text(&record, "Type").as_deref() {
            Some("HardBounce" | "BadEmailAddress") => Some(failure_kind(true, status.as_deref())),
            Some("SoftBounce" | "Transient" | "DnsError" | "Blocked" | "DMARCPolicy") => {
                Some(BounceKind::Soft)
            }
            Some("SpamComplaint") => Some(BounceKind::Complaint),
            _ => None,
        },
        "SpamComplaint" => Some(BounceKind::Complaint),
        "Delivery" => Some(BounceKind::Delivered),
        _ => None,
    };
    let event_id = text(&record, "ID")
        .map(|id| format!("{record_type}:{id}"))
        .or_else(|| {
            let message = text(&record, "MessageID")?;
            Some(format!("{record_type}:{message}"))
        })
        .ok_or_else(|| WebhookError::BadBody("neither ID nor MessageID is given".into()))?;
    let diagnostic = [text(&record, "Description"), details]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    Ok(vec![ProviderEvent {
        kind,
        status,
        diagnostic: (!diagnostic.is_empty()).then_some(diagnostic),
        event_id,
        copy_token: record.get("Metadata").and_then(|m| text(m, COPY_TAG)),
        message_id: None,
    }])
}
