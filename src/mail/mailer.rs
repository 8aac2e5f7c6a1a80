use std::num::NonZeroU32;
use std::sync::Arc;

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use lettre::Message;

use super::{Composer, SendError, Transport};

/// What every sender in the process shares: one transport (one SMTP pool), one composer
/// (sender, DKIM key) and one rate limit, so confirmations and issues together stay under
/// `CARAVAN_SEND_RATE`.
#[derive(Clone)]
pub struct Mailer {
    pub transport: Transport,
    pub composer: Composer,
    limiter: Option<Arc<DefaultDirectRateLimiter>>,
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
        }
    }

    /// Whether `CARAVAN_SEND_RATE` limits this process.
    pub fn rate_limited(&self) -> bool {
        self.limiter.is_some()
    }

    /// Signs (when configured), waits for the rate limit, then sends; names the relay that
    /// took the message (`None`: the development folder).
    pub async fn send(
        &self,
        message: &Message,
        file_stem: &str,
    ) -> Result<Option<std::sync::Arc<str>>, SendError> {
        let bytes = self.composer.wire_bytes(message).await?;
        if let Some(limiter) = &self.limiter {
            limiter.until_ready().await;
        }
        self.transport
            .send(message.envelope(), bytes, file_stem)
            .await
    }
}
