//! One delivery sent: skipped, composed for its reader (greeting, unsubscribe link) and handed
//! to the mailer, with what a failure becomes; apart from the loop that claims and records.
use tokio_util::sync::CancellationToken;

use super::copies::ReaderCopy;
use super::{DeliveryWorker, Inner};

/// Why a reader got no letter from a digest: recorded on the delivery.
pub const NOTHING_FOR_THEM: &str = "none of this issue's stories is in the reader's topics";
use crate::bounces::BounceTag;
use crate::delivery::PreparedIssue;
use crate::delivery::retry::{AfterFailure, after_failure};
use crate::digest::ReaderSlots;
use crate::domain::Lang;
use crate::mail::Letter;
use crate::store::{ClaimedDelivery, DeliveryResult, SubscriberStatus};

impl DeliveryWorker {
    /// One delivery: skip, send, and say what happened.
    #[tracing::instrument(name = "delivery.send", skip_all, fields(delivery_id = job.id, issue_id = job.issue_id))]
    pub(super) async fn deliver(
        &self,
        job: &ClaimedDelivery,
        shutdown: &CancellationToken,
    ) -> DeliveryResult {
        let Inner { config, .. } = &*self.inner;
        let margin = config.sending.lease / 4;
        if shutdown.is_cancelled() || crate::store::now() > job.locked_until - margin {
            return DeliveryResult::Released;
        }
        let Some(reader) = &job.reader else {
            return DeliveryResult::Skipped("the reader was deleted".into());
        };
        if !reader.is_mailable() {
            return DeliveryResult::Skipped(match reader.status {
                SubscriberStatus::Confirmed => "the reader's address bounces".into(),
                status => format!("the reader is {status}"),
            });
        }
        let lang = Lang::from_code(&reader.lang).unwrap_or_default();
        let copy = match self.copy(job.issue_id, lang, reader.topics).await {
            ReaderCopy::Copy(copy) => copy,
            ReaderCopy::NothingForThem => {
                return DeliveryResult::Skipped(NOTHING_FOR_THEM.into());
            }
        };
        let prepared = match copy.as_ref() {
            Ok(prepared) => prepared,
            Err(error) => return DeliveryResult::Failed(error.clone()),
        };
        let slug = &prepared.slug;
        let message = match self.compose(job, reader, prepared) {
            Ok(message) => message,
            Err(error) => return DeliveryResult::Failed(error),
        };
        match self
            .inner
            .mailer
            .send(
                &message,
                &format!("{slug}-{:08}", job.id),
                BounceTag::Delivery {
                    subscriber_id: reader.id,
                    issue_id: job.issue_id,
                },
            )
            .await
        {
            Ok(relay) => DeliveryResult::Sent(relay),
            Err(error) => {
                let sending = &config.sending;
                // A delivery waits from its issue's fan-out.
                let since = prepared.started_at.unwrap_or_else(crate::store::now);
                match after_failure(
                    &error,
                    job.attempts,
                    since,
                    sending.give_up_after,
                    sending.retry_base,
                ) {
                    AfterFailure::RetryAt(at) => DeliveryResult::Retry(at, error.message),
                    AfterFailure::Refused => DeliveryResult::Bounced(error.message),
                    AfterFailure::GaveUp => DeliveryResult::Failed(error.message),
                    AfterFailure::Paused => DeliveryResult::Paused(error.message),
                }
            }
        }
    }

    pub(super) fn compose(
        &self,
        job: &ClaimedDelivery,
        reader: &crate::store::Reader,
        prepared: &PreparedIssue,
    ) -> Result<lettre::Message, String> {
        let Inner {
            mailer,
            signer,
            base_url,
            list_id,
            ..
        } = &*self.inner;
        let to = match &reader.name {
            Some(name) => format!("{name} <{}>", reader.email).parse(),
            None => reader.email.parse(),
        }
        .or_else(|_| reader.email.parse())
        .map_err(|e| format!("bad recipient {:?}: {e}", reader.email))?;
        let unsubscribe = format!(
            "{base_url}/unsubscribe?token={}&lang={}",
            signer.unsubscribe(reader.id),
            reader.lang
        );
        let lang = Lang::from_code(&reader.lang).unwrap_or_default();
        let expires = crate::store::now() + crate::tokens::PREFERENCES_LINK_VALIDITY;
        let preferences =
            crate::preferences::preferences_url(base_url, signer, reader.id, lang, expires);
        let (text, html) = prepared.parts_for(&ReaderSlots {
            name: reader.name.as_deref(),
            unsubscribe_url: &unsubscribe,
            preferences_url: &preferences,
        });
        let from = mailer.composer.from();
        mailer.composer.compose(Letter {
            to,
            subject: &prepared.rendered.subject,
            // Stable per delivery: a copy resent after a crash carries the same id.
            message_id: format!("<{}.{}@{}>", prepared.slug, job.id, from.email.domain()),
            date: std::time::SystemTime::now(),
            text,
            html,
            list_unsubscribe: Some(&unsubscribe),
            list_id: Some(list_id),
            copy: Some(BounceTag::Delivery {
                subscriber_id: reader.id,
                issue_id: job.issue_id,
            }),
        })
    }
}
