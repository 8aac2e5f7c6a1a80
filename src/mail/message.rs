use lettre::Message;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};

use crate::store::OutboxMessage;

/// A fresh `Message-ID` on the sender's domain. It is stored with the message, so a retry
/// carries the same id and receivers can drop a duplicate.
pub fn new_message_id(from: &Mailbox) -> String {
    format!("<{}@{}>", uuid::Uuid::now_v7(), from.email.domain())
}

/// The MIME message for an outbox row: `multipart/alternative` (text first, then HTML, as
/// clients pick the last part they can show), with the one-click unsubscribe headers of
/// RFC 8058 when the row has an unsubscribe link.
pub fn build_message(from: &Mailbox, row: &OutboxMessage) -> Result<Message, String> {
    let to: Mailbox = row
        .recipient
        .parse()
        .map_err(|e| format!("bad recipient {:?}: {e}", row.recipient))?;
    let mut message = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(row.subject.clone())
        .message_id(Some(row.message_id.clone()))
        .date(row.created_at.into())
        .multipart(MultiPart::alternative_plain_html(
            row.body_text.clone(),
            row.body_html.clone(),
        ))
        .map_err(|e| format!("cannot build the message: {e}"))?;
    if let Some(url) = &row.list_unsubscribe {
        let headers = message.headers_mut();
        headers.insert_raw(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe"),
            format!("<{url}>"),
        ));
        headers.insert_raw(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
            "List-Unsubscribe=One-Click".to_owned(),
        ));
    }
    Ok(message)
}
