use std::sync::Arc;
use std::time::SystemTime;

use lettre::Message;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Body, Mailbox, MultiPart};

use super::{DkimKeys, SendError};
use crate::store::OutboxMessage;

/// A fresh `Message-ID` on the sender's domain. It is stored with the message, so a retry
/// carries the same id and receivers can drop a duplicate.
pub fn new_message_id(from: &Mailbox) -> String {
    format!("<{}@{}>", uuid::Uuid::now_v7(), from.email.domain())
}

/// Everything one e-mail says, before it becomes MIME.
pub struct Letter<'a> {
    pub to: Mailbox,
    pub subject: &'a str,
    pub message_id: String,
    pub date: SystemTime,
    pub text: Body,
    pub html: Body,
    /// The reader's one-click unsubscribe URL (RFC 8058).
    pub list_unsubscribe: Option<&'a str>,
    /// Marks list mail (RFC 2919), so clients can filter and offer to unsubscribe.
    pub list_id: Option<&'a str>,
    /// Which copy this is, tagged for the providers whose webhooks are configured.
    pub copy: Option<crate::bounces::BounceTag>,
}

/// The providers whose tag header each message carries (those whose webhook is configured),
/// and the signer of the tag: each provider strips its own header, so none reaches readers.
#[derive(Clone)]
pub struct CopyTags {
    pub postmark: bool,
    pub mailgun: bool,
    pub sendgrid: bool,
    pub ses: bool,
    pub signer: crate::tokens::TokenSigner,
}

/// Turns letters into MIME messages from one sender, and messages into the bytes sent,
/// DKIM-signed when configured.
#[derive(Clone)]
pub struct Composer {
    from: Mailbox,
    dkim: Option<Arc<DkimKeys>>,
    tags: Option<CopyTags>,
}

impl Composer {
    pub fn new(from: Mailbox, dkim: Option<DkimKeys>) -> Self {
        Self {
            from,
            dkim: dkim.map(Arc::new),
            tags: None,
        }
    }

    /// Tags every message for these providers' webhooks (none when no webhook is set).
    pub fn with_copy_tags(mut self, tags: Option<CopyTags>) -> Self {
        self.tags = tags;
        self
    }

    pub fn from(&self) -> &Mailbox {
        &self.from
    }

    /// The `List-Id` of the newsletter: `Name <local.domain>` from the sender's address.
    pub fn list_id(&self) -> String {
        let name = self
            .from
            .name
            .as_deref()
            .unwrap_or("Caravan")
            .replace('"', "");
        format!(
            "\"{name}\" <{}.{}>",
            self.from.email.user(),
            self.from.email.domain()
        )
    }

    /// `multipart/alternative` with the text part first and the HTML part last, as clients
    /// show the last part they can; the list headers when given.
    pub fn compose(&self, letter: Letter<'_>) -> Result<Message, String> {
        let mut message = Message::builder()
            .from(self.from.clone())
            .to(letter.to)
            .subject(letter.subject)
            .message_id(Some(letter.message_id))
            .date(letter.date)
            .multipart(MultiPart::alternative_plain_html(letter.text, letter.html))
            .map_err(|e| format!("cannot build the message: {e}"))?;
        let headers = message.headers_mut();
        let mut raw = |name: &'static str, value: String| {
            headers.insert_raw(HeaderValue::new(
                HeaderName::new_from_ascii_str(name),
                value,
            ));
        };
        if let Some(list_id) = letter.list_id {
            raw("List-Id", list_id.to_owned());
        }
        if let (Some(tags), Some(copy)) = (&self.tags, letter.copy) {
            let token = crate::bounces::copy_token(&tags.signer, copy);
            let tag = crate::webhooks::COPY_TAG;
            if tags.postmark {
                raw("X-PM-Metadata-caravan-copy", token.clone());
            }
            if tags.mailgun {
                raw("X-Mailgun-Variables", format!(r#"{{"{tag}": "{token}"}}"#));
            }
            if tags.ses {
                raw("X-SES-MESSAGE-TAGS", format!("{tag}={token}"));
            }
            if tags.sendgrid {
                raw(
                    "X-SMTPAPI",
                    format!(r#"{{"unique_args": {{"{tag}": "{token}"}}}}"#),
                );
            }
        }
        if let Some(url) = letter.list_unsubscribe {
            raw("List-Unsubscribe", format!("<{url}>"));
            raw(
                "List-Unsubscribe-Post",
                "List-Unsubscribe=One-Click".to_owned(),
            );
        }
        Ok(message)
    }

    /// The bytes that go on the wire: the message as formatted, behind its DKIM signatures
    /// when configured. Signing (RSA: most of a message's cost) runs on the signing threads,
    /// one per core, so the async threads go on moving other messages meanwhile.
    pub async fn wire_bytes(&self, message: &Message) -> Result<Vec<u8>, SendError> {
        let formatted = message.formatted();
        let Some(dkim) = self.dkim.clone() else {
            return Ok(formatted);
        };
        let sign = move || {
            let mut signed = dkim.signatures(&formatted)?;
            signed.extend_from_slice(&formatted);
            Ok::<_, String>(signed)
        };
        let signed = super::signing::run(sign).await.and_then(|signed| signed);
        // Ours, not the reader's: retried like a transient failure, never a bounce.
        signed.map_err(SendError::transient)
    }

    /// The MIME message for an outbox row (a confirmation or a test send).
    pub fn outbox_message(&self, row: &OutboxMessage) -> Result<Message, String> {
        let to = row
            .recipient
            .parse()
            .map_err(|e| format!("bad recipient {:?}: {e}", row.recipient))?;
        self.compose(Letter {
            to,
            subject: &row.subject,
            message_id: row.message_id.clone(),
            date: row.created_at.into(),
            text: Body::new(row.body_text.clone()),
            html: Body::new(row.body_html.clone()),
            list_unsubscribe: row.list_unsubscribe.as_deref(),
            list_id: None,
            copy: Some(crate::bounces::BounceTag::Outbox { outbox_id: row.id }),
        })
    }
}
