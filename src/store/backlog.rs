use chrono::{DateTime, Utc};

use super::{Store, StoreError};

/// What is waiting to be sent, for `/metrics`. Both counts read partial indexes of open rows
/// only, so a scrape costs the same however much has been sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Backlog {
    pub outbox_depth: i64,
    pub outbox_oldest: Option<DateTime<Utc>>,
    pub deliveries_open: i64,
}

impl Store {
    #[tracing::instrument(name = "store.backlog", skip(self))]
    pub async fn backlog(&self) -> Result<Backlog, StoreError> {
        let backlog = on_read_pool!(self, pool => {
            let (outbox_depth, outbox_oldest): (i64, Option<DateTime<Utc>>) = sqlx::query_as(
                "SELECT COUNT(*), MIN(created_at) FROM outbox \
                 WHERE sent_at IS NULL AND failed_at IS NULL",
            )
            .fetch_one(pool)
            .await?;
            let deliveries_open: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM deliveries WHERE status IN ('pending', 'retrying')",
            )
            .fetch_one(pool)
            .await?;
            Backlog {
                outbox_depth,
                outbox_oldest,
                deliveries_open,
            }
        });
        Ok(backlog)
    }
}
