//! The hourly sweep of what Caravan no longer keeps (`CARAVAN_PENDING_DAYS`,
//! `CARAVAN_OUTBOX_KEEP_DAYS`, the hourly confirmation counts, kept a week). It runs in every process that
//! sends (`serve` with workers, `worker`); running it twice at once is harmless.
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio_util::sync::CancellationToken;

use crate::config::Safeguards;
use crate::store::{RetentionCutoffs, Store, StoreError, Swept};

const EVERY: Duration = Duration::from_secs(3600);

/// One sweep as of `now`.
pub async fn sweep(
    store: &Store,
    safeguards: &Safeguards,
    now: DateTime<Utc>,
) -> Result<Swept, StoreError> {
    let days = |n: u32| chrono::Duration::days(i64::from(n));
    let swept = store
        .sweep_retention(RetentionCutoffs {
            pending_before: now - days(safeguards.pending_days),
            bodies_before: now - days(safeguards.outbox_keep_days),
            counts_before: now - chrono::Duration::days(8),
        })
        .await?;
    if swept != Swept::default() {
        tracing::info!(
            pending_readers = swept.pending_readers,
            message_bodies = swept.message_bodies,
            confirmation_counts = swept.confirmation_counts,
            "housekeeping: old data removed"
        );
    }
    Ok(swept)
}

/// Sweeps at start, then every hour, until `shutdown`.
pub async fn run(store: Store, safeguards: Safeguards, shutdown: CancellationToken) {
    loop {
        if let Err(error) = sweep(&store, &safeguards, crate::store::now()).await {
            tracing::error!(error = format!("{error:#}"), "housekeeping failed");
        }
        tokio::select! {
            () = shutdown.cancelled() => return,
            () = tokio::time::sleep(EVERY) => {}
        }
    }
}
