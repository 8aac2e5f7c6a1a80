use super::{Store, StoreError};

/// Where an issue's deliveries stand.
#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct DeliveryCounts {
    pub pending: i64,
    pub retrying: i64,
    pub sent: i64,
    pub bounced: i64,
    pub skipped: i64,
    pub failed: i64,
}

/// An issue this call moved from queued to sending, with the deliveries it fanned out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StartedIssue {
    pub issue_id: i64,
    pub deliveries: u64,
}

impl Store {
    /// Starts every queued issue whose time has come: marks it sending and, in the same
    /// transaction, creates one delivery per confirmed reader in one set-based statement.
    /// The unique (issue, reader) pair makes a repeated or concurrent fan-out add nothing,
    /// and the status check makes only one process start a given issue.
    #[tracing::instrument(name = "store.start_due_issues", skip(self))]
    pub async fn start_due_issues(&self) -> Result<Vec<StartedIssue>, StoreError> {
        let now = super::now();
        let started = on_write_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let due: Vec<i64> = sqlx::query_scalar(
                "UPDATE issues SET status = 'sending', started_at = $1 \
                 WHERE status = 'queued' AND (send_at IS NULL OR send_at <= $1) RETURNING id",
            )
            .bind(now)
            .fetch_all(&mut *tx)
            .await?;
            let mut started = Vec::with_capacity(due.len());
            for issue_id in due {
                let fanned = sqlx::query(
                    "INSERT INTO deliveries (issue_id, subscriber_id, status, next_attempt_at) \
                     SELECT $1, id, 'pending', $2 FROM subscribers WHERE status = 'confirmed' \
                     ON CONFLICT (issue_id, subscriber_id) DO NOTHING",
                )
                .bind(issue_id)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                started.push(StartedIssue { issue_id, deliveries: fanned });
            }
            tx.commit().await?;
            started
        });
        for issue in &started {
            tracing::info!(
                issue_id = issue.issue_id,
                deliveries = issue.deliveries,
                "issue fanned out"
            );
        }
        Ok(started)
    }

    #[tracing::instrument(name = "store.delivery_counts", skip(self))]
    pub async fn delivery_counts(&self, issue_id: i64) -> Result<DeliveryCounts, StoreError> {
        let counts = on_read_pool!(self, pool => {
            sqlx::query_as::<_, DeliveryCounts>(
                "SELECT \
                   COALESCE(SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0) AS pending, \
                   COALESCE(SUM(CASE WHEN status = 'retrying' THEN 1 ELSE 0 END), 0) AS retrying, \
                   COALESCE(SUM(CASE WHEN status = 'sent' THEN 1 ELSE 0 END), 0) AS sent, \
                   COALESCE(SUM(CASE WHEN status = 'bounced' THEN 1 ELSE 0 END), 0) AS bounced, \
                   COALESCE(SUM(CASE WHEN status = 'skipped' THEN 1 ELSE 0 END), 0) AS skipped, \
                   COALESCE(SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), 0) AS failed \
                 FROM deliveries WHERE issue_id = $1",
            )
            .bind(issue_id)
            .fetch_one(pool)
            .await?
        });
        Ok(counts)
    }
}
