//! From a queued issue to the readers' inboxes: fan-out of due issues into deliveries, the
//! worker that claims, sends and records them, the issue encoded once per language, and the
//! outbox sender for single messages (confirmations, test sends). Both senders decide what a
//! failure becomes with one rule (`retry`). The transport they send through is `mail/`.
mod outbox_sender;
mod prepared_issue;
mod retry;
mod worker;

pub use outbox_sender::{OutboxSender, SenderConfig};
pub use prepared_issue::PreparedIssue;
pub use retry::{AfterFailure, after_failure, retry_delay};
pub use worker::{BatchCounts, BatchOutcome, DeliveryConfig, DeliveryWorker};
