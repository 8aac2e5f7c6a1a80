//! Queuing and cancelling an issue.
use chrono::{DateTime, Utc};

use crate::store::{CancelOutcome, IssueStatus, Store, StoreError};

/// What asking to queue an issue did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueOutcome {
    /// It was a draft: the workers send it at the time asked (now when none).
    Queued,
    /// Queued or sending already (a second click, another editor): nothing changed, so
    /// queuing twice sends once.
    AlreadyQueued(IssueStatus),
    /// Sent or cancelled: it will not go out again.
    Finished(IssueStatus),
    Unknown,
}

/// Queues draft `id` for `send_at` (now when `None`), or says why not.
#[tracing::instrument(name = "issues.queue", skip(store))]
pub async fn queue(
    store: &Store,
    id: i64,
    send_at: Option<DateTime<Utc>>,
) -> Result<QueueOutcome, StoreError> {
    if store.queue_issue(id, send_at).await? {
        tracing::info!(issue_id = id, ?send_at, "issue queued");
        return Ok(QueueOutcome::Queued);
    }
    Ok(match store.issue_status(id).await? {
        None => QueueOutcome::Unknown,
        Some(status) if status.is_over() => QueueOutcome::Finished(status),
        Some(status) => QueueOutcome::AlreadyQueued(status),
    })
}

/// Cancels issue `id`: what has not gone out yet never will.
#[tracing::instrument(name = "issues.cancel", skip(store))]
pub async fn cancel(store: &Store, id: i64) -> Result<CancelOutcome, StoreError> {
    let outcome = store.cancel_issue(id).await?;
    if let CancelOutcome::Cancelled { skipped } = outcome {
        tracing::info!(issue_id = id, skipped, "issue cancelled");
    }
    Ok(outcome)
}
