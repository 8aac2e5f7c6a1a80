use std::num::NonZeroU32;
use std::sync::Arc;

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use lettre::Message;
use lettre::address::Envelope;

use super::{Composer, SendError, Transport};
use crate::bounces::{BounceTag, ReturnPath};

/// What every sender in the process shares: one transport (one SMTP pool), one composer
/// (sender, DKIM key) and one rate limit, so confirmations and issues together stay under
/// `CARAVAN_SEND_RATE`.
#[derive(Clone)]
pub struct Mailer {
    pub transport: Transport,
    pub composer: Composer,
    limiter: Option<Arc<DefaultDirectRateLimiter>>,
    /// VERP envelope senders (`CARAVAN_BOUNCE_DOMAIN`); without, the envelope sender is
    /// the `From` address.
    return_path: Option<ReturnPath>,
}

impl Mailer {
    /// `rate`: messages per second across the process; 0 means no limit.
    pub fn new(transport: Transport, composer: Composer, rate: u32) -> Self {
        let limiter = NonZeroU32::new(rate).map(|rate| {
            // A burst of a tenth of a second's worth: smooth enough for a relay's counters.
            let burst = NonZeroU32::new((rate.get() / 10).max(1)).unwrap_or(NonZeroU32::MIN);
            Arc::new(RateLimiter::direct(
                Quota::per_second(rate).allow_burst(burst),
            ))
        });
        Self {
            transport,
            composer,
            limiter,
            return_path: None,
        }
    }

    /// Sends every tagged message with its own return path on `return_path`'s domain.
    pub fn with_return_path(mut self, return_path: Option<ReturnPath>) -> Self {
        self.return_path = return_path;
        self
    }

    /// Whether `CARAVAN_SEND_RATE` limits this process.
    pub fn rate_limited(&self) -> bool {
        self.limiter.is_some()
    }

    /// Signs (when configured), waits for the rate limit, then sends; names the relay that
    /// took the message (`None`: the development folder). `bounce` names what the message
    /// is, for its return path.
    pub async fn send(
        &self,
        message: &Message,
        file_stem: &str,
        bounce: BounceTag,
    ) -> Result<Option<std::sync::Arc<str>>, SendError> {
        let bytes = self.composer.wire_bytes(message).await?;
        if let Some(limiter) = &self.limiter {
            limiter.until_ready().await;
        }
        let verp;
        let envelope = match &self.return_path {
            None => message.envelope(),
            Some(paths) => {
                let to = message.envelope().to().to_vec();
                verp = Envelope::new(Some(paths.address(bounce)), to)
                    .map_err(|e| SendError::permanent(format!("no recipient: {e}")))?;
                &verp
            }
        };
        self.transport.send(envelope, bytes, file_stem).await
    }
}
