use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use rand::Rng;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use super::Mailer;
use crate::store::{OutboxMessage, SendResult, Store, StoreError};

#[derive(Debug, Clone)]
pub struct SenderConfig {
    pub batch_size: i64,
    /// How long a claimed message stays reserved for this process.
    pub lease: chrono::Duration,
    /// After this many attempts a transient failure becomes final.
    pub max_attempts: i32,
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
            max_attempts: 8,
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
                SendResult::Failed(_) => "failed",
            };
            crate::metrics::count(&crate::metrics::METRICS.outbox_sends, outcome);
        }
        Ok(results.len())
    }

    async fn send_one(&self, row: &OutboxMessage) -> SendResult {
        let message = match self.mailer.composer.outbox_message(row) {
            Ok(message) => message,
            Err(error) => return SendResult::Failed(error),
        };
        let stem = format!("{}-{:06}", row.created_at.format("%Y%m%dT%H%M%S"), row.id);
        match self.mailer.send(&message, &stem).await {
            Ok(()) => {
                tracing::info!(outbox_id = row.id, kind = %row.kind, "message sent");
                SendResult::Sent
            }
            Err(error) if error.transient && row.attempts < self.config.max_attempts => {
                tracing::warn!(outbox_id = row.id, attempts = row.attempts, %error, "send failed, will retry");
                let delay = retry_delay(self.config.retry_base, row.attempts);
                SendResult::RetryAt(crate::store::now() + delay, error.message)
            }
            Err(error) => {
                tracing::error!(outbox_id = row.id, attempts = row.attempts, %error, "send failed for good");
                SendResult::Failed(error.message)
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

/// Exponential backoff from `base`, capped at an hour, with ±20 % jitter so that messages
/// refused together do not all come back together.
pub(crate) fn retry_delay(base: chrono::Duration, attempts: i32) -> chrono::Duration {
    let exponent = attempts.clamp(1, 12) as u32 - 1;
    let millis = (base.num_milliseconds() << exponent).min(3_600_000) as f64;
    let jitter = rand::rng().random_range(0.8..1.2);
    chrono::Duration::milliseconds((millis * jitter) as i64)
}

#[cfg(test)]
mod tests {
    use super::retry_delay;
    use chrono::Duration;

    #[test]
    fn backoff_grows_and_is_capped() {
        let base = Duration::seconds(30);
        let first = retry_delay(base, 1).num_seconds();
        assert!((24..=36).contains(&first), "{first}");
        let third = retry_delay(base, 3).num_seconds();
        assert!((96..=144).contains(&third), "{third}");
        assert!(retry_delay(base, 20).num_seconds() <= 4320);
        assert_eq!(retry_delay(Duration::zero(), 5), Duration::zero());
    }
}
