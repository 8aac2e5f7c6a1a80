//! SendGrid's signed event webhook: each post is signed with ECDSA P-256 over the timestamp
//! header and the raw body, checked with the verification key SendGrid shows (ring). Events
//! come in batches; the copy is named by the unique argument Caravan put on the message
//! (`X-SMTPAPI`) or by `smtp-id`, the message's `Message-ID`.
use actix_web::HttpRequest;
use base64::Engine;
use ring::signature::{ECDSA_P256_SHA256_ASN1, UnparsedPublicKey};

use super::{COPY_TAG, ProviderEvent, WebhookError, failure_kind, text};
use crate::store::BounceKind;

const SIGNATURE: &str = "X-Twilio-Email-Event-Webhook-Signature";
const TIMESTAMP: &str = "X-Twilio-Email-Event-Webhook-Timestamp";

/// The signature of `timestamp + body` verifies with the configured key (`point`).
pub fn verify(req: &HttpRequest, body: &[u8], point: &[u8]) -> Result<(), WebhookError> {
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .ok_or(WebhookError::BadSignature)
    };
    let signature = base64::engine::general_purpose::STANDARD
        .decode(header(SIGNATURE)?)
        .map_err(|_| WebhookError::BadSignature)?;
    let mut signed = header(TIMESTAMP)?.as_bytes().to_vec();
    signed.extend_from_slice(body);
    UnparsedPublicKey::new(&ECDSA_P256_SHA256_ASN1, point)
        .verify(&signed, &signature)
        .map_err(|_| WebhookError::BadSignature)
}

/// Every event of the batch.
pub fn events(body: &[u8]) -> Result<Vec<ProviderEvent>, WebhookError> {
    let batch: Vec<serde_json::Value> = serde_json::from_slice(body).map_err(|e| {
        WebhookError::BadBody(format!(
            "the body is not SendGrid's JSON array of events: {e}"
        ))
    })?;
    batch
        .iter()
        .map(|event| {
            let status = text(event, "status");
            let kind = match text(event, "event").as_deref() {
                Some("bounce") => {
                    let blocked = text(event, "type").as_deref() == Some("blocked");
                    Some(if blocked {
                        BounceKind::Soft
                    } else {
                        failure_kind(true, status.as_deref())
                    })
                }
                Some("spamreport") => Some(BounceKind::Complaint),
                Some("delivered") => Some(BounceKind::Delivered),
                _ => None,
            };
            let event_id = text(event, "sg_event_id")
                .ok_or_else(|| WebhookError::BadBody("an event has no sg_event_id".into()))?;
            Ok(ProviderEvent {
                kind,
                status,
                diagnostic: text(event, "reason"),
                event_id,
                copy_token: text(event, COPY_TAG),
                message_id: text(event, "smtp-id"),
            })
        })
        .collect()
}
