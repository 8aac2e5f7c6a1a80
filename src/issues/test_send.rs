//! Test copies of an issue: rendered as readers will get it, marked `[TEST]`, queued in the
//! outbox so they leave through the same SMTP pool as everything else. Shared by the API, the
//! admin pages and the CLI.
use lettre::message::Mailbox;

use crate::clicks::StoryLinks;
use crate::digest::{Medium, ReaderSlots, render_issue};
use crate::domain::{EmailError, Lang, SubscriberEmail};
use crate::mail::new_message_id;
use crate::store::{NewMessage, Store, StoreError};

/// At most this many addresses per test send: it is a proof, not a mailing.
pub const MAX_TEST_RECIPIENTS: usize = 10;

/// Why a list of test addresses was refused.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum RecipientsError {
    #[error("send a test to 1 to {MAX_TEST_RECIPIENTS} addresses")]
    Count,
    #[error("{address:?}: {why}")]
    Address { address: String, why: EmailError },
}

/// The addresses of a test send, checked: 1 to [`MAX_TEST_RECIPIENTS`] valid addresses. The
/// one check every surface goes through (the type is the proof it was made).
#[derive(Debug, Clone)]
pub struct TestRecipients(Vec<SubscriberEmail>);

impl TestRecipients {
    pub fn parse<S: AsRef<str>>(raw: &[S]) -> Result<Self, RecipientsError> {
        if raw.is_empty() || raw.len() > MAX_TEST_RECIPIENTS {
            return Err(RecipientsError::Count);
        }
        raw.iter()
            .map(|address| {
                let address = address.as_ref();
                SubscriberEmail::parse(address).map_err(|why| RecipientsError::Address {
                    address: address.to_owned(),
                    why,
                })
            })
            .collect::<Result<_, _>>()
            .map(Self)
    }

    pub fn addresses(&self) -> &[SubscriberEmail] {
        &self.0
    }
}

#[derive(Debug, thiserror::Error)]
pub enum TestCopyError {
    #[error("no issue {0}")]
    NoIssue(i64),
    #[error("the issue cannot be rendered: {0}")]
    Render(#[from] askama::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Queues one `[TEST]` copy of issue `issue_id` per recipient; returns how many.
#[tracing::instrument(
    name = "issues.queue_test_copies",
    skip(store, base_url, from, recipients)
)]
pub async fn queue_test_copies(
    store: &Store,
    base_url: &str,
    links: StoryLinks,
    from: &Mailbox,
    issue_id: i64,
    recipients: &TestRecipients,
    lang: Lang,
) -> Result<usize, TestCopyError> {
    let (issue, articles) = store
        .issue_with_articles(issue_id)
        .await?
        .ok_or(TestCopyError::NoIssue(issue_id))?;
    let base = base_url.trim_end_matches('/');
    let rendered = render_issue(&issue, &articles, base, lang, Medium::Email(links))?;
    // A test copy's unsubscribe link unsubscribes nobody: it opens the page that says so.
    // Its preference link opens the page that asks for an address: a test copy is nobody's.
    let (html, text) = rendered.for_reader(&ReaderSlots {
        name: None,
        unsubscribe_url: &format!("{base}/unsubscribe?token=test"),
        preferences_url: &format!("{base}/preferences?lang={}", lang.code()),
    });
    let messages: Vec<NewMessage> = recipients
        .addresses()
        .iter()
        .map(|to| NewMessage {
            message_id: new_message_id(from),
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
    store.enqueue(messages).await?;
    Ok(queued)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_addresses_are_one_to_ten_valid_ones() {
        assert_eq!(
            TestRecipients::parse::<&str>(&[]).unwrap_err(),
            RecipientsError::Count
        );
        let eleven: Vec<String> = (0..11).map(|n| format!("e{n}@example.kz")).collect();
        assert_eq!(
            TestRecipients::parse(&eleven).unwrap_err(),
            RecipientsError::Count
        );
        let bad = TestRecipients::parse(&["ok@example.kz", "not-an-address"]).unwrap_err();
        assert!(bad.to_string().starts_with("\"not-an-address\": "), "{bad}");
        let ok = TestRecipients::parse(&["Editor@Example.KZ"]).unwrap();
        assert_eq!(ok.addresses().len(), 1);
    }
}
