//! Sends queued issues: starts the ones that are due (fan-out), claims deliveries in leased
//! batches, renders each issue once per language, fills in each reader's greeting and
//! unsubscribe link, sends through the shared [`Mailer`] and records outcomes in groups.
//!
//! Three tasks share the work so that SMTP connections never wait on the database: the
//! claimer keeps a bounded queue of leased deliveries full, `concurrency` sends run at once
//! from it, and the recorder writes results every `flush_every` or every batch.
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use tokio::sync::{Mutex, Notify, mpsc};
use tokio_util::sync::CancellationToken;

use super::PreparedIssue;
use super::SenderConfig;
use super::retry::{AfterFailure, after_failure};
use crate::digest::{Medium, render_issue};
use crate::domain::Lang;
use crate::mail::{Letter, Mailer};
use crate::store::{ClaimedDelivery, DeliveryResult, Store, StoreError, SubscriberStatus};
use crate::tokens::TokenSigner;

/// The outbox sender's settings, plus how soon outcomes are written down.
#[derive(Debug, Clone)]
pub struct DeliveryConfig {
    /// Batch size (the queue in front of the senders holds as many again), lease (a delivery
    /// whose lease is nearly over is not sent but left for the next claim, so two workers
    /// never both send it), attempts, polling, concurrency and backoff.
    pub sending: SenderConfig,
    /// Longest time a sent message waits before it is recorded: what a crash can resend.
    pub flush_every: Duration,
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
        }
    }
}

/// An issue as it is sent in one language: rendered and encoded once, or why it cannot be.
type IssueCopy = Arc<Result<PreparedIssue, String>>;

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

    /// Starts due issues, claims deliveries into the queue, finishes issues when idle.
    async fn claim_loop(&self, jobs: mpsc::Sender<ClaimedDelivery>, shutdown: &CancellationToken) {
        let Inner { store, config, .. } = &*self.inner;
        let mut last_start: Option<tokio::time::Instant> = None;
        while !shutdown.is_cancelled() {
            if last_start.is_none_or(|at| at.elapsed() >= config.sending.poll_interval) {
                last_start = Some(tokio::time::Instant::now());
                if let Err(error) = store.start_due_issues().await {
                    tracing::error!(%error, "cannot start due issues");
                }
            }
            let claimed = match store
                .claim_deliveries(config.sending.lease, config.sending.batch_size)
                .await
            {
                Ok(claimed) => claimed,
                Err(error) => {
                    tracing::error!(%error, "cannot claim deliveries");
                    Vec::new()
                }
            };
            if claimed.is_empty() {
                if let Err(error) = store.finish_issues().await {
                    tracing::error!(%error, "cannot mark finished issues sent");
                }
                tokio::select! {
                    _ = shutdown.cancelled() => break,
                    _ = self.inner.wake.notified() => {}
                    _ = tokio::time::sleep(config.sending.poll_interval) => {}
                }
                continue;
            }
            for job in claimed {
                // Waits while the senders are busy; what is claimed is always handed on (a
                // shutdown makes the senders release it).
                if jobs.send(job).await.is_err() {
                    return;
                }
            }
        }
    }

    /// One delivery: skip, send, and say what happened.
    #[tracing::instrument(name = "delivery.send", skip_all, fields(delivery_id = job.id, issue_id = job.issue_id))]
    async fn deliver(&self, job: &ClaimedDelivery, shutdown: &CancellationToken) -> DeliveryResult {
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
        let copy = self.copy(job.issue_id, lang).await;
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
            .send(&message, &format!("{slug}-{:08}", job.id))
            .await
        {
            Ok(()) => DeliveryResult::Sent,
            Err(error) => {
                let sending = &config.sending;
                match after_failure(
                    &error,
                    job.attempts,
                    sending.max_attempts,
                    sending.retry_base,
                ) {
                    AfterFailure::RetryAt(at) => DeliveryResult::Retry(at, error.message),
                    AfterFailure::Refused => DeliveryResult::Bounced(error.message),
                    AfterFailure::GaveUp => DeliveryResult::Failed(error.message),
                }
            }
        }
    }

    fn compose(
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
        let (text, html) = prepared.parts_for(reader.name.as_deref(), &unsubscribe);
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
        })
    }

    /// The issue rendered in `lang`, from the cache or rendered now (once per process).
    async fn copy(&self, issue_id: i64, lang: Lang) -> IssueCopy {
        let mut copies = self.inner.copies.lock().await;
        if let Some(copy) = copies.get(&(issue_id, lang)) {
            return copy.clone();
        }
        let copy = Arc::new(self.render(issue_id, lang).await);
        if let Err(error) = copy.as_ref() {
            tracing::error!(issue_id, %error, "cannot render the issue");
        }
        copies.insert((issue_id, lang), copy.clone());
        copy
    }

    async fn render(&self, issue_id: i64, lang: Lang) -> Result<PreparedIssue, String> {
        let found = self
            .inner
            .store
            .issue_with_articles(issue_id)
            .await
            .map_err(|e| format!("cannot load issue {issue_id}: {e}"))?;
        let (issue, articles) = found.ok_or_else(|| format!("issue {issue_id} is gone"))?;
        let rendered = render_issue(&issue, &articles, &self.inner.base_url, lang, Medium::Email)
            .map_err(|e| format!("cannot render issue {issue_id}: {e}"))?;
        Ok(PreparedIssue::new(issue.slug, rendered))
    }

    /// Records outcomes at most `flush_every` after the first one waiting, or as soon as a
    /// batch's worth is waiting. While the database cannot be written, the senders wait.
    async fn record(self, mut results: mpsc::Receiver<(ClaimedDelivery, DeliveryResult)>) {
        let Inner { store, config, .. } = &*self.inner;
        let limit = config.sending.batch_size.max(1) as usize;
        let mut pending = Vec::with_capacity(limit);
        let mut deadline = tokio::time::Instant::now();
        loop {
            let closed = tokio::select! {
                received = results.recv() => match received {
                    Some(outcome) => {
                        if pending.is_empty() {
                            deadline = tokio::time::Instant::now() + config.flush_every;
                        }
                        pending.push(outcome);
                        if pending.len() < limit {
                            continue;
                        }
                        false
                    }
                    None => true,
                },
                _ = tokio::time::sleep_until(deadline), if !pending.is_empty() => false,
            };
            let mut failures = 0;
            while let Err(error) = flush(store, &mut pending).await {
                // Kept and tried again: dropping them would send them twice after the lease.
                tracing::error!(%error, waiting = pending.len(), "cannot record deliveries");
                failures += 1;
                if closed && failures >= 20 {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            // The claimer may be idle, waiting to see the issue finished.
            self.inner.wake.notify_one();
            if closed {
                return;
            }
        }
    }
}

async fn flush(
    store: &Store,
    pending: &mut Vec<(ClaimedDelivery, DeliveryResult)>,
) -> Result<(), StoreError> {
    store.record_deliveries(pending).await?;
    for (_, result) in pending.iter() {
        let outcome = match result {
            DeliveryResult::Sent => "sent",
            DeliveryResult::Retry(..) => "retry",
            DeliveryResult::Bounced(_) => "bounced",
            DeliveryResult::Failed(_) => "failed",
            DeliveryResult::Skipped(_) => "skipped",
            DeliveryResult::Released => "released",
        };
        crate::metrics::count(&crate::metrics::METRICS.deliveries, outcome);
    }
    pending.clear();
    Ok(())
}
