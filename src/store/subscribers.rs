use super::statuses::decode;
use chrono::{DateTime, Utc};

use super::{ConfirmationLimits, NewMessage, SignupRequest, Store, StoreError, SubscriberStatus};
use crate::domain::{Lang, SubscriberEmail, SubscriberName};
use crate::topics::TopicChoice;

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
    /// Refusals from the reader's mail server (a refusal for good also suppresses).
    pub hard_bounces: i32,
    /// Why the address is no longer mailed (`hard_bounce`, `complaint`, `import`), if it is not.
    pub suppressed: Option<String>,
    pub suppressed_at: Option<DateTime<Utc>>,
    /// What they chose to read about (every topic unless they chose).
    #[sqlx(try_from = "Option<String>")]
    pub topics: TopicChoice,
    /// Their letters wait until then (paused from the preference page).
    pub paused_until: Option<DateTime<Utc>>,
}

/// What a sign-up did. The reader is never told which (no enumeration); logs and tests are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignupOutcome {
    /// A new pending reader, with a confirmation in the outbox.
    Created,
    /// A known pending or unsubscribed reader, sent a fresh confirmation.
    Resent,
    /// Stored, with its confirmation waiting past the domain's or the service's hourly
    /// ceiling (`CARAVAN_CONFIRMATIONS_PER_HOUR`).
    Delayed,
    /// This mailbox had its confirmations for now (plus-tags count as one mailbox): nothing
    /// sent.
    Throttled,
    /// Imported as unsubscribed, complained or bounced for good: never mailed at a
    /// stranger's request.
    Suppressed,
    AlreadyConfirmed,
}

/// One sign-up's answer from the writer: what it did and, for an address seen for the first
/// time, the new reader's id and creation time (so callers need not read back the row).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignupAnswer {
    pub outcome: SignupOutcome,
    pub new_reader: Option<(i64, DateTime<Utc>)>,
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
         unsubscribed_at, hard_bounces, suppressed, suppressed_at, topics, paused_until"
    };
}

impl Store {
    /// Records one sign-up; see [`Store::signup_batch`], which this calls with one request.
    pub async fn signup(
        &self,
        email: &SubscriberEmail,
        name: Option<&SubscriberName>,
        lang: Lang,
        limits: ConfirmationLimits,
        confirmation: impl FnOnce(i64) -> anyhow::Result<NewMessage> + Send + Sync + 'static,
    ) -> Result<SignupOutcome, StoreError> {
        let request = SignupRequest {
            email: email.clone(),
            name: name.cloned(),
            lang,
            topics: TopicChoice::Every,
            compose: Box::new(confirmation),
        };
        let mut outcomes = self.signup_batch(vec![request], limits).await?;
        Ok(outcomes.remove(0))
    }

    #[tracing::instrument(name = "store.confirm", skip(self))]
    /// Confirms a pending reader, or brings back one who left, but only through a link made
    /// after they left (`link_made`): a link from before never undoes an unsubscription, and
    /// a suppressed reader is never brought back by a link.
    pub async fn confirm(
        &self,
        subscriber_id: i64,
        link_made: DateTime<Utc>,
    ) -> Result<ConfirmOutcome, StoreError> {
        let now = super::now();
        let outcome = on_write_pool!(self, pool => {
            let updated: Option<i64> = sqlx::query_scalar(
                "UPDATE subscribers SET status = 'confirmed', confirmed_at = $2 \
                 WHERE id = $1 AND (status = 'pending' OR (status = 'unsubscribed' \
                     AND suppressed IS NULL AND unsubscribed_at < $3)) \
                 RETURNING id",
            )
            .bind(subscriber_id)
            .bind(now)
            .bind(link_made)
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
                match status.as_deref().map(decode).transpose()? {
                    Some(SubscriberStatus::Confirmed) => ConfirmOutcome::AlreadyConfirmed,
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
