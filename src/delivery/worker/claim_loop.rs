//! The worker's claim loop: starts due issues, keeps the senders' queue full of leased
//! deliveries and finishes issues when idle; apart from sending and recording, which it feeds.
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::{DeliveryWorker, Inner};
use crate::store::ClaimedDelivery;

impl DeliveryWorker {
    /// Starts due issues, claims deliveries into the queue, finishes issues when idle.
    pub(super) async fn claim_loop(
        &self,
        jobs: mpsc::Sender<ClaimedDelivery>,
        shutdown: &CancellationToken,
    ) {
        let Inner { store, config, .. } = &*self.inner;
        let mut last_start: Option<tokio::time::Instant> = None;
        while !shutdown.is_cancelled() {
            if last_start.is_none_or(|at| at.elapsed() >= config.sending.poll_interval) {
                last_start = Some(tokio::time::Instant::now());
                if let Err(error) = store.start_due_issues().await {
                    tracing::error!(%error, "cannot start due issues");
                }
            }
            let claimed = match store
                .claim_deliveries(config.sending.lease, config.sending.batch_size)
                .await
            {
                Ok(claimed) => claimed,
                Err(error) => {
                    tracing::error!(%error, "cannot claim deliveries");
                    Vec::new()
                }
            };
            if claimed.is_empty() {
                if let Err(error) = store.finish_issues().await {
                    tracing::error!(%error, "cannot mark finished issues sent");
                }
                tokio::select! {
                    _ = shutdown.cancelled() => break,
                    _ = self.inner.wake.notified() => {}
                    _ = tokio::time::sleep(config.sending.poll_interval) => {}
                }
                continue;
            }
            for job in claimed {
                // Waits while the senders are busy; what is claimed is always handed on (a
                // shutdown makes the senders release it).
                if jobs.send(job).await.is_err() {
                    return;
                }
            }
        }
    }
}
