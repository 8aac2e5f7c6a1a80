//! Mailgun's webhooks: each post is signed with the account's webhook signing key (HMAC-SHA256
//! of the timestamp and a random token); a signature older than a quarter of an hour is
//! refused, so a captured post cannot be replayed later. The copy is named by the variables
//! Caravan put on the message (`X-Mailgun-Variables`) or by its `Message-ID`.
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;

use super::{COPY_TAG, ProviderEvent, WebhookError, failure_kind, text};
use crate::store::BounceKind;

/// How far a signature's timestamp may be from now.
const FRESH_SECONDS: i64 = 15 * 60;

/// Checks the signature in the body, then reads its one event.
pub fn events(
    body: &[u8],
    key: &SecretString,
    now: DateTime<Utc>,
) -> Result<Vec<ProviderEvent>, WebhookError> {
    let post: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| WebhookError::BadBody(format!("the body is not Mailgun's JSON: {e}")))?;
    let signature = post.get("signature").ok_or(WebhookError::BadSignature)?;
    let (Some(timestamp), Some(token), Some(given)) = (
        text(signature, "timestamp"),
        text(signature, "token"),
        text(signature, "signature"),
    ) else {
        return Err(WebhookError::BadSignature);
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(key.expose_secret().as_bytes())
        .expect("HMAC takes keys of any length");
    mac.update(timestamp.as_bytes());
    mac.update(token.as_bytes());
    let given: Vec<u8> = (0..given.len() / 2)
        .filter_map(|i| u8::from_str_radix(given.get(i * 2..i * 2 + 2)?, 16).ok())
        .collect();
    mac.verify_slice(&given)
        .map_err(|_| WebhookError::BadSignature)?;
    let fresh = timestamp
        .parse::<i64>()
        .is_ok_and(|t| (now.timestamp() - t).abs() <= FRESH_SECONDS);
    if !fresh {
        return Err(WebhookError::BadSignature);
    }
    let data = post
        .get("event-data")
        .ok_or_else(|| WebhookError::BadBody("event-data is missing".into()))?;
    let delivery = data.get("delivery-status");
    let status = delivery
        .and_then(|d| text(d, "enhanced-code"))
        .or_else(|| delivery.and_then(|d| text(d, "code")));
    let kind = match text(data, "event").as_deref() {
        Some("failed") => {
            let permanent = text(data, "severity").as_deref() == Some("permanent");
            Some(failure_kind(permanent, status.as_deref()))
        }
        Some("complained") => Some(BounceKind::Complaint),
        Some("delivered") => Some(BounceKind::Delivered),
        _ => None,
    };
    let diagnostic = delivery.and_then(|d| text(d, "description").or_else(|| text(d, "message")));
    let event_id =
        text(data, "id").ok_or_else(|| WebhookError::BadBody("event-data.id is missing".into()))?;
    Ok(vec![ProviderEvent {
        kind,
        status,
        diagnostic,
        event_id,
        copy_token: data.get("user-variables").and_then(|v| text(v, COPY_TAG)),
        message_id: data
            .get("message")
            .and_then(|m| m.get("headers"))
            .and_then(|h| text(h, "message-id")),
    }])
}
