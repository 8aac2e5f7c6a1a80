//! Test copies of an issue: rendered as readers will get it, marked `[TEST]`, queued in the
//! outbox so they leave through the same SMTP pool as everything else. Shared by the API, the
//! admin pages and the CLI.
use lettre::message::Mailbox;

use super::new_message_id;
use crate::digest::{Medium, render_issue};
use crate::domain::{Lang, SubscriberEmail};
use crate::store::{NewMessage, Store, StoreError};

/// At most this many addresses per test send: it is a proof, not a mailing.
pub const MAX_TEST_RECIPIENTS: usize = 10;

#[derive(Debug, thiserror::Error)]
pub enum TestCopyError {
    #[error("no issue {0}")]
    NoIssue(i64),
    #[error("send a test to 1 to {MAX_TEST_RECIPIENTS} addresses")]
    Recipients,
    #[error("the issue cannot be rendered: {0}")]
    Render(#[from] askama::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Queues one `[TEST]` copy of issue `issue_id` per recipient; returns how many.
#[tracing::instrument(
    name = "mail.queue_test_copies",
    skip(store, base_url, from, recipients)
)]
pub async fn queue_test_copies(
    store: &Store,
    base_url: &str,
    from: &Mailbox,
    issue_id: i64,
    recipients: &[SubscriberEmail],
    lang: Lang,
) -> Result<usize, TestCopyError> {
    if recipients.is_empty() || recipients.len() > MAX_TEST_RECIPIENTS {
        return Err(TestCopyError::Recipients);
    }
    let (issue, articles) = store
        .issue_with_articles(issue_id)
        .await?
        .ok_or(TestCopyError::NoIssue(issue_id))?;
    let base = base_url.trim_end_matches('/');
    let rendered = render_issue(&issue, &articles, base, lang, Medium::Email)?;
    // A test copy's unsubscribe link unsubscribes nobody: it opens the page that says so.
    let (html, text) = rendered.for_reader(None, &format!("{base}/unsubscribe?token=test"));
    let messages: Vec<NewMessage> = recipients
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
