//! Workers' side of the deliveries: claiming a batch with a lease, and recording what became
//! of each message in one transaction.
use super::statuses::{BounceKind, DeliveryStatus, SubscriberStatus};
use chrono::{DateTime, Utc};
use sqlx::QueryBuilder;

use super::{Store, StoreError};

/// A reader with this many hard bounces is no longer mailed. Since the bounce ledger, a
/// hard bounce suppresses at its first; this still holds readers counted before it.
pub const MAX_HARD_BOUNCES: i32 = 3;

/// A delivery a worker holds until `locked_until`, with the reader it goes to as they are now.
#[derive(Debug, Clone)]
pub struct ClaimedDelivery {
    pub id: i64,
    pub issue_id: i64,
    pub subscriber_id: i64,
    /// Including this one.
    pub attempts: i32,
    pub locked_until: DateTime<Utc>,
    /// `None`: the reader was deleted since the fan-out.
    pub reader: Option<Reader>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Reader {
    pub id: i64,
    pub email: String,
    pub name: Option<String>,
    pub lang: String,
    #[sqlx(try_from = "String")]
    pub status: SubscriberStatus,
    pub hard_bounces: i32,
    /// Why the address is no longer mailed (a hard bounce, a complaint…), if it is not.
    pub suppressed: Option<String>,
    /// What they read about, as it stands when the delivery is claimed: a change after that
    /// is for the next issue.
    #[sqlx(try_from = "Option<String>")]
    pub topics: crate::topics::TopicChoice,
}

impl Reader {
    /// Still confirmed and neither bouncing nor suppressed: a message may go out.
    pub fn is_mailable(&self) -> bool {
        self.status == SubscriberStatus::Confirmed
            && self.hard_bounces < MAX_HARD_BOUNCES
            && self.suppressed.is_none()
    }
}

/// What became of one claimed delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeliveryResult {
    /// Taken by this relay (`host:port`; `None`: the development folder).
    Sent(Option<std::sync::Arc<str>>),
    /// A transient failure: try again at this time.
    Retry(DateTime<Utc>, String),
    /// The server refused the recipient for good (5xx).
    Bounced(String),
    /// Transient failures until the last attempt, or a message that cannot be built.
    Failed(String),
    /// Not sent: the reader left, bounces, or was deleted.
    Skipped(String),
    /// Not attempted (shutdown, or the lease ran out before its turn): free it at once.
    Released,
    /// Not attempted because the relay could not be reached: freed like `Released`, with the
    /// reason kept for the issue page.
    Paused(String),
}

#[derive(sqlx::FromRow)]
struct ClaimRow {
    id: i64,
    issue_id: i64,
    subscriber_id: i64,
    attempts: i32,
}

/// Due deliveries, leased to the caller, oldest issue first (the `deliveries_open` index). On PostgreSQL `SKIP LOCKED` hands each row to one
/// of several workers without waiting; SQLite's single writer makes the statement atomic.
const CLAIM: &str = "UPDATE deliveries SET locked_until = $1, attempts = attempts + 1 \
    WHERE id IN (SELECT id FROM deliveries \
        WHERE status IN ('pending', 'retrying') AND next_attempt_at <= $2 \
          AND (locked_until IS NULL OR locked_until <= $2) \
        ORDER BY issue_id, id LIMIT $3{lock}) \
    RETURNING id, issue_id, subscriber_id, attempts";

