//! Moving an issue between statuses (queued, sending, sent), each only from the status it
//! must be in, so two processes never move it twice. Apart from building and reading issues.
use chrono::{DateTime, Utc};

use crate::store::{Store, StoreError};

impl Store {
    /// Moves an issue from one status to the next, only if it is still in `from`; records
    /// when it was sent. False when another process moved it first.
    #[tracing::instrument(name = "store.transition_issue", skip(self))]
    pub async fn transition_issue(
        &self,
        issue_id: i64,
        from: &str,
        to: &str,
    ) -> Result<bool, StoreError> {
        let now = crate::store::now();
        let changed = on_write_pool!(self, pool => {
            sqlx::query(
                "UPDATE issues SET status = $3, \
                     sent_at = CASE WHEN $3 = 'sent' THEN $4 ELSE sent_at END \
                 WHERE id = $1 AND status = $2",
            )
            .bind(issue_id)
            .bind(from)
            .bind(to)
            .bind(now)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(changed == 1)
    }

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
}
