use chrono::{DateTime, Utc};

use super::statuses::decode;
use super::{Store, StoreError, SubscriberStatus};

/// Readers by status.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReaderCounts {
    pub pending: i64,
    pub confirmed: i64,
    pub unsubscribed: i64,
}

/// The next issue waiting for its time.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ScheduledIssue {
    pub id: i64,
    pub subject: String,
    pub send_at: Option<DateTime<Utc>>,
}

impl Store {
    /// Counted from the (status, id) index alone.
    #[tracing::instrument(name = "store.reader_counts", skip(self))]
    pub async fn reader_counts(&self) -> Result<ReaderCounts, StoreError> {
        let rows: Vec<(String, i64)> = on_read_pool!(self, pool => {
            sqlx::query_as("SELECT status, COUNT(*) FROM subscribers GROUP BY status")
                .fetch_all(pool)
                .await?
        });
        let mut counts = ReaderCounts::default();
        for (status, n) in rows {
            match decode(&status)? {
                SubscriberStatus::Pending => counts.pending = n,
                SubscriberStatus::Confirmed => counts.confirmed = n,
                SubscriberStatus::Unsubscribed => counts.unsubscribed = n,
            }
        }
        Ok(counts)
    }

    /// Drafts waiting for an editor, newest first.
    #[tracing::instrument(name = "store.drafts", skip(self))]
    pub async fn drafts(&self, limit: i64) -> Result<Vec<ScheduledIssue>, StoreError> {
        let rows = on_read_pool!(self, pool => {
            sqlx::query_as::<_, ScheduledIssue>(
                "SELECT id, subject, send_at FROM issues WHERE status = 'draft' \
                 ORDER BY id DESC LIMIT $1",
            )
            .bind(limit)
            .fetch_all(pool)
            .await?
        });
        Ok(rows)
    }

    #[tracing::instrument(name = "store.next_scheduled_issue", skip(self))]
    pub async fn next_scheduled_issue(&self) -> Result<Option<ScheduledIssue>, StoreError> {
        let row = on_read_pool!(self, pool => {
            sqlx::query_as::<_, ScheduledIssue>(
                "SELECT id, subject, send_at FROM issues WHERE status = 'queued' \
                 ORDER BY send_at, id LIMIT 1",
            )
            .fetch_optional(pool)
            .await?
        });
        Ok(row)
    }
}
