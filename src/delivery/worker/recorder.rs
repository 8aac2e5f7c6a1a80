//! Writing a batch's outcomes: one statement for a group, retried while the database refuses,
//! and counted for `/metrics`; apart so that the batch loop reads as send-then-record.
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use super::DeliveryWorker;
use crate::store::{ClaimedDelivery, DeliveryResult};

impl DeliveryWorker {
    /// Records `pending` and empties it. While the database cannot be written, it keeps them
    /// and tries again (dropping them would send them twice after the lease); after a shutdown
    /// it gives up within ten seconds and leaves them to their leases.
    pub(super) async fn record(
        &self,
        pending: &mut Vec<(ClaimedDelivery, DeliveryResult)>,
        shutdown: &CancellationToken,
    ) {
        if pending.is_empty() {
            return;
        }
        let mut failures = 0;
        while let Err(error) = self.inner.store.record_deliveries(pending).await {
            tracing::error!(%error, waiting = pending.len(), "cannot record deliveries");
            failures += 1;
            if shutdown.is_cancelled() && failures >= 20 {
                pending.clear();
                return;
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        for (_, result) in pending.iter() {
            let outcome = match result {
                DeliveryResult::Sent(_) => "sent",
                DeliveryResult::Retry(..) => "retry",
                DeliveryResult::Bounced(_) => "bounced",
                DeliveryResult::Failed(_) => "failed",
                DeliveryResult::Skipped(_) => "skipped",
                DeliveryResult::Released => "released",
                DeliveryResult::Paused(_) => "paused",
            };
            crate::metrics::count(&crate::metrics::METRICS.deliveries, outcome);
        }
        pending.clear();
    }
}
