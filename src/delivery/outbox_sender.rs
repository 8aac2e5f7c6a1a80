//! The outbox sender: confirmations and test sends, queued as whole messages in `outbox`,
//! claimed in leased batches and sent through the shared [`Mailer`].
use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use super::retry::{AfterFailure, after_failure};
use crate::mail::Mailer;
use crate::store::{OutboxMessage, SendResult, Store, StoreError};

#[derive(Debug, Clone)]
pub struct SenderConfig {
    pub batch_size: i64,
    /// How long a claimed message stays reserved for this process.
    pub lease: chrono::Duration,
    /// A transient failure becomes final once a message has waited this long
    /// (`CARAVAN_SEND_GIVE_UP_AFTER`).
    pub give_up_after: chrono::Duration,
    /// How often to look for work queued by another process or due for a retry.
    pub poll_interval: Duration,
    pub concurrency: usize,
    /// The first retry's delay; each later one doubles it, up to an hour.
    pub retry_base: chrono::Duration,
}

impl SenderConfig {
    pub fn new(concurrency: u32) -> Self {
        Self {
            batch_size: 64,
            lease: chrono::Duration::minutes(5),
            give_up_after: chrono::Duration::days(3),
            poll_interval: Duration::from_secs(1),
            concurrency: concurrency.max(1) as usize,
            retry_base: chrono::Duration::seconds(30),
        }
    }
}

/// Drains the outbox: claims due messages, sends them, records each outcome.
#[derive(Clone)]
pub struct OutboxSender {
    store: Store,
    mailer: Mailer,
    config: SenderConfig,
    wake: Arc<Notify>,
}

impl OutboxSender {
    pub fn new(store: Store, mailer: Mailer, config: SenderConfig) -> Self {
        Self {
            store,
            mailer,
            config,
            wake: Arc::new(Notify::new()),
        }
    }

    /// Handed to the web handlers so a new message is sent at once rather than at the next poll.
    pub fn waker(&self) -> Arc<Notify> {
        self.wake.clone()
    }

    /// Sends one batch of due messages; returns how many were claimed (0: nothing was due).
    #[tracing::instrument(name = "outbox.deliver_batch", skip(self), fields(claimed))]
    pub async fn deliver_next_batch(&self) -> Result<usize, StoreError> {
        let batch = self
            .store
            .claim_outbox(self.config.lease, self.config.batch_size)
            .await?;
        tracing::Span::current().record("claimed", batch.len());
        if batch.is_empty() {
            return Ok(0);
        }
        let results: Vec<(i64, SendResult)> = futures_util::stream::iter(batch)
            .map(|row| async move { (row.id, self.send_one(&row).await) })
            .buffer_unordered(self.config.concurrency)
            .collect()
            .await;
        self.store.record_sends(&results).await?;
        for (_, result) in &results {
            let outcome = match result {
                SendResult::Sent => "sent",
                SendResult::RetryAt(..) => "retry",
                SendResult::Paused(..) => "paused",
                SendResult::Failed(_) => "failed",
            };
            crate::metrics::count(&crate::metrics::METRICS.outbox_sends, outcome);
        }
        Ok(results.len())
    }

    #[tracing::instrument(name = "outbox.send", skip_all, fields(outbox_id = row.id, kind = %row.kind))]
    async fn send_one(&self, row: &OutboxMessage) -> SendResult {
        let message = match self.mailer.composer.outbox_message(row) {
            Ok(message) => message,
            Err(error) => return SendResult::Failed(error),
        };
        let stem = format!("{}-{:06}", row.created_at.format("%Y%m%dT%H%M%S"), row.id);
        let bounce = crate::bounces::BounceTag::Outbox { outbox_id: row.id };
        match self.mailer.send(&message, &stem, bounce).await {
            Ok(_) => {
                tracing::info!("message sent");
                SendResult::Sent
            }
            Err(error) => {
                let config = &self.config;
                let lifetime = config.give_up_after;
                let since = row.created_at;
                match after_failure(&error, row.attempts, since, lifetime, config.retry_base) {
                    AfterFailure::RetryAt(at) => SendResult::RetryAt(at, error.message),
                    AfterFailure::Refused | AfterFailure::GaveUp => {
                        SendResult::Failed(error.message)
                    }
                    AfterFailure::Paused => SendResult::Paused(
                        crate::store::now() + chrono::Duration::seconds(5),
                        error.message,
                    ),
                }
            }
        }
    }

    /// Runs until `shutdown`: a batch in progress is finished before it returns.
    pub async fn run(self, shutdown: CancellationToken) {
        tracing::info!(
            files = self.mailer.transport.is_files(),
            "outbox sender started"
        );
        while !shutdown.is_cancelled() {
            let idle = match self.deliver_next_batch().await {
                Ok(claimed) => claimed == 0,
                Err(error) => {
                    tracing::error!(error = %error, "outbox sender cannot reach the database");
                    true
                }
            };
            if idle {
                tokio::select! {
                    _ = shutdown.cancelled() => break,
                    _ = self.wake.notified() => {}
                    _ = tokio::time::sleep(self.config.poll_interval) => {}
                }
            }
        }
        tracing::info!("outbox sender stopped");
    }
}
