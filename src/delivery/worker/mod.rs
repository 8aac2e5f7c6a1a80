//! Sends queued issues: starts the ones that are due (fan-out), claims deliveries in leased
//! batches, renders each issue once per language, fills in each reader's greeting and
//! unsubscribe link, sends through the shared [`Mailer`] and records outcomes in groups.
//!
//! Three tasks share the work so that SMTP connections never wait on the database: the
//! claimer keeps a bounded queue of leased deliveries full, `concurrency` sends run at once
//! from it, and the recorder writes results every `flush_every` or every batch.
//!
//! Here: the worker and its three tasks started; `claim_loop.rs`, `send.rs`, `recorder.rs` and
//! the per-issue `copies.rs` hold each part, `config.rs` its settings.
use std::collections::HashMap;
use std::sync::Arc;

use futures_util::StreamExt;
use tokio::sync::{Mutex, Notify, mpsc};
use tokio_util::sync::CancellationToken;

use crate::domain::Lang;
use crate::mail::Mailer;
use crate::store::{ClaimedDelivery, Store};
use crate::tokens::TokenSigner;

mod claim_loop;
mod config;
mod copies;
mod recorder;
mod send;

pub use config::DeliveryConfig;
use copies::IssueCopy;

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
    copies: Mutex<HashMap<(i64, Lang), IssueCopy>>,
    /// Rung by the recorder after each write, so an idle claimer sees a finished issue at once.
    wake: Notify,
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
                config,
                copies: Mutex::new(HashMap::new()),
                wake: Notify::new(),
            }),
        }
    }

    /// Runs until `shutdown`; messages being sent are finished and recorded, the rest of what
    /// this worker holds is released for others at once.
    pub async fn run(self, shutdown: CancellationToken) {
        let config = &self.inner.config;
        tracing::info!(
            batch = config.sending.batch_size,
            concurrency = config.sending.concurrency,
            lease_seconds = config.sending.lease.num_seconds(),
            rate_limited = self.inner.mailer.rate_limited(),
            "delivery worker started"
        );
        let depth = config.sending.batch_size.max(1) as usize;
        let (jobs_tx, mut jobs_rx) = mpsc::channel::<ClaimedDelivery>(depth);
        let (results_tx, results_rx) = mpsc::channel(depth * 2);
        let recorder = tokio::spawn(self.clone().record(results_rx));
        let senders = {
            let worker = self.clone();
            let shutdown = shutdown.clone();
            tokio::spawn(async move {
                let jobs = futures_util::stream::poll_fn(move |cx| jobs_rx.poll_recv(cx));
                jobs.map(|job| {
                    let (worker, shutdown) = (worker.clone(), shutdown.clone());
                    async move {
                        let result = worker.deliver(&job, &shutdown).await;
                        (job, result)
                    }
                })
                .buffer_unordered(worker.inner.config.sending.concurrency)
                .for_each(|outcome| {
                    let results_tx = results_tx.clone();
                    async move {
                        let _ = results_tx.send(outcome).await;
                    }
                })
                .await;
            })
        };
        self.claim_loop(jobs_tx, &shutdown).await;
        if senders.await.is_err() {
            tracing::error!("a delivery sender panicked");
        }
        if recorder.await.is_err() {
            tracing::error!("the delivery recorder panicked");
        }
        tracing::info!("delivery worker stopped");
    }
}
