//! Sign-ups in batches: many readers' rows and their confirmations written in one
//! transaction with two multi-row statements. SQLite has a single writer, so throughput is
//! bounded by round trips per commit, not by work; batching is what lets one process take
//! thousands of sign-ups a second (see BENCHMARKS.md).
use super::statuses::SubscriberStatus;
use std::collections::{HashMap, HashSet};
use std::sync::PoisonError;

use chrono::{DateTime, Utc};
use sqlx::QueryBuilder;

use super::confirmation_budget::{ConfirmationLimits, CountedAs, hour_of};
use super::{
    Backend, MAX_HARD_BOUNCES, NewMessage, SignupAnswer, SignupOutcome, Store, StoreError,
};
use crate::domain::{Lang, SubscriberEmail, SubscriberName};
use crate::topics::TopicChoice;

/// Composes the confirmation e-mail once the reader's id is known (the link is signed with it).
pub type ComposeConfirmation = Box<dyn FnOnce(i64) -> anyhow::Result<NewMessage> + Send + Sync>;

pub struct SignupRequest {
    pub email: SubscriberEmail,
    pub name: Option<SubscriberName>,
    pub lang: Lang,
    /// Set on a new reader, and on one who is not confirmed yet when asked again; a confirmed
    /// reader's are changed only from their preference page.
    pub topics: TopicChoice,
    pub compose: ComposeConfirmation,
}

/// Rows per statement: far below both databases' limits on bound parameters.
pub const MAX_BATCH: usize = 256;

/// A known reader as the sign-up sees them.
#[derive(sqlx::FromRow)]
struct Known {
    id: i64,
    #[sqlx(try_from = "String")]
    status: SubscriberStatus,
    suppressed: Option<String>,
    hard_bounces: i64,
    confirmation_sent_at: Option<DateTime<Utc>>,
    unsubscribed_at: Option<DateTime<Utc>>,
}

impl Known {
    /// What a stranger's sign-up may do for this reader (see [`ConfirmationLimits`]).
    fn outcome(&self, limits: &ConfirmationLimits, now: DateTime<Utc>) -> Option<SignupOutcome> {
        if self.status == SubscriberStatus::Confirmed {
            return Some(SignupOutcome::AlreadyConfirmed);
        }
        // Imported as unsubscribed, complained or bounced for good: never mailed on request.
        if self.suppressed.is_some() || self.hard_bounces >= i64::from(MAX_HARD_BOUNCES) {
            return Some(SignupOutcome::Suppressed);
        }
        if self.status == SubscriberStatus::Unsubscribed {
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
        let answers = self.signup_batch_counted(requests, counted, limits).await?;
        Ok(answers.into_iter().map(|a| a.outcome).collect())
    }

    /// [`Store::signup_batch`] with each address's [`CountedAs`] already worked out (the
    /// sign-up queue hashes on the callers' threads, keeping the one writer's work short).
    pub async fn signup_batch_counted(
        &self,
        requests: Vec<SignupRequest>,
        counted: Vec<CountedAs>,
        limits: ConfirmationLimits,
    ) -> Result<Vec<SignupAnswer>, StoreError> {
        assert!(
            requests.len() <= MAX_BATCH,
            "batches are capped by the caller"
        );
        let now = super::now();
        // The budget is read on the read pool while the writer inserts: two round trips at
        // once instead of one after the other. Only this writer books confirmations (on
        // PostgreSQL, other processes book too: a ceiling is then overshot by at most what
        // each of them has not written yet, a tenth of it and a batch).
        let read = self.read_budget(&counted, limits, now);
        // The counts due go with this batch (`hour_ledger`): on PostgreSQL, where several
        // processes book, also those near their ceiling.
        let several_writers = matches!(self.backend, Backend::Postgres(_));
        let due_hours = self
            .hours
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take_due(false, several_writers.then_some(&limits));
        let written: Result<_, StoreError> = async {
            let mut first_seen = HashSet::new();
            let firsts: Vec<&SignupRequest> = requests
                .iter()
                .filter(|r| first_seen.insert(r.email.key()))
                .collect();
            Ok(on_write_pool!(self, pool => {
                let write = async {
                    let mut tx = pool.begin().await?;
                    let mut insert = QueryBuilder::new(
                        "INSERT INTO subscribers \
                         (email, email_key, name, status, lang, created_at, confirmation_sent_at, \
                          topics) ",
                    );
                    insert.push_values(&firsts, |mut row, r| {
                        row.push_bind(r.email.as_str().to_owned())
                            .push_bind(r.email.key())
                            .push_bind(r.name.as_ref().map(|n| n.as_str().to_owned()))
                            .push("'pending'")
                            .push_bind(r.lang.code())
                            .push_bind(now)
                            .push_bind(now)
                            .push_bind(r.topics.to_column());
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
                    let new_reader = created.get(&key).filter(|_| first).map(|&id| (id, now));
                    let answer = |outcome| SignupAnswer { outcome, new_reader };
                    let (candidate, id) = match created.get(&key) {
                        Some(&id) if first => (SignupOutcome::Created, id),
                        // The same address twice in one batch: the first one decided.
                        _ if !first => {
                            outcomes.push(answer(SignupOutcome::Throttled));
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
                                outcomes.push(answer(outcome));
                                continue;
                            }
                            (SignupOutcome::Resent, known.id)
                        }
                    };
                    if !budget.mailbox_allows(counted) {
                        // Stored all the same (a new reader stays pending), but not mailed again.
                        outcomes.push(answer(SignupOutcome::Throttled));
                        continue;
                    }
                    let send_at = budget.schedule(counted);
                    // A new reader's row already says so (one statement fewer per sign-up).
                    if candidate == SignupOutcome::Resent {
                        sqlx::query(
                            "UPDATE subscribers SET confirmation_sent_at = $2, lang = $3, \
                                 topics = $4 \
                             WHERE id = $1",
                        )
                        .bind(id)
                        .bind(now)
                        .bind(request.lang.code())
                        .bind(request.topics.to_column())
                        .execute(&mut *tx)
                        .await?;
                    }
                    let message = (request.compose)(id).map_err(StoreError::Compose)?;
                    messages.push((message, send_at, Some(counted.mailbox.clone())));
                    mailed.push(counted.mailbox_bits);
                    outcomes.push(answer(if send_at > now {
                        SignupOutcome::Delayed
                    } else {
                        candidate
                    }));
                }

                let totals = if due_hours.is_empty() {
                    insert_messages!(&mut *tx, messages, now);
                    Vec::new()
                } else if several_writers && !messages.is_empty() {
                    // One statement for both (a data-modifying `WITH`, which SQLite lacks).
                    queue_and_book!(&mut *tx, messages, &due_hours, now)
                } else {
                    let totals = book_hours!(&mut *tx, &due_hours);
                    insert_messages!(&mut *tx, messages, now);
                    totals
                };
                tx.commit().await?;
                let waiting = std::mem::take(&mut budget.added);
                (outcomes, mailed, totals, budget.latest, waiting)
            }))
        }
        .await;
        let (outcomes, mailed, totals, booked, waiting) = match written {
            Ok(written) => written,
            Err(error) => {
                self.give_back(due_hours);
                return Err(error);
            }
        };
        self.mailboxes
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .record_batch(&mailed, now);
        // What this batch booked, then the database's totals where they came back.
        {
            let mut hours = self.hours.lock().unwrap_or_else(PoisonError::into_inner);
            hours.wait(waiting);
            for (scope, (hour, count)) in booked {
                hours.learn(&scope, hour, count, hour_of(now));
            }
        }
        self.learn_totals(totals);
        Ok(outcomes)
    }
}
