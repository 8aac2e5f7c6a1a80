use super::statuses::{IssueStatus, decode};
use chrono::{DateTime, Utc};

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

/// An issue's sending, as `caravan issues show` and the admin pages report it.
#[derive(Debug, Clone, PartialEq)]
pub struct IssueProgress {
    pub status: IssueStatus,
    pub send_at: Option<DateTime<Utc>>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub counts: DeliveryCounts,
}

impl IssueProgress {
    /// Deliveries settled (sent, bounced, skipped or failed) out of all of them.
    pub fn done(&self) -> i64 {
        let c = &self.counts;
        c.sent + c.bounced + c.skipped + c.failed
    }

    pub fn total(&self) -> i64 {
        self.done() + self.counts.pending + self.counts.retrying
    }

    /// Messages sent per second from start to finish (or to `now` while sending).
    pub fn rate(&self, now: DateTime<Utc>) -> Option<f64> {
        let started = self.started_at?;
        let seconds = (self.finished_at.unwrap_or(now) - started).num_milliseconds() as f64 / 1e3;
        (seconds > 0.0).then(|| self.counts.sent as f64 / seconds)
    }
}

#[derive(sqlx::FromRow)]
struct IssueTimes {
    #[sqlx(try_from = "String")]
    status: IssueStatus,
    send_at: Option<DateTime<Utc>>,
    started_at: Option<DateTime<Utc>>,
    finished_at: Option<DateTime<Utc>>,
}