impl Store {
    /// Claims up to `limit` due deliveries for `lease`, with their readers. A worker that dies
    /// holding them lets them go when the lease ends.
    #[tracing::instrument(name = "store.claim_deliveries", skip(self), fields(claimed))]
    pub async fn claim_deliveries(
        &self,
        lease: chrono::Duration,
        limit: i64,
    ) -> Result<Vec<ClaimedDelivery>, StoreError> {
        let now = super::now();
        let locked_until = now + lease;
        let lock = if self.is_postgres() {
            " FOR UPDATE SKIP LOCKED"
        } else {
            ""
        };
        let sql = CLAIM.replace("{lock}", lock);
        let rows: Vec<ClaimRow> = on_write_pool!(self, pool => {
            sqlx::query_as::<_, ClaimRow>(&sql)
                .bind(locked_until)
                .bind(now)
                .bind(limit)
                .fetch_all(pool)
                .await?
        });
        tracing::Span::current().record("claimed", rows.len());
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let mut readers = self.readers(rows.iter().map(|r| r.subscriber_id)).await?;
        readers.sort_by_key(|r| r.id);
        Ok(rows
            .into_iter()
            .map(|row| ClaimedDelivery {
                id: row.id,
                issue_id: row.issue_id,
                subscriber_id: row.subscriber_id,
                attempts: row.attempts,
                locked_until,
                reader: readers
                    .binary_search_by_key(&row.subscriber_id, |r| r.id)
                    .ok()
                    .map(|i| readers[i].clone()),
            })
            .collect())
    }

    async fn readers(&self, ids: impl Iterator<Item = i64>) -> Result<Vec<Reader>, StoreError> {
        let readers = on_read_pool!(self, pool => {
            let mut query = QueryBuilder::new(
                "SELECT id, email, name, lang, status, hard_bounces, suppressed, topics \
                 FROM subscribers \
                 WHERE id IN (",
            );
            let mut list = query.separated(", ");
            for id in ids {
                list.push_bind(id);
            }
            query.push(")");
            query.build_query_as::<Reader>().fetch_all(pool).await?
        });
        Ok(readers)
    }

