//! Sign-ups in batches: many readers' rows and their confirmations written in one
//! transaction with two multi-row statements. SQLite has a single writer, so throughput is
//! bounded by round trips per commit, not by work; batching is what lets one process take
//! thousands of sign-ups a second (see BENCHMARKS.md).
use std::collections::{HashMap, HashSet};
use std::sync::PoisonError;

use chrono::{DateTime, Utc};
use sqlx::QueryBuilder;

use super::confirmation_budget::{ALL, Budget, ConfirmationLimits, CountedAs};
use super::mailbox_ledger::MAX_MAILBOXES;
use super::{MAX_HARD_BOUNCES, NewMessage, SignupOutcome, Store, StoreError};
use crate::domain::{Lang, SubscriberEmail, SubscriberName};

/// Composes the confirmation e-mail once the reader's id is known (the link is signed with it).
pub type ComposeConfirmation = Box<dyn FnOnce(i64) -> anyhow::Result<NewMessage> + Send + Sync>;

pub struct SignupRequest {
    pub email: SubscriberEmail,
    pub name: Option<SubscriberName>,
    pub lang: Lang,
    pub compose: ComposeConfirmation,
}

/// Rows per statement: far below both databases' limits on bound parameters.
pub const MAX_BATCH: usize = 256;

/// A confirmation in the outbox as the mailbox ledger reads it: (mailbox hash, created at).
type MailedRow = (String, DateTime<Utc>);
/// A scope's latest hourly count: (scope, hour, booked).
type HourRow = (String, i64, i64);

/// A known reader as the sign-up sees them.
#[derive(sqlx::FromRow)]
struct Known {
    id: i64,
    status: String,
    suppressed: Option<String>,
    hard_bounces: i64,
    confirmation_sent_at: Option<DateTime<Utc>>,
    unsubscribed_at: Option<DateTime<Utc>>,
}

impl Known {
    /// What a stranger's sign-up may do for this reader (see [`ConfirmationLimits`]).
    fn outcome(&self, limits: &ConfirmationLimits, now: DateTime<Utc>) -> Option<SignupOutcome> {
        if self.status == "confirmed" {
            return Some(SignupOutcome::AlreadyConfirmed);
        }
        // Imported as unsubscribed, complained or bounced for good: never mailed on request.
        if self.suppressed.is_some() || self.hard_bounces >= i64::from(MAX_HARD_BOUNCES) {
            return Some(SignupOutcome::Suppressed);
        }
        if self.status == "unsubscribed" {
            let asked_since_leaving = self
                .confirmation_sent_at
                .is_some_and(|sent| self.unsubscribed_at.is_none_or(|left| sent > left));
            let recently = self
                .confirmation_sent_at
                .is_some_and(|sent| sent > now - limits.unsubscribed_gap);
            if asked_since_leaving && recently {
                return Some(SignupOutcome::Throttled);
            }
        }
        None
    }
}

impl Store {
    /// Records sign-ups and queues their confirmations in one transaction, answering one
    /// outcome per request, in order. A new address becomes a pending reader with a
    /// confirmation; a pending one may get a fresh confirmation; a reader who unsubscribed
    /// stays unsubscribed and may get one confirmation a week (confirming brings them back);
    /// a suppressed or confirmed one gets nothing. Every confirmation is counted and
    /// scheduled by [`Budget`]. The same address twice in a batch counts once.
    #[tracing::instrument(name = "store.signup_batch", skip_all, fields(size = requests.len()))]
    pub async fn signup_batch(
        &self,
        requests: Vec<SignupRequest>,
        limits: ConfirmationLimits,
    ) -> Result<Vec<SignupOutcome>, StoreError> {
        let counted = requests.iter().map(|r| CountedAs::of(&r.email)).collect();
        self.signup_batch_counted(requests, counted, limits).await
    }

