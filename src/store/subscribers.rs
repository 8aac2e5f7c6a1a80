use chrono::{DateTime, Duration, Utc};

use super::{NewMessage, Store, StoreError};
use crate::domain::{Lang, SubscriberEmail, SubscriberName};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubscriberStatus {
    Pending,
    Confirmed,
    Unsubscribed,
}

impl TryFrom<String> for SubscriberStatus {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        match value.as_str() {
            "pending" => Ok(Self::Pending),
            "confirmed" => Ok(Self::Confirmed),
            "unsubscribed" => Ok(Self::Unsubscribed),
            other => Err(format!("unknown subscriber status {other:?}")),
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Subscriber {
    pub id: i64,
    pub email: String,
    pub name: Option<String>,
    #[sqlx(try_from = "String")]
    pub status: SubscriberStatus,
    pub lang: String,
    pub created_at: DateTime<Utc>,
    pub confirmation_sent_at: Option<DateTime<Utc>>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub unsubscribed_at: Option<DateTime<Utc>>,
}

/// What a sign-up did. The reader is never told which (no enumeration); logs and tests are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignupOutcome {
    /// A new pending reader, with a confirmation in the outbox.
    Created,
    /// A known pending or unsubscribed reader, sent a fresh confirmation.
    Resent,
    /// A confirmation went out to this address less than the throttle ago: nothing sent.
    Throttled,
    AlreadyConfirmed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfirmOutcome {
    Confirmed,
    AlreadyConfirmed,
    Unsubscribed,
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnsubscribeOutcome {
    Unsubscribed,
    AlreadyUnsubscribed,
    Unknown,
}

/// The columns [`Subscriber`] reads, as a literal so that queries stay `&'static str`.
macro_rules! subscriber_columns {
    () => {
        "id, email, name, status, lang, created_at, confirmation_sent_at, confirmed_at, \
         unsubscribed_at"
    };
}

impl Store {
    /// Records a sign-up and, in the same transaction, queues its confirmation e-mail, which
    /// `confirmation` renders once the reader's id is known. A pending or unsubscribed address
    /// gets a new confirmation at most once per `throttle`; a confirmed one gets nothing.
    #[tracing::instrument(name = "store.signup", skip_all, fields(subscriber_id))]
    pub async fn signup(
        &self,
        email: &SubscriberEmail,
        name: Option<&SubscriberName>,
        lang: Lang,
        throttle: Duration,
        confirmation: impl FnOnce(i64) -> anyhow::Result<NewMessage>,
    ) -> Result<SignupOutcome, StoreError> {
        let now = super::now();
        let outcome = on_write_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let created: Option<i64> = sqlx::query_scalar(
                "INSERT INTO subscribers \
                     (email, email_key, name, status, lang, created_at, confirmation_sent_at) \
                 VALUES ($1, $2, $3, 'pending', $4, $5, $5) \
                 ON CONFLICT (email_key) DO NOTHING RETURNING id",
            )
            .bind(email.as_str())
            .bind(email.key())
            .bind(name.map(SubscriberName::as_str))
            .bind(lang.code())
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
            let (id, outcome) = match created {
                Some(id) => (Some(id), SignupOutcome::Created),
                None => {
                    let resent: Option<i64> = sqlx::query_scalar(
                        "UPDATE subscribers SET status = 'pending', lang = $2, \
                             confirmation_sent_at = $3 \
                         WHERE email_key = $1 AND status <> 'confirmed' \
                           AND (confirmation_sent_at IS NULL OR confirmation_sent_at <= $4) \
                         RETURNING id",
                    )
                    .bind(email.key())
                    .bind(lang.code())
                    .bind(now)
                    .bind(now - throttle)
                    .fetch_optional(&mut *tx)
                    .await?;
                    match resent {
                        Some(id) => (Some(id), SignupOutcome::Resent),
                        None => {
                            let status: String = sqlx::query_scalar(
                                "SELECT status FROM subscribers WHERE email_key = $1",
                            )
                            .bind(email.key())
                            .fetch_one(&mut *tx)
                            .await?;
                            let outcome = if status == "confirmed" {
                                SignupOutcome::AlreadyConfirmed
                            } else {
                                SignupOutcome::Throttled
                            };
                            (None, outcome)
                        }
                    }
                }
            };
            if let Some(id) = id {
                tracing::Span::current().record("subscriber_id", id);
                let message = confirmation(id).map_err(StoreError::Compose)?;
                insert_message!(&mut *tx, message, now);
            }
            tx.commit().await?;
            outcome
        });
        Ok(outcome)
    }

    #[tracing::instrument(name = "store.confirm", skip(self))]
    pub async fn confirm(&self, subscriber_id: i64) -> Result<ConfirmOutcome, StoreError> {
        let now = super::now();
        let outcome = on_write_pool!(self, pool => {
            let updated: Option<i64> = sqlx::query_scalar(
                "UPDATE subscribers SET status = 'confirmed', confirmed_at = $2 \
                 WHERE id = $1 AND status = 'pending' RETURNING id",
            )
            .bind(subscriber_id)
            .bind(now)
            .fetch_optional(pool)
            .await?;
            if updated.is_some() {
                ConfirmOutcome::Confirmed
            } else {
                let status: Option<String> =
                    sqlx::query_scalar("SELECT status FROM subscribers WHERE id = $1")
                        .bind(subscriber_id)
                        .fetch_optional(pool)
                        .await?;
                match status.as_deref() {
                    Some("confirmed") => ConfirmOutcome::AlreadyConfirmed,
                    Some(_) => ConfirmOutcome::Unsubscribed,
                    None => ConfirmOutcome::Unknown,
                }
            }
        });
        Ok(outcome)
    }

    #[tracing::instrument(name = "store.unsubscribe", skip(self))]
    pub async fn unsubscribe(&self, subscriber_id: i64) -> Result<UnsubscribeOutcome, StoreError> {
        let now = super::now();
        let outcome = on_write_pool!(self, pool => {
            let updated: Option<i64> = sqlx::query_scalar(
                "UPDATE subscribers SET status = 'unsubscribed', unsubscribed_at = $2 \
                 WHERE id = $1 AND status <> 'unsubscribed' RETURNING id",
            )
            .bind(subscriber_id)
            .bind(now)
            .fetch_optional(pool)
            .await?;
            if updated.is_some() {
                UnsubscribeOutcome::Unsubscribed
            } else {
                let known: Option<i64> =
                    sqlx::query_scalar("SELECT id FROM subscribers WHERE id = $1")
                        .bind(subscriber_id)
                        .fetch_optional(pool)
                        .await?;
                match known {
                    Some(_) => UnsubscribeOutcome::AlreadyUnsubscribed,
                    None => UnsubscribeOutcome::Unknown,
                }
            }
        });
        Ok(outcome)
    }

    #[tracing::instrument(name = "store.subscriber_by_email", skip_all)]
    pub async fn subscriber_by_email(
        &self,
        email: &SubscriberEmail,
    ) -> Result<Option<Subscriber>, StoreError> {
        let found = on_read_pool!(self, pool => {
            sqlx::query_as::<_, Subscriber>(concat!(
                "SELECT ",
                subscriber_columns!(),
                " FROM subscribers WHERE email_key = $1"
            ))
            .bind(email.key())
            .fetch_optional(pool)
            .await?
        });
        Ok(found)
    }

    #[tracing::instrument(name = "store.count_subscribers", skip(self))]
    pub async fn count_subscribers(&self) -> Result<i64, StoreError> {
        let count = on_read_pool!(self, pool => {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM subscribers")
                .fetch_one(pool)
                .await?
        });
        Ok(count)
    }
}
