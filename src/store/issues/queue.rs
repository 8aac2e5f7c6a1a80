//! Queuing an issue: only from draft, so that queuing twice sends once (the rest of its life,
//! sending and sent, is the delivery's: `store/deliveries.rs`). Apart from building and
//! reading issues.
use chrono::{DateTime, Utc};

use crate::store::{Store, StoreError};

impl Store {
    /// Queues a draft for sending at `send_at` (now when `None`). False when the issue is not
    /// a draft (already queued, sent or cancelled), so queuing twice sends once.
    #[tracing::instrument(name = "store.queue_issue", skip(self))]
    pub async fn queue_issue(
        &self,
        issue_id: i64,
        send_at: Option<DateTime<Utc>>,
    ) -> Result<bool, StoreError> {
        let now = crate::store::now();
        let changed = on_write_pool!(self, pool => {
            sqlx::query(
                "UPDATE issues SET status = 'queued', send_at = $2 \
                 WHERE id = $1 AND status = 'draft'",
            )
            .bind(issue_id)
            .bind(send_at.unwrap_or(now))
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(changed == 1)
    }

    /// Brings a scheduled issue forward to now (a correction letter waiting its hour, a
    /// digest set for Monday); false when it is not waiting.
    pub async fn send_queued_now(&self, issue_id: i64) -> Result<bool, StoreError> {
        let now = crate::store::now();
        let changed = on_write_pool!(self, pool => {
            sqlx::query("UPDATE issues SET send_at = $2 WHERE id = $1 AND status = 'queued'")
                .bind(issue_id)
                .bind(now)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(changed == 1)
    }
}