    /// [`Store::signup_batch`] with each address's [`CountedAs`] already worked out (the
    /// sign-up queue hashes on the callers' threads, keeping the one writer's work short).
    pub async fn signup_batch_counted(
        &self,
        requests: Vec<SignupRequest>,
        counted: Vec<CountedAs>,
        limits: ConfirmationLimits,
    ) -> Result<Vec<SignupOutcome>, StoreError> {
        assert!(
            requests.len() <= MAX_BATCH,
            "batches are capped by the caller"
        );
        let now = super::now();
        let mut first_seen = HashSet::new();
        let firsts: Vec<&SignupRequest> = requests
            .iter()
            .filter(|r| first_seen.insert(r.email.key()))
            .collect();
        // The budget is read on the read pool while the writer inserts: two round trips at
        // once instead of one after the other. Only this writer books confirmations (on
        // PostgreSQL, another worker's batch may book at the same moment: the ceilings are then
        // overshot by at most one batch).
        let read = self.read_budget(&counted, limits, now);
        let outcomes = on_write_pool!(self, pool => {
            let write = async {
                let mut tx = pool.begin().await?;
                let mut insert = QueryBuilder::new(
                    "INSERT INTO subscribers \
                     (email, email_key, name, status, lang, created_at, confirmation_sent_at) ",
                );
                insert.push_values(&firsts, |mut row, r| {
                    row.push_bind(r.email.as_str().to_owned())
                        .push_bind(r.email.key())
                        .push_bind(r.name.as_ref().map(|n| n.as_str().to_owned()))
                        .push("'pending'")
                        .push_bind(r.lang.code())
                        .push_bind(now)
                        .push_bind(now);
                });
                insert.push(" ON CONFLICT (email_key) DO NOTHING RETURNING id, email_key");
                let created: HashMap<String, i64> = insert
                    .build_query_as::<(i64, String)>()
                    .fetch_all(&mut *tx)
                    .await?
                    .into_iter()
                    .map(|(id, key)| (key, id))
                    .collect();
                Ok::<_, StoreError>((tx, created))
            };
            let (mut budget, (mut tx, created)) = tokio::try_join!(read, write)?;

            let mut outcomes = Vec::with_capacity(requests.len());
            let mut messages = Vec::new();
            let mut mailed = Vec::new();
            let mut answered = HashSet::new();
            for (request, counted) in requests.into_iter().zip(&counted) {
                let key = request.email.key();
                let first = answered.insert(key.clone());
                let (candidate, id) = match created.get(&key) {
                    Some(&id) if first => (SignupOutcome::Created, id),
                    // The same address twice in one batch: the first one decided.
                    _ if !first => {
                        outcomes.push(SignupOutcome::Throttled);
                        continue;
                    }
                    _ => {
                        let known: Known = sqlx::query_as(
                            "SELECT id, status, suppressed, CAST(hard_bounces AS BIGINT) \
                                 AS hard_bounces, confirmation_sent_at, unsubscribed_at \
                             FROM subscribers WHERE email_key = $1",
                        )
                        .bind(&key)
                        .fetch_one(&mut *tx)
                        .await?;
                        if let Some(outcome) = known.outcome(&limits, now) {
                            outcomes.push(outcome);
                            continue;
                        }
                        (SignupOutcome::Resent, known.id)
                    }
                };
                if !budget.mailbox_allows(counted) {
                    // Stored all the same (a new reader stays pending), but not mailed again.
                    outcomes.push(SignupOutcome::Throttled);
                    continue;
                }
                let send_at = budget.schedule(counted);
                // A new reader's row already says so (one statement fewer per sign-up).
                if candidate == SignupOutcome::Resent {
                    sqlx::query(
                        "UPDATE subscribers SET confirmation_sent_at = $2, lang = $3 \
                         WHERE id = $1",
                    )
                    .bind(id)
                    .bind(now)
                    .bind(request.lang.code())
                    .execute(&mut *tx)
                    .await?;
                }
                let message = (request.compose)(id).map_err(StoreError::Compose)?;
                messages.push((message, send_at, Some(counted.mailbox.clone())));
                mailed.push(counted.mailbox_bits);
                outcomes.push(if send_at > now {
                    SignupOutcome::Delayed
                } else {
                    candidate
                });
            }

            if !budget.added.is_empty() {
                let mut counts =
                    QueryBuilder::new("INSERT INTO confirmation_hours (scope, hour, booked) ");
                counts.push_values(&budget.added, |mut row, ((scope, hour), added)| {
                    row.push_bind(scope.clone()).push_bind(*hour).push_bind(*added);
                });
                counts.push(
                    " ON CONFLICT (scope, hour) DO UPDATE \
                     SET booked = confirmation_hours.booked + excluded.booked",
                );
                counts.build().execute(&mut *tx).await?;
            }
            insert_messages!(&mut *tx, messages, now);
            tx.commit().await?;
            (outcomes, mailed)
        });
        let (outcomes, mailed) = outcomes;
        self.mailboxes
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .record_batch(&mailed, now);
        Ok(outcomes)
    }

