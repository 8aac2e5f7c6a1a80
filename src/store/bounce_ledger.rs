//! The bounce ledger: each event stored once however often its report arrives, and the rules
//! it applies to its reader in the same transaction. A hard bounce suppresses at once; soft
//! bounces count a day each (a score of 0.5 a day, as Mailman keeps) and suppress at
//! [`SOFT_BOUNCE_DAYS_TO_SUPPRESS`], forgotten after [`SOFT_BOUNCES_FORGOTTEN_AFTER`] without
//! one; a complaint unsubscribes and suppresses. A suppressed address is never mailed and a
//! stranger's sign-up cannot bring it back; only an editor lifts it.
use chrono::{DateTime, Duration, Utc};

use super::statuses::BounceKind;
use super::{Store, StoreError};
use crate::bounces::BounceTag;

/// Six days with a soft bounce (a score of 3.0): six weekly letters in a row.
pub const SOFT_BOUNCE_DAYS_TO_SUPPRESS: i64 = 6;
/// A score with no soft bounce for this long starts again from nothing.
pub const SOFT_BOUNCES_FORGOTTEN_AFTER: Duration = Duration::weeks(4);
/// Longest diagnostic kept: enough for any real server's sentence.
const DIAGNOSTIC_MAX: usize = 500;

/// One event as a report or a webhook gave it.
#[derive(Debug, Clone)]
pub struct NewBounceEvent {
    pub tag: BounceTag,
    pub kind: BounceKind,
    /// The enhanced status code (`5.1.1`) when there is one.
    pub status: Option<String>,
    pub diagnostic: Option<String>,
    /// Where it came from: `dsn`, `arf`, `mbox`, `smtp`, or a provider's name.
    pub source: &'static str,
    /// The same report twice gives the same key, and counts once.
    pub dedupe_key: String,
    pub at: DateTime<Utc>,
}

/// What recording one event did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// Stored and applied; `suppressed`: the reader was suppressed by it just now.
    New { suppressed: bool },
    /// Stored before (the same report again): nothing changed.
    Duplicate,
    /// The reader (or the message) is gone, erased or never ours: nothing stored.
    Unknown,
}

/// The reader's bounce state before an event.
#[derive(sqlx::FromRow)]
pub(super) struct ReaderState {
    pub(super) id: i64,
    pub(super) suppressed: Option<String>,
    pub(super) soft_bounce_days: i64,
    pub(super) last_soft_bounce_at: Option<DateTime<Utc>>,
}

/// Soft-bounce days after one more soft bounce at `at`: the same day counts once, and a
/// long quiet spell starts the count again.
pub(super) fn soft_days_after(state: &ReaderState, at: DateTime<Utc>) -> (i64, bool) {
    match state.last_soft_bounce_at {
        Some(last) if at - last < Duration::days(1) => (state.soft_bounce_days, false),
        Some(last) if at - last < SOFT_BOUNCES_FORGOTTEN_AFTER => {
            (state.soft_bounce_days + 1, true)
        }
        _ => (1, true),
    }
}

pub(super) fn clip(text: Option<&str>) -> Option<String> {
    text.map(|t| t.chars().take(DIAGNOSTIC_MAX).collect())
}

