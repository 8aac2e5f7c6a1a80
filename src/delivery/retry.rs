//! What a failed send becomes: one rule for the outbox sender (confirmations, test sends) and
//! the delivery worker (issues), so that both retry and give up alike.
use rand::Rng;

use crate::mail::SendError;

/// The decision after a send failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AfterFailure {
    /// A transient failure with attempts left: try again at this time.
    RetryAt(chrono::DateTime<chrono::Utc>),
    /// The server refused the recipient for good (5xx): retrying cannot help.
    Refused,
    /// Transient failures for longer than the give-up time (`CARAVAN_SEND_GIVE_UP_AFTER`).
    GaveUp,
    /// The relay could not be reached, or asked to slow down: nothing was said about the
    /// message, no attempt is spent.
    Paused,
}

/// Classifies `error` after the `attempts`-th try of a message queued `since`, logging the
/// outcome once. As in Postfix's queue, a transient failure becomes final only once the
/// message has waited `give_up_after`, however many attempts that took.
pub fn after_failure(
    error: &SendError,
    attempts: i32,
    since: chrono::DateTime<chrono::Utc>,
    give_up_after: chrono::Duration,
    retry_base: chrono::Duration,
) -> AfterFailure {
    let now = crate::store::now();
    if error.relay_unavailable || error.throttled {
        AfterFailure::Paused
    } else if !error.transient {
        tracing::warn!(%error, attempts, "refused for good");
        AfterFailure::Refused
    } else if now - since < give_up_after {
        tracing::warn!(%error, attempts, "send failed, will retry");
        AfterFailure::RetryAt(now + retry_delay(retry_base, attempts))
    } else {
        tracing::error!(%error, attempts, "send failed for good");
        AfterFailure::GaveUp
    }
}

/// Exponential backoff from `base`, capped at an hour, with ±20 % jitter so that messages
/// refused together do not all come back together.
pub fn retry_delay(base: chrono::Duration, attempts: i32) -> chrono::Duration {
    let exponent = attempts.clamp(1, 12) as u32 - 1;
    let millis = (base.num_milliseconds() << exponent).min(3_600_000) as f64;
    let jitter = rand::rng().random_range(0.8..1.2);
    chrono::Duration::milliseconds((millis * jitter) as i64)
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let base = Duration::seconds(30);
        let first = retry_delay(base, 1).num_seconds();
        assert!((24..=36).contains(&first), "{first}");
        let third = retry_delay(base, 3).num_seconds();
        assert!((96..=144).contains(&third), "{third}");
        assert!(retry_delay(base, 20).num_seconds() <= 4320);
        assert_eq!(retry_delay(Duration::zero(), 5), Duration::zero());
    }

    #[test]
    fn a_refusal_is_final_and_a_transient_failure_retries_until_the_give_up_time() {
        let transient = |transient| {
            if transient {
                SendError::transient("451 try later")
            } else {
                SendError::permanent("550 no such user")
            }
        };
        let base = Duration::seconds(30);
        let lifetime = Duration::days(3);
        let queued = |ago: Duration| crate::store::now() - ago;
        assert_eq!(
            after_failure(
                &transient(false),
                1,
                queued(Duration::zero()),
                lifetime,
                base
            ),
            AfterFailure::Refused
        );
        // Forty attempts in, but younger than three days: once more.
        assert!(matches!(
            after_failure(&transient(true), 40, queued(Duration::days(2)), lifetime, base),
            AfterFailure::RetryAt(at) if at > crate::store::now()
        ));
        assert_eq!(
            after_failure(
                &transient(true),
                2,
                queued(Duration::days(3)),
                lifetime,
                base
            ),
            AfterFailure::GaveUp
        );
        // An unreachable relay said nothing about the message: never its end.
        let unreachable = SendError::relay_unavailable("refused");
        assert_eq!(
            after_failure(&unreachable, 8, queued(Duration::days(9)), lifetime, base),
            AfterFailure::Paused
        );
    }
}
