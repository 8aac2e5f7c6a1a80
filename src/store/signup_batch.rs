//! Sign-ups in batches: many readers' rows and their confirmations written in one
//! transaction with two multi-row statements. SQLite has a single writer, so throughput is
//! bounded by round trips per commit, not by work; batching is what lets one process take
//! thousands of sign-ups a second (see BENCHMARKS.md).
use std::collections::{HashMap, HashSet};

use chrono::Duration;
use sqlx::QueryBuilder;

use super::{NewMessage, SignupOutcome, Store, StoreError};
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

impl Store {
    /// Records sign-ups and queues their confirmations in one transaction, answering one
    /// outcome per request, in order. A new address becomes a pending reader with a
    /// confirmation; a pending or unsubscribed one gets a fresh confirmation at most once per
    /// `throttle`; a confirmed one gets nothing. The same address twice in a batch counts once.
    #[tracing::instrument(name = "store.signup_batch", skip_all, fields(size = requests.len()))]
    pub async fn signup_batch(
        &self,
        requests: Vec<SignupRequest>,
        throttle: Duration,
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
        let outcomes = on_write_pool!(self, pool => {
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

            let mut outcomes = Vec::with_capacity(requests.len());
            let mut messages = Vec::new();
            let mut answered = HashSet::new();
            for request in requests {
                let key = request.email.key();
                let first = answered.insert(key.clone());
                let (outcome, id) = match created.get(&key) {
                    Some(&id) if first => (SignupOutcome::Created, Some(id)),
                    // The same new address twice: its confirmation has just been queued.
                    Some(_) => (SignupOutcome::Throttled, None),
                    None => {
                        let resent: Option<i64> = sqlx::query_scalar(
                            "UPDATE subscribers SET status = 'pending', lang = $2, \
                                 confirmation_sent_at = $3 \
                             WHERE email_key = $1 AND status <> 'confirmed' \
                               AND (confirmation_sent_at IS NULL OR confirmation_sent_at <= $4) \
                             RETURNING id",
                        )
                        .bind(&key)
                        .bind(request.lang.code())
                        .bind(now)
                        .bind(now - throttle)
                        .fetch_optional(&mut *tx)
                        .await?;
                        match resent {
                            Some(id) => (SignupOutcome::Resent, Some(id)),
                            None => {
                                let status: String = sqlx::query_scalar(
                                    "SELECT status FROM subscribers WHERE email_key = $1",
                                )
                                .bind(&key)
                                .fetch_one(&mut *tx)
                                .await?;
                                let outcome = if status == "confirmed" {
                                    SignupOutcome::AlreadyConfirmed
                                } else {
                                    SignupOutcome::Throttled
                                };
                                (outcome, None)
                            }
                        }
                    }
                };
                if let Some(id) = id {
                    messages.push((request.compose)(id).map_err(StoreError::Compose)?);
                }
                outcomes.push(outcome);
            }

            insert_messages!(&mut *tx, messages, now);
            tx.commit().await?;
            outcomes
        });
        Ok(outcomes)
    }
}