/// Stores one [`NewBounceEvent`] through `$tx` (an open write transaction) unless it is
/// stored already, and applies its rule to the reader; the [`Recorded`] it did. A macro
/// because the transaction's type is each backend's: every report, whatever its source
/// (a DSN, a webhook, the relay's own refusal while sending), goes through this one rule.
macro_rules! apply_bounce_event {
    ($tx:ident, $event:expr) => {{
        use $crate::bounces::BounceTag;
        use $crate::store::bounce_ledger::{
            ReaderState, SOFT_BOUNCE_DAYS_TO_SUPPRESS, clip, soft_days_after,
        };
        use $crate::store::{BounceKind, Recorded};
        'apply: {
                let (subscriber_id, issue_id) = match $event.tag {
                    BounceTag::Delivery { subscriber_id, issue_id } => {
                        (Some(subscriber_id), Some(issue_id))
                    }
                    BounceTag::Outbox { outbox_id } => {
                        let owner: Option<Option<i64>> =
                            sqlx::query_scalar("SELECT subscriber_id FROM outbox WHERE id = $1")
                                .bind(outbox_id)
                                .fetch_optional(&mut *$tx)
                                .await?;
                        (owner.flatten(), None)
                    }
                };
                let state: Option<ReaderState> = match subscriber_id {
                    None => None,
                    Some(id) => sqlx::query_as(
                        "SELECT id, suppressed, CAST(soft_bounce_days AS BIGINT) AS soft_bounce_days, \
                                last_soft_bounce_at \
                         FROM subscribers WHERE id = $1",
                    )
                    .bind(id)
                    .fetch_optional(&mut *$tx)
                    .await?,
                };
                let Some(state) = state else {
                    break 'apply Recorded::Unknown;
                };
                // An issue deleted since: the event still counts for the reader.
                let issue_id: Option<i64> = match issue_id {
                    None => None,
                    Some(id) => sqlx::query_scalar("SELECT id FROM issues WHERE id = $1")
                        .bind(id)
                        .fetch_optional(&mut *$tx)
                        .await?,
                };
                let stored = sqlx::query(
                    "INSERT INTO bounce_events (subscriber_id, issue_id, kind, status, diagnostic, \
                         source, dedupe_key, received_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (dedupe_key) DO NOTHING",
                )
                .bind(state.id)
                .bind(issue_id)
                .bind($event.kind.as_str())
                .bind(clip($event.status.as_deref()))
                .bind(clip($event.diagnostic.as_deref()))
                .bind($event.source)
                .bind(&$event.dedupe_key)
                .bind($event.at)
                .execute(&mut *$tx)
                .await?
                .rows_affected();
                if stored == 0 {
                    break 'apply Recorded::Duplicate;
                }
                let was_suppressed = state.suppressed.is_some();
                let suppresses = match $event.kind {
                    BounceKind::Delivered => false,
                    BounceKind::Hard => {
                        sqlx::query(
                            "UPDATE subscribers SET hard_bounces = hard_bounces + 1, \
                                 suppressed = COALESCE(suppressed, 'hard_bounce'), \
                                 suppressed_at = COALESCE(suppressed_at, $2) \
                             WHERE id = $1",
                        )
                        .bind(state.id)
                        .bind($event.at)
                        .execute(&mut *$tx)
                        .await?;
                        true
                    }
                    BounceKind::Soft => {
                        let (days, counted) = soft_days_after(&state, $event.at);
                        let over = days >= SOFT_BOUNCE_DAYS_TO_SUPPRESS;
                        if counted {
                            sqlx::query(
                                "UPDATE subscribers SET soft_bounce_days = $2, last_soft_bounce_at = $3, \
                                     suppressed = CASE WHEN $4 THEN COALESCE(suppressed, 'hard_bounce') \
                                                  ELSE suppressed END, \
                                     suppressed_at = CASE WHEN $4 THEN COALESCE(suppressed_at, $3) \
                                                     ELSE suppressed_at END \
                                 WHERE id = $1",
                            )
                            .bind(state.id)
                            .bind(days)
                            .bind($event.at)
                            .bind(over)
                            .execute(&mut *$tx)
                            .await?;
                        }
                        over
                    }
                    BounceKind::Complaint => {
                        sqlx::query(
                            "UPDATE subscribers SET suppressed = 'complaint', \
                                 suppressed_at = COALESCE(suppressed_at, $2), \
                                 unsubscribed_at = CASE WHEN status = 'unsubscribed' \
                                                   THEN unsubscribed_at ELSE $2 END, \
                                 status = 'unsubscribed' \
                             WHERE id = $1",
                        )
                        .bind(state.id)
                        .bind($event.at)
                        .execute(&mut *$tx)
                        .await?;
                        true
                    }
                };
                Recorded::New {
                    suppressed: suppresses && !was_suppressed,
                }
        }
    }};
}

impl Store {
    /// Stores each event once and applies its rule, all in one transaction: a crash leaves
    /// all of a batch or none of it.
    #[tracing::instrument(name = "store.record_bounce_events", skip_all, fields(count = events.len()))]
    pub async fn record_bounce_events(
        &self,
        events: &[NewBounceEvent],
    ) -> Result<Vec<Recorded>, StoreError> {
        let mut answers = Vec::with_capacity(events.len());
        on_write_pool!(self, pool => {
            let mut tx = super::dispatch::BeginWrite::begin_write(pool).await?;
            for event in events {
                answers.push(apply_bounce_event!(tx, event));
            }
            tx.commit().await?;
        });
        Ok(answers)
    }

    /// An editor lifts a reader's suppression: the address may be mailed again (a reader who
    /// complained stays unsubscribed until they sign up again), in the audit log with who
    /// did it. `false`: nothing to lift.
    pub async fn lift_suppression(
        &self,
        subscriber_id: i64,
        by: &super::Actor,
    ) -> Result<bool, StoreError> {
        let lifted = on_write_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let lifted = sqlx::query(
                "UPDATE subscribers SET suppressed = NULL, suppressed_at = NULL, hard_bounces = 0, \
                     soft_bounce_days = 0, last_soft_bounce_at = NULL \
                 WHERE id = $1 AND suppressed IS NOT NULL",
            )
            .bind(subscriber_id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                > 0;
            if lifted {
                let detail = format!("reader #{subscriber_id}: address may be mailed again");
                insert_audit!(&mut *tx, by, super::AuditAction::LiftSuppression, detail)?;
            }
            tx.commit().await?;
            lifted
        });
        Ok(lifted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(days: i64, last: Option<DateTime<Utc>>) -> ReaderState {
        ReaderState {
            id: 1,
            suppressed: None,
            soft_bounce_days: days,
            last_soft_bounce_at: last,
        }
    }

    #[test]
    fn soft_bounces_count_once_a_day_and_are_forgotten_after_weeks() {
        let now = Utc::now();
        assert_eq!(soft_days_after(&state(0, None), now), (1, true));
        let same_day = state(3, Some(now - Duration::hours(5)));
        assert_eq!(soft_days_after(&same_day, now), (3, false));
        let last_week = state(3, Some(now - Duration::days(7)));
        assert_eq!(soft_days_after(&last_week, now), (4, true));
        let long_ago = state(5, Some(now - Duration::weeks(5)));
        assert_eq!(soft_days_after(&long_ago, now), (1, true));
    }
}
