//! The worker's recorder: writes outcomes in groups (every `flush_every` or every batch) and
//! counts them; apart so that the senders never wait on the database one by one.
use std::time::Duration;

use tokio::sync::mpsc;

use super::{DeliveryWorker, Inner};
use crate::store::{ClaimedDelivery, DeliveryResult, Store, StoreError};

impl DeliveryWorker {
    /// Records outcomes at most `flush_every` after the first one waiting, or as soon as a
    /// batch's worth is waiting. While the database cannot be written, the senders wait.
    pub(super) async fn record(
        self,
        mut results: mpsc::Receiver<(ClaimedDelivery, DeliveryResult)>,
    ) {
        let Inner { store, config, .. } = &*self.inner;
        let limit = config.sending.batch_size.max(1) as usize;
        let mut pending = Vec::with_capacity(limit);
        let mut deadline = tokio::time::Instant::now();
        loop {
            let closed = tokio::select! {
                received = results.recv() => match received {
                    Some(outcome) => {
                        if pending.is_empty() {
                            deadline = tokio::time::Instant::now() + config.flush_every;
                        }
                        pending.push(outcome);
                        if pending.len() < limit {
                            continue;
                        }
                        false
                    }
                    None => true,
                },
                _ = tokio::time::sleep_until(deadline), if !pending.is_empty() => false,
            };
            let mut failures = 0;
            while let Err(error) = flush(store, &mut pending).await {
                // Kept and tried again: dropping them would send them twice after the lease.
                tracing::error!(%error, waiting = pending.len(), "cannot record deliveries");
                failures += 1;
                if closed && failures >= 20 {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            // The claimer may be idle, waiting to see the issue finished.
            self.inner.wake.notify_one();
            if closed {
                return;
            }
        }
    }
}

async fn flush(
    store: &Store,
    pending: &mut Vec<(ClaimedDelivery, DeliveryResult)>,
) -> Result<(), StoreError> {
    store.record_deliveries(pending).await?;
    for (_, result) in pending.iter() {
        let outcome = match result {
            DeliveryResult::Sent => "sent",
            DeliveryResult::Retry(..) => "retry",
            DeliveryResult::Bounced(_) => "bounced",
            DeliveryResult::Failed(_) => "failed",
            DeliveryResult::Skipped(_) => "skipped",
            DeliveryResult::Released => "released",
        };
        crate::metrics::count(&crate::metrics::METRICS.deliveries, outcome);
    }
    pending.clear();
    Ok(())
}