/// What `cancel_issue` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CancelOutcome {
    /// Cancelled; this many deliveries that had not gone out were skipped.
    Cancelled {
        skipped: u64,
    },
    /// Already sent or cancelled (which one is said): nothing to stop.
    Finished(IssueStatus),
    Unknown,
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
    /// The status check makes only one process start a given issue (a second one waits on
    /// the row and then finds it `sending`), and the unique (issue, reader) pair turns any
    /// repeated fan-out into an error that rolls the whole transaction back: either way it
    /// adds nothing. (No `ON CONFLICT DO NOTHING`: it cost PostgreSQL a third of the time.)
    #[tracing::instrument(name = "store.start_due_issues", skip(self))]
    pub async fn start_due_issues(&self) -> Result<Vec<StartedIssue>, StoreError> {
        let now = super::now();
        let clock = std::time::Instant::now();
        let started = on_write_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let due: Vec<(i64, Option<String>)> = sqlx::query_as(
                "UPDATE issues SET status = 'sending', started_at = $1 \
                 WHERE status = 'queued' AND (send_at IS NULL OR send_at <= $1) RETURNING id, audience",
            )
            .bind(now)
            .fetch_all(&mut *tx)
            .await?;
            let mut started = Vec::with_capacity(due.len());
            for (issue_id, audience) in due {
                // A correction letter goes to the readers listed for it, every other issue
                // to every confirmed reader; either way only to those mailed today.
                let listed = match audience {
                    Some(_) => " AND id IN (SELECT subscriber_id FROM correction_readers WHERE issue_id = $1)",
                    None => "",
                };
                let fanned = sqlx::query(&format!(
                    "INSERT INTO deliveries (issue_id, subscriber_id, status, next_attempt_at) \
                     SELECT $1, id, 'pending', $2 FROM subscribers \
                     WHERE status = 'confirmed' AND hard_bounces < $3 AND suppressed IS NULL \
                       AND (paused_until IS NULL OR paused_until <= $2){listed}",
                ))
                .bind(issue_id)
                .bind(now)
                .bind(super::MAX_HARD_BOUNCES)
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
                elapsed_ms = clock.elapsed().as_millis() as u64,
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

impl Store {
    /// Marks sent every sending issue that has no delivery left to try; returns their ids.
    /// Any worker may call it: the status check makes one of them win.
    #[tracing::instrument(name = "store.finish_issues", skip(self))]
    pub async fn finish_issues(&self) -> Result<Vec<i64>, StoreError> {
        let now = super::now();
        let finished = on_write_pool!(self, pool => {
            sqlx::query_scalar::<_, i64>(
                "UPDATE issues SET status = 'sent', sent_at = $1, finished_at = $1 \
                 WHERE status = 'sending' AND NOT EXISTS (SELECT 1 FROM deliveries d \
                     WHERE d.issue_id = issues.id AND d.status IN ('pending', 'retrying')) \
                 RETURNING id",
            )
            .bind(now)
            .fetch_all(pool)
            .await?
        });
        for issue_id in &finished {
            tracing::info!(issue_id, "issue sent");
        }
        Ok(finished)
    }

    /// Cancels a draft, queued or sending issue: what has not gone out yet is skipped (a
    /// message already in a worker's hands may still go, and is then counted as sent).
    #[tracing::instrument(name = "store.cancel_issue", skip(self))]
    pub async fn cancel_issue(&self, issue_id: i64) -> Result<CancelOutcome, StoreError> {
        let now = super::now();
        let outcome = on_write_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let cancelled = sqlx::query(
                "UPDATE issues SET status = 'cancelled', finished_at = $2 \
                 WHERE id = $1 AND status IN ('draft', 'queued', 'sending')",
            )
            .bind(issue_id)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            let outcome = if cancelled == 1 {
                let skipped = sqlx::query(
                    "UPDATE deliveries SET status = 'skipped', last_error = 'cancelled', \
                         locked_until = NULL \
                     WHERE issue_id = $1 AND status IN ('pending', 'retrying')",
                )
                .bind(issue_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                CancelOutcome::Cancelled { skipped }
            } else {
                let status: Option<String> =
                    sqlx::query_scalar("SELECT status FROM issues WHERE id = $1")
                        .bind(issue_id)
                        .fetch_optional(&mut *tx)
                        .await?;
                match status.as_deref().map(decode).transpose()? {
                    Some(status) => CancelOutcome::Finished(status),
                    None => CancelOutcome::Unknown,
                }
            };
            tx.commit().await?;
            outcome
        });
        Ok(outcome)
    }

    /// Just the status of an issue: cheap enough to poll.
    #[tracing::instrument(name = "store.issue_status", skip(self))]
    pub async fn issue_status(&self, issue_id: i64) -> Result<Option<IssueStatus>, StoreError> {
        let status = on_read_pool!(self, pool => {
            sqlx::query_scalar::<_, String>("SELECT status FROM issues WHERE id = $1")
                .bind(issue_id)
                .fetch_optional(pool)
                .await?
        });
        status.as_deref().map(decode).transpose()
    }

    /// Status, times and delivery counts of an issue; `None` when there is no such issue.
    #[tracing::instrument(name = "store.issue_progress", skip(self))]
    pub async fn issue_progress(&self, issue_id: i64) -> Result<Option<IssueProgress>, StoreError> {
        let times = on_read_pool!(self, pool => {
            sqlx::query_as::<_, IssueTimes>(
                "SELECT status, send_at, started_at, finished_at FROM issues WHERE id = $1",
            )
            .bind(issue_id)
            .fetch_optional(pool)
            .await?
        });
        let Some(times) = times else {
            return Ok(None);
        };
        Ok(Some(IssueProgress {
            status: times.status,
            send_at: times.send_at,
            started_at: times.started_at,
            finished_at: times.finished_at,
            counts: self.delivery_counts(issue_id).await?,
        }))
    }

    /// Deliveries of an issue held back by the relay (out of reach, throttling, a used daily
    /// quota): waiting with no attempt spent but a reason kept. The count and the most common
    /// reason, for the issue page.
    pub async fn issue_held(&self, issue_id: i64) -> Result<Option<(i64, String)>, StoreError> {
        let held = on_read_pool!(self, pool => {
            sqlx::query_as::<_, (String, i64)>(
                "SELECT last_error, COUNT(*) FROM deliveries \
                 WHERE issue_id = $1 AND status = 'pending' AND attempts = 0 \
                   AND last_error IS NOT NULL \
                 GROUP BY last_error ORDER BY COUNT(*) DESC LIMIT 1",
            )
            .bind(issue_id)
            .fetch_optional(pool)
            .await?
        });
        Ok(held.map(|(reason, count)| (count, reason)))
    }

    /// How many of an issue's messages each relay took, most first.
    pub async fn issue_relays(&self, issue_id: i64) -> Result<Vec<(String, i64)>, StoreError> {
        Ok(on_read_pool!(self, pool => {
            sqlx::query_as::<_, (String, i64)>(
                "SELECT relay, CAST(sent AS BIGINT) FROM issue_relays WHERE issue_id = $1 \
                 ORDER BY sent DESC, relay",
            )
            .bind(issue_id)
            .fetch_all(pool)
            .await?
        }))
    }
}