    /// Records outcomes in one transaction: the sent ones in one statement, the rare ones
    /// row by row. A hard bounce also counts against the reader. Only a
    /// message that went out overrides a cancellation that came while it was in flight.
    #[tracing::instrument(name = "store.record_deliveries", skip_all, fields(count = results.len()))]
    pub async fn record_deliveries(
        &self,
        results: &[(ClaimedDelivery, DeliveryResult)],
    ) -> Result<(), StoreError> {
        if results.is_empty() {
            return Ok(());
        }
        let now = super::now();
        let sent: Vec<i64> = results
            .iter()
            .filter(|(_, r)| matches!(r, DeliveryResult::Sent(_)))
            .map(|(d, _)| d.id)
            .collect();
        // The topics each copy was cut by, for those not cut by every topic (NULL): with the
        // issue's groups, the ledger then says which stories each reader was sent.
        let cut: Vec<(i64, String)> = results
            .iter()
            .filter(|(_, r)| matches!(r, DeliveryResult::Sent(_)))
            .filter_map(|(d, _)| Some((d.id, d.reader.as_ref()?.topics.to_column()?)))
            .collect();
        // Issues whose copies went out now: a click on them soon after is left out.
        let mut sent_issues: Vec<i64> = results
            .iter()
            .filter(|(_, r)| matches!(r, DeliveryResult::Sent(_)))
            .map(|(d, _)| d.issue_id)
            .collect();
        sent_issues.sort_unstable();
        sent_issues.dedup();
        // Each relay's share of each issue: a handful of rows a batch, added to.
        let mut by_relay: std::collections::BTreeMap<(i64, &str), i64> = Default::default();
        for (delivery, result) in results {
            if let DeliveryResult::Sent(Some(relay)) = result {
                *by_relay
                    .entry((delivery.issue_id, relay.as_ref()))
                    .or_default() += 1;
            }
        }
        on_write_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            if !sent.is_empty() {
                let mut query = QueryBuilder::new("UPDATE deliveries SET status = 'sent', sent_at = ");
                query.push_bind(now).push(
                    ", locked_until = NULL, last_error = NULL WHERE id IN (",
                );
                let mut list = query.separated(", ");
                for id in &sent {
                    list.push_bind(*id);
                }
                query.push(")");
                query.build().execute(&mut *tx).await?;
            }
            if !cut.is_empty() {
                let mut query = QueryBuilder::new("UPDATE deliveries SET sent_topics = CASE id");
                for (id, topics) in &cut {
                    query.push(" WHEN ").push_bind(*id).push(" THEN ").push_bind(topics.as_str());
                }
                query.push(" END WHERE id IN (");
                let mut list = query.separated(", ");
                for (id, _) in &cut {
                    list.push_bind(*id);
                }
                query.push(")");
                query.build().execute(&mut *tx).await?;
            }
            for issue_id in &sent_issues {
                sqlx::query("UPDATE issues SET last_sent_at = $1 WHERE id = $2")
                    .bind(now)
                    .bind(issue_id)
                    .execute(&mut *tx)
                    .await?;
            }
            for ((issue_id, relay), sent) in &by_relay {
                sqlx::query(
                    "INSERT INTO issue_relays (issue_id, relay, sent) VALUES ($1, $2, $3) \
                     ON CONFLICT (issue_id, relay) DO UPDATE SET sent = issue_relays.sent + excluded.sent",
                )
                .bind(issue_id)
                .bind(relay)
                .bind(sent)
                .execute(&mut *tx)
                .await?;
            }
            // Only while the lease is still ours: another worker may hold it since.
            for (delivery, result) in results {
                let reason = match result {
                    DeliveryResult::Released => None,
                    DeliveryResult::Paused(reason) => Some(reason.as_str()),
                    _ => continue,
                };
                sqlx::query(
                    "UPDATE deliveries SET locked_until = NULL, attempts = attempts - 1, \
                         last_error = COALESCE($3, last_error) \
                     WHERE id = $1 AND locked_until = $2 AND status IN ('pending', 'retrying')",
                )
                .bind(delivery.id)
                .bind(delivery.locked_until)
                .bind(reason)
                .execute(&mut *tx)
                .await?;
            }
            for (delivery, result) in results {
                let (status, error, next_attempt) = match result {
                    DeliveryResult::Sent(_) | DeliveryResult::Released | DeliveryResult::Paused(_) => {
                        continue;
                    }
                    DeliveryResult::Retry(at, error) => (DeliveryStatus::Retrying, error, Some(*at)),
                    DeliveryResult::Bounced(error) => (DeliveryStatus::Bounced, error, None),
                    DeliveryResult::Failed(error) => (DeliveryStatus::Failed, error, None),
                    DeliveryResult::Skipped(reason) => (DeliveryStatus::Skipped, reason, None),
                };
                sqlx::query(
                    "UPDATE deliveries SET status = $2, last_error = $3, locked_until = NULL, \
                         next_attempt_at = COALESCE($4, next_attempt_at) \
                     WHERE id = $1 AND status IN ('pending', 'retrying')",
                )
                .bind(delivery.id)
                .bind(status.as_str())
                .bind(error.as_str())
                .bind(next_attempt)
                .execute(&mut *tx)
                .await?;
                if status == DeliveryStatus::Bounced {
                    // The relay's refusal goes to the bounce ledger under the same rule as a
                    // DSN: refused for good suppresses, a policy refusal (5.7.x) scores.
                    let code = crate::bounces::failure_code_in(error);
                    let event = super::NewBounceEvent {
                        tag: crate::bounces::BounceTag::Delivery {
                            subscriber_id: delivery.subscriber_id,
                            issue_id: delivery.issue_id,
                        },
                        kind: code
                            .as_deref()
                            .map_or(BounceKind::Hard, crate::bounces::kind_of_failure),
                        status: code,
                        diagnostic: Some(error.clone()),
                        source: "smtp",
                        dedupe_key: format!("smtp:{}", delivery.id),
                        at: now,
                    };
                    apply_bounce_event!(tx, &event);
                }
            }
            tx.commit().await?;
        });
        Ok(())
    }
}
