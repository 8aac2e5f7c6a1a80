//! What Caravan stops keeping: sign-ups nobody confirmed (an address typed by a stranger
//! should not stay on the list), the bodies of e-mails long sent (they hold links that act on
//! a reader), and the hourly confirmation counts past the week.
use chrono::{DateTime, Utc};

use super::{Store, StoreError};

/// What one sweep removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Swept {
    pub pending_readers: u64,
    pub message_bodies: u64,
    pub confirmation_counts: u64,
}

/// The cut-off times of one sweep.
#[derive(Debug, Clone, Copy)]
pub struct RetentionCutoffs {
    /// Unconfirmed readers last sent a confirmation (or signed up) before this are deleted.
    pub pending_before: DateTime<Utc>,
    /// E-mails sent (or given up) before this lose their bodies; the row stays.
    pub bodies_before: DateTime<Utc>,
    /// Hourly confirmation counts before this are deleted.
    pub counts_before: DateTime<Utc>,
}

impl Store {
    #[tracing::instrument(name = "store.sweep_retention", skip(self))]
    pub async fn sweep_retention(&self, cut: RetentionCutoffs) -> Result<Swept, StoreError> {
        let swept = on_write_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            // Deliveries have no foreign key on PostgreSQL: deleted here, as in an erasure.
            let stale = "SELECT id FROM subscribers WHERE status = 'pending' \
                 AND COALESCE(confirmation_sent_at, created_at) < $1";
            sqlx::query(&format!("DELETE FROM deliveries WHERE subscriber_id IN ({stale})"))
                .bind(cut.pending_before)
                .execute(&mut *tx)
                .await?;
            sqlx::query(&format!("DELETE FROM outbox WHERE subscriber_id IN ({stale})"))
                .bind(cut.pending_before)
                .execute(&mut *tx)
                .await?;
            let pending_readers = sqlx::query(
                "DELETE FROM subscribers WHERE status = 'pending' \
                 AND COALESCE(confirmation_sent_at, created_at) < $1",
            )
            .bind(cut.pending_before)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            let message_bodies = sqlx::query(
                "UPDATE outbox SET body_text = '', body_html = '' \
                 WHERE COALESCE(sent_at, failed_at) < $1 \
                   AND (body_text <> '' OR body_html <> '')",
            )
            .bind(cut.bodies_before)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            let confirmation_counts = sqlx::query("DELETE FROM confirmation_hours WHERE hour < $1")
                .bind(super::confirmation_budget::hour_of(cut.counts_before))
                .execute(&mut *tx)
                .await?
                .rows_affected();
            tx.commit().await?;
            // Memory forgets likewise: mailboxes mailed over a day ago, hours gone by.
            let now = super::now();
            self.mailboxes
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .prune(now);
            self.hours
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .prune(super::confirmation_budget::hour_of(now));
            Swept {
                pending_readers,
                message_bodies,
                confirmation_counts,
            }
        });
        Ok(swept)
    }
}
