//! What the ledger says, read back: one reader's reports, and per issue the readers each
//! kind of report concerns (the issue page, the dashboard's warning).
use chrono::{DateTime, Utc};

use super::statuses::BounceKind;
use super::{Store, StoreError};

/// One event as the ledger holds it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BounceEventRow {
    pub id: i64,
    pub issue_id: Option<i64>,
    #[sqlx(try_from = "String")]
    pub kind: BounceKind,
    pub status: Option<String>,
    pub diagnostic: Option<String>,
    pub source: String,
    pub received_at: DateTime<Utc>,
}

/// Readers of one issue per kind of event (each reader once per kind).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct BounceCounts {
    pub hard: i64,
    pub soft: i64,
    pub complaints: i64,
    pub delivered: i64,
}

impl Store {
    /// A reader's events, newest first (the API and the reader's page).
    pub async fn bounce_events_of(
        &self,
        subscriber_id: i64,
    ) -> Result<Vec<BounceEventRow>, StoreError> {
        let rows = on_read_pool!(self, pool => {
            sqlx::query_as(
                "SELECT id, issue_id, kind, status, diagnostic, source, received_at \
                 FROM bounce_events WHERE subscriber_id = $1 ORDER BY received_at DESC, id DESC \
                 LIMIT 200",
            )
            .bind(subscriber_id)
            .fetch_all(pool)
            .await?
        });
        Ok(rows)
    }

    /// Readers per kind of event for one issue.
    pub async fn issue_bounce_counts(&self, issue_id: i64) -> Result<BounceCounts, StoreError> {
        let counts = on_read_pool!(self, pool => {
            sqlx::query_as(
                "SELECT \
                   COUNT(DISTINCT CASE WHEN kind = 'hard' THEN subscriber_id END) AS hard, \
                   COUNT(DISTINCT CASE WHEN kind = 'soft' THEN subscriber_id END) AS soft, \
                   COUNT(DISTINCT CASE WHEN kind = 'complaint' THEN subscriber_id END) AS complaints, \
                   COUNT(DISTINCT CASE WHEN kind = 'delivered' THEN subscriber_id END) AS delivered \
                 FROM bounce_events WHERE issue_id = $1",
            )
            .bind(issue_id)
            .fetch_one(pool)
            .await?
        });
        Ok(counts)
    }

    /// Readers who complained about each of `issues` (issues without any left out).
    pub async fn complaints_by_issue(&self, issues: &[i64]) -> Result<Vec<(i64, i64)>, StoreError> {
        if issues.is_empty() {
            return Ok(Vec::new());
        }
        let rows = on_read_pool!(self, pool => {
            let mut query = sqlx::QueryBuilder::new(
                "SELECT issue_id, COUNT(DISTINCT subscriber_id) FROM bounce_events \
                 WHERE kind = 'complaint' AND issue_id IN (",
            );
            let mut list = query.separated(", ");
            for id in issues {
                list.push_bind(*id);
            }
            query.push(") GROUP BY issue_id");
            query.build_query_as::<(i64, i64)>().fetch_all(pool).await?
        });
        Ok(rows)
    }
}
