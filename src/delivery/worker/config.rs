//! The delivery worker's settings (batch, lease, rate, how soon outcomes are written); apart
//! because `startup` and the tests size them without touching the worker.
use std::time::Duration;

use crate::delivery::SenderConfig;

/// The outbox sender's settings, plus how soon outcomes are written down.
#[derive(Debug, Clone)]
pub struct DeliveryConfig {
    /// Batch size (the queue in front of the senders holds as many again), lease (a delivery
    /// whose lease is nearly over is not sent but left for the next claim, so two workers
    /// never both send it), attempts, polling, concurrency and backoff.
    pub sending: SenderConfig,
    /// Longest time a sent message waits before it is recorded: what a crash can resend.
    pub flush_every: Duration,
    /// `CARAVAN_CLICK_COUNTS`: how copies link to their stories.
    pub story_links: crate::clicks::StoryLinks,
}

impl DeliveryConfig {
    /// Sized so that what a worker holds is sent well within the lease, even when
    /// `rate` (messages per second, 0 = no limit) slows it down.
    pub fn new(concurrency: u32, rate: u32, lease: chrono::Duration) -> Self {
        let mut sending = SenderConfig::new(concurrency);
        sending.lease = lease;
        sending.batch_size = 256;
        if rate > 0 {
            // Two batches in hand must go out within a quarter of the lease.
            let per_lease = i64::from(rate) * lease.num_seconds().max(1) / 8;
            sending.batch_size = sending.batch_size.min(per_lease.max(1));
        }
        Self {
            sending,
            flush_every: Duration::from_millis(50),
            story_links: crate::clicks::StoryLinks::Counted,
        }
    }
}
