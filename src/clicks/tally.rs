//! Click counts added up in memory and written once a second, in one transaction: at ten
//! thousand clicks a second one database write per click would be the limit (SQLite has one
//! writer). A write that fails puts its counts back for the next one, and the server's stop
//! writes what is left, so no count is lost between them.
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use crate::store::{ClickCounts, Store};

/// How often counts are written.
pub const WRITE_EVERY: Duration = Duration::from_secs(1);

/// Counts by (issue, article) not yet written.
#[derive(Clone)]
pub struct ClickTally {
    store: Store,
    pending: Arc<Mutex<HashMap<(i64, i64), ClickCounts>>>,
}

impl ClickTally {
    pub fn new(store: Store) -> Self {
        Self {
            store,
            pending: Arc::default(),
        }
    }

    pub fn add(&self, issue_id: i64, article_id: i64, counts: ClickCounts) {
        let mut pending = self.pending.lock().unwrap_or_else(PoisonError::into_inner);
        pending
            .entry((issue_id, article_id))
            .or_default()
            .add(counts);
    }

    /// Writes what was counted since the last write; on failure keeps it for the next.
    pub async fn write(&self) -> Result<(), crate::store::StoreError> {
        let taken =
            std::mem::take(&mut *self.pending.lock().unwrap_or_else(PoisonError::into_inner));
        if taken.is_empty() {
            return Ok(());
        }
        let rows: Vec<_> = taken.into_iter().collect();
        let written = self.store.add_story_clicks(&rows).await;
        if written.is_err() {
            let mut pending = self.pending.lock().unwrap_or_else(PoisonError::into_inner);
            for (key, counts) in rows {
                pending.entry(key).or_default().add(counts);
            }
        }
        written
    }

    /// Writes every [`WRITE_EVERY`] until `stop`, then once more: what the last requests
    /// counted is written before the database closes.
    pub async fn write_periodically(self, stop: tokio_util::sync::CancellationToken) {
        let mut tick = tokio::time::interval(WRITE_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            let stopping = tokio::select! {
                _ = tick.tick() => false,
                () = stop.cancelled() => true,
            };
            if let Err(error) = self.write().await {
                tracing::warn!(%error, "click counts not written; kept for the next try");
            }
            if stopping {
                return;
            }
        }
    }
}
