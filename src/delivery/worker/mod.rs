//! Sends queued issues: starts the ones that are due (fan-out), claims deliveries in leased
//! batches, renders each issue once per language, fills in each reader's greeting and
//! unsubscribe link, sends through the shared [`Mailer`] and records outcomes in groups.
//!
//! [`DeliveryWorker::deliver_next_batch`] does one batch from claim to record (`batch.rs`);
//! `run` only loops over it, two batches at once so that the next claim overlaps the last
//! sends and SMTP connections never wait on the database. `send.rs` sends one delivery,
//! `recorder.rs` writes outcomes, `copies.rs` keeps each issue's rendered copy, `config.rs`
//! holds the settings.
use std::sync::Arc;

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use tokio::sync::{Mutex, Notify, Semaphore};
use tokio_util::sync::CancellationToken;

use crate::mail::Mailer;
use crate::store::Store;
use crate::tokens::TokenSigner;

mod batch;
mod config;
mod copies;
mod recorder;
mod send;

pub use batch::{BatchCounts, BatchOutcome};
pub use config::DeliveryConfig;

#[derive(Clone)]
pub struct DeliveryWorker {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    mailer: Mailer,
    signer: TokenSigner,
    base_url: String,
    list_id: String,
    config: DeliveryConfig,
    copies: Mutex<copies::Copies>,
    /// Rung after each batch, so an idle loop sees a finished issue at once.
    wake: Notify,
    /// Permits shared by the batches in flight, two per SMTP connection.
    sending: Semaphore,
    /// When due issues were last started: at most once per poll interval while busy.
    last_start: std::sync::Mutex<Option<tokio::time::Instant>>,
}

impl DeliveryWorker {
    pub fn new(
        store: Store,
        mailer: Mailer,
        signer: TokenSigner,
        base_url: &str,
        config: DeliveryConfig,
    ) -> Self {
        let list_id = mailer.composer.list_id();
        Self {
            inner: Arc::new(Inner {
                store,
                mailer,
                signer,
                base_url: base_url.trim_end_matches('/').to_owned(),
                list_id,
                copies: Mutex::new(copies::Copies::default()),
                wake: Notify::new(),
                // Two messages per connection: one's body goes out with the next one's
                // envelope (SMTP pipelining), so a connection never waits for work.
                sending: Semaphore::new(2 * config.sending.concurrency),
                last_start: std::sync::Mutex::new(None),
                config,
            }),
        }
    }

    /// Runs until `shutdown`: batches one after another, two in flight, waiting for work
    /// when idle. Messages being sent are finished and recorded, the rest of what this worker
    /// holds is released for others at once.
    pub async fn run(self, shutdown: CancellationToken) {
        let config = &self.inner.config;
        tracing::info!(
            batch = config.sending.batch_size,
            concurrency = config.sending.concurrency,
            lease_seconds = config.sending.lease.num_seconds(),
            rate_limited = self.inner.mailer.rate_limited(),
            "delivery worker started"
        );
        let mut batches = FuturesUnordered::new();
        let mut idle = false;
        let mut paused = false;
        loop {
            while !idle && !paused && batches.len() < 2 && !shutdown.is_cancelled() {
                batches.push(self.next_batch(&shutdown));
            }
            tokio::select! {
                Some(outcome) = batches.next() => match outcome {
                    // The relay is out of reach: wait before claiming again (the SMTP pool
                    // probes it meanwhile), rather than spin through the queue.
                    Ok(BatchOutcome::Delivered(counts)) if counts.paused > 0 => paused = true,
                    Ok(BatchOutcome::Delivered(_)) => idle = false,
                    Ok(BatchOutcome::Idle { .. }) => idle = true,
                    Err(error) => {
                        tracing::error!(%error, "cannot claim deliveries");
                        idle = true;
                    }
                },
                _ = shutdown.cancelled(), if batches.is_empty() => break,
                _ = self.inner.wake.notified(), if idle && !paused => idle = false,
                _ = tokio::time::sleep(config.sending.poll_interval), if idle || paused => {
                    idle = false;
                    paused = false;
                }
            }
        }
        tracing::info!("delivery worker stopped");
    }
}
