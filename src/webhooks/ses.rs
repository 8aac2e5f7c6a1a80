//! Amazon SES's notifications (bounce, complaint, delivery), as SNS delivers them, both the
//! identity notifications (`notificationType`) and event publishing (`eventType`). The copy is
//! named by the tag Caravan put on the message (`X-SES-MESSAGE-TAGS: caravan-copy=…`, given
//! back in `mail.tags` or `mail.headers`) or by its `Message-ID` (`mail.headers`,
//! `mail.commonHeaders`).
use serde_json::Value;

use super::sns::Envelope;
use super::{COPY_TAG, ProviderEvent, WebhookError, failure_kind, text};
use crate::store::BounceKind;

/// The events of one SNS notification (one per SES recipient reported on).
pub fn events(envelope: &Envelope) -> Result<Vec<ProviderEvent>, WebhookError> {
    let notification: Value = serde_json::from_str(&envelope.message)
        .map_err(|e| WebhookError::BadBody(format!("the SNS Message is not SES's JSON: {e}")))?;
    let kind = text(&notification, "notificationType")
        .or_else(|| text(&notification, "eventType"))
        .ok_or_else(|| WebhookError::BadBody("neither notificationType nor eventType".into()))?;
    let mail = notification.get("mail").unwrap_or(&Value::Null);
    let copy_token = copy_token(mail);
    let message_id = message_id(mail);
    let event =
        |n: usize, kind, status: Option<String>, diagnostic: Option<String>| ProviderEvent {
            kind,
            status,
            diagnostic,
            event_id: format!("{}:{n}", envelope.message_id),
            copy_token: copy_token.clone(),
            message_id: message_id.clone(),
        };
    let recipients = |report: &str, list: &str| -> Vec<Value> {
        notification
            .get(report)
            .and_then(|r| r.get(list))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    Ok(match kind.as_str() {
        "Bounce" => {
            let bounce = notification.get("bounce").unwrap_or(&Value::Null);
            let permanent = text(bounce, "bounceType").as_deref() == Some("Permanent");
            recipients("bounce", "bouncedRecipients")
                .iter()
                .enumerate()
                .map(|(n, recipient)| {
                    let status = text(recipient, "status");
                    let kind = failure_kind(permanent, status.as_deref());
                    event(n, Some(kind), status, text(recipient, "diagnosticCode"))
                })
                .collect()
        }
        "Complaint" => {
            let feedback = notification
                .get("complaint")
                .and_then(|c| text(c, "complaintFeedbackType"))
                .unwrap_or_else(|| "abuse".into());
            let count = recipients("complaint", "complainedRecipients").len().max(1);
            (0..count)
                .map(|n| {
                    let diagnostic = Some(format!("{feedback} report from Amazon SES"));
                    event(n, Some(BounceKind::Complaint), None, diagnostic)
                })
                .collect()
        }
        "Delivery" => {
            let count = notification
                .get("delivery")
                .and_then(|d| d.get("recipients"))
                .and_then(Value::as_array)
                .map_or(1, |r| r.len().max(1));
            let response = notification
                .get("delivery")
                .and_then(|d| text(d, "smtpResponse"));
            (0..count)
                .map(|n| event(n, Some(BounceKind::Delivered), None, response.clone()))
                .collect()
        }
        _ => vec![event(0, None, None, None)],
    })
}

/// `mail.tags["caravan-copy"][0]`, or the tag header among `mail.headers`.
fn copy_token(mail: &Value) -> Option<String> {
    if let Some(token) = mail
        .get("tags")
        .and_then(|t| t.get(COPY_TAG))
        .and_then(Value::as_array)
        .and_then(|values| values.first())
        .and_then(Value::as_str)
    {
        return Some(token.to_owned());
    }
    header(mail, "X-SES-MESSAGE-TAGS").and_then(|tags| {
        tags.split(',').find_map(|pair| {
            let (name, value) = pair.split_once('=')?;
            (name.trim() == COPY_TAG).then(|| value.trim().to_owned())
        })
    })
}

fn message_id(mail: &Value) -> Option<String> {
    header(mail, "Message-ID")
        .or_else(|| mail.get("commonHeaders").and_then(|h| text(h, "messageId")))
}

/// A header of `mail.headers` (`[{"name", "value"}]`), by name in any case.
fn header(mail: &Value, name: &str) -> Option<String> {
    mail.get("headers")?.as_array()?.iter().find_map(|h| {
        let this = h.get("name")?.as_str()?;
        this.eq_ignore_ascii_case(name)
            .then(|| h.get("value")?.as_str().map(str::to_owned))
            .flatten()
    })
}
