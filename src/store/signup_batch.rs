//! Sign-ups in batches: many readers' rows and their confirmations written in one
//! transaction with two multi-row statements. SQLite has a single writer, so throughput is
//! bounded by round trips per commit, not by work; batching is what lets one process take
//! thousands of sign-ups a second (see BENCHMARKS.md).
use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use sqlx::QueryBuilder;

use super::confirmation_budget::{ALL, Budget, ConfirmationLimits, CountedAs, hour_of};
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
        let counted: Vec<CountedAs> = requests.iter().map(|r| CountedAs::of(&r.email)).collect();
        let outcomes = on_write_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let mut insert = QueryBuilder::new(
                "INSERT INTO subscribers (email, email_key, name, status, lang, created_at) ",
            );
            insert.push_values(&firsts, |mut row, r| {
                row.push_bind(r.email.as_str().to_owned())
                    .push_bind(r.email.key())
                    .push_bind(r.name.as_ref().map(|n| n.as_str().to_owned()))
                    .push("'pending'")
                    .push_bind(r.lang.code())
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

            let mut budget = Budget::new(limits, now);
            let mut hours = QueryBuilder::new(
                "SELECT scope, hour, booked FROM confirmation_hours WHERE hour >= ",
            );
            hours
                .push_bind(hour_of(now))
                .push(" AND scope IN (")
                .push_bind(ALL);
            for c in &counted {
                hours.push(", ").push_bind(c.domain.clone());
            }
            hours.push(")");
            budget.hours = hours
                .build_query_as::<(String, i64, i64)>()
                .fetch_all(&mut *tx)
                .await?
                .into_iter()
                .map(|(scope, hour, booked)| ((scope, hour), booked))
                .collect();
            let mut mailboxes = QueryBuilder::new(
                "SELECT mailbox_hash, COUNT(*), SUM(CASE WHEN send_at > ",
            );
            mailboxes
                .push_bind(now - limits.mailbox_gap)
                .push(" THEN 1 ELSE 0 END) FROM confirmation_sends WHERE send_at > ")
                .push_bind(now - Duration::days(1))
                .push(" AND mailbox_hash IN (");
            let mut list = mailboxes.separated(", ");
            for c in &counted {
                list.push_bind(c.mailbox.clone());
            }
            mailboxes.push(") GROUP BY mailbox_hash");
            budget.mailboxes = mailboxes
                .build_query_as::<(String, i64, i64)>()
                .fetch_all(&mut *tx)
                .await?
                .into_iter()
                .map(|(hash, day, recent)| (hash, (day, recent)))
                .collect();

            let mut outcomes = Vec::with_capacity(requests.len());
            let mut messages = Vec::new();
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
                sqlx::query(
                    "UPDATE subscribers SET confirmation_sent_at = $2, lang = $3 WHERE id = $1",
                )
                .bind(id)
                .bind(now)
                .bind(request.lang.code())
                .execute(&mut *tx)
                .await?;
                let message = (request.compose)(id).map_err(StoreError::Compose)?;
                messages.push((message, send_at));
                outcomes.push(if send_at > now {
                    SignupOutcome::Delayed
                } else {
                    candidate
                });
            }

            if !budget.scheduled.is_empty() {
                let mut log =
                    QueryBuilder::new("INSERT INTO confirmation_sends (mailbox_hash, send_at) ");
                log.push_values(&budget.scheduled, |mut row, (mailbox, at)| {
                    row.push_bind(mailbox.clone()).push_bind(*at);
                });
                log.build().execute(&mut *tx).await?;
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
            outcomes
        });
        Ok(outcomes)
    }
}