    /// What the confirmation budget of a batch starts from (see [`Budget`]): the latest hour
    /// of the service and of each domain of the batch, in one statement (each statement is a
    /// round trip, and rows come back one by one; a seek each, however many hours a flood has
    /// queued), and each mailbox's confirmations from the in-memory ledger, brought up to date
    /// with the outbox at most once a second.
    async fn read_budget(
        &self,
        counted: &[CountedAs],
        limits: ConfirmationLimits,
        now: DateTime<Utc>,
    ) -> Result<Budget, StoreError> {
        let mut seen = HashSet::new();
        let scopes: Vec<&str> = std::iter::once(ALL)
            .chain(counted.iter().map(|c| c.domain.as_str()))
            .filter(|scope| seen.insert(*scope))
            .collect();
        let (due, loaded, read_from, own) = {
            let ledger = self
                .mailboxes
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            let from = ledger.read_from(now);
            (ledger.due(), ledger.loaded(), from, ledger.own_since(from))
        };
        let (rows, mailed): (Vec<HourRow>, Option<Vec<MailedRow>>) = on_read_pool!(self, pool => {
            let mut read = QueryBuilder::new("");
            for (n, scope) in scopes.iter().enumerate() {
                if n > 0 {
                    read.push(" UNION ALL ");
                }
                read.push(
                    "SELECT * FROM (SELECT scope, hour, booked FROM confirmation_hours \
                     WHERE scope = ",
                );
                read.push_bind(scope.to_string())
                    .push(format!(" ORDER BY hour DESC LIMIT 1) AS latest{n}"));
            }
            let rows = read.build_query_as().fetch_all(pool).await?;
            // Rows after `read_from`, counted on the time index (which only appends:
            // cheap to keep, unlike one on the random hash) before any is read.
            let foreign = due && (!loaded || {
                let recent: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM outbox \
                     WHERE mailbox_hash IS NOT NULL AND created_at > $1",
                )
                .bind(read_from)
                .fetch_one(pool)
                .await?;
                recent != own
            });
            let mailed = if foreign {
                sqlx::query_as(
                    "SELECT mailbox_hash, created_at FROM outbox \
                     WHERE mailbox_hash IS NOT NULL AND created_at > $1 \
                     ORDER BY created_at DESC LIMIT $2",
                )
                .bind(read_from)
                .bind(MAX_MAILBOXES as i64)
                .fetch_all(pool)
                .await?
            } else {
                Vec::new()
            };
            (rows, foreign.then_some(mailed))
        });
        let mut budget = Budget::new(limits, now);
        for (scope, hour, booked) in rows {
            budget.latest.insert(scope, (hour, booked));
        }
        let mut ledger = self
            .mailboxes
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        match mailed {
            Some(rows) => ledger.absorb(rows, now),
            None if due => ledger.caught_up(read_from),
            None => {}
        }
        for c in counted {
            let counts = ledger.counts(c.mailbox_bits, now, limits.mailbox_gap);
            budget.mailboxes.insert(c.mailbox_bits, counts);
        }
        Ok(budget)
    }
}
