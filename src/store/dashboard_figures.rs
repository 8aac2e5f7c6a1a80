//! The dashboard's figures in few statements: the readers' weekly moves in one, the latest
//! issues with their delivery counts in another.
use chrono::{DateTime, Utc};

use super::{DeliveryCounts, IssueRow, Store, StoreError};

/// A recent issue and where its deliveries stand (none counted for a draft).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct IssueFigures {
    #[sqlx(flatten)]
    pub issue: IssueRow,
    #[sqlx(flatten)]
    pub counts: DeliveryCounts,
}

impl Store {
    /// Readers who confirmed, and who left, in each `[from, to)` of `weeks`, in that order.
    /// The weeks travel as a VALUES list, so one statement counts them all; each count still
    /// uses the index on its date.
    #[tracing::instrument(name = "store.reader_trend", skip(self, weeks), fields(weeks = weeks.len()))]
    pub async fn reader_trend(
        &self,
        weeks: &[(DateTime<Utc>, DateTime<Utc>)],
    ) -> Result<Vec<(i64, i64)>, StoreError> {
        if weeks.is_empty() {
            return Ok(Vec::new());
        }
        let values: Vec<String> = (0..weeks.len())
            .map(|i| format!("(${}, ${}, ${})", 3 * i + 1, 3 * i + 2, 3 * i + 3))
            .collect();
        let sql = format!(
            "WITH weeks (n, week_from, week_to) AS (VALUES {}) \
             SELECT \
               (SELECT COUNT(*) FROM subscribers \
                WHERE confirmed_at >= week_from AND confirmed_at < week_to), \
               (SELECT COUNT(*) FROM subscribers \
                WHERE unsubscribed_at >= week_from AND unsubscribed_at < week_to) \
             FROM weeks ORDER BY n",
            values.join(", ")
        );
        let rows = on_read_pool!(self, pool => {
            let mut query = sqlx::query_as::<_, (i64, i64)>(&sql);
            for (n, (from, to)) in weeks.iter().enumerate() {
                query = query.bind(n as i64).bind(*from).bind(*to);
            }
            query.fetch_all(pool).await?
        });
        Ok(rows)
    }

    /// The `limit` newest issues with their delivery counts, newest first.
    #[tracing::instrument(name = "store.latest_issue_figures", skip(self))]
    pub async fn latest_issue_figures(&self, limit: i64) -> Result<Vec<IssueFigures>, StoreError> {
        let rows = on_read_pool!(self, pool => {
            sqlx::query_as::<_, IssueFigures>(
                "SELECT i.id, i.slug, i.kind, i.subject, i.intro, i.status, i.created_at, \
                   i.sent_at, \
                   COALESCE(SUM(CASE WHEN d.status = 'pending' THEN 1 ELSE 0 END), 0) AS pending, \
                   COALESCE(SUM(CASE WHEN d.status = 'retrying' THEN 1 ELSE 0 END), 0) AS retrying, \
                   COALESCE(SUM(CASE WHEN d.status = 'sent' THEN 1 ELSE 0 END), 0) AS sent, \
                   COALESCE(SUM(CASE WHEN d.status = 'bounced' THEN 1 ELSE 0 END), 0) AS bounced, \
                   COALESCE(SUM(CASE WHEN d.status = 'skipped' THEN 1 ELSE 0 END), 0) AS skipped, \
                   COALESCE(SUM(CASE WHEN d.status = 'failed' THEN 1 ELSE 0 END), 0) AS failed \
                 FROM (SELECT id, slug, kind, subject, intro, status, created_at, sent_at \
                       FROM issues ORDER BY id DESC LIMIT $1) i \
                 LEFT JOIN deliveries d ON d.issue_id = i.id AND i.status <> 'draft' \
                 GROUP BY i.id, i.slug, i.kind, i.subject, i.intro, i.status, i.created_at, \
                   i.sent_at \
                 ORDER BY i.id DESC",
            )
            .bind(limit)
            .fetch_all(pool)
            .await?
        });
        Ok(rows)
    }
}
