//! One batch, start to end: due issues started, deliveries claimed under a lease, sent
//! `concurrency` at a time and recorded in groups; apart from `run`, which only loops over it.
use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use tokio_util::sync::CancellationToken;

use super::{DeliveryWorker, Inner};
use crate::store::{ClaimedDelivery, DeliveryResult, StoreError};

/// What one call to [`DeliveryWorker::deliver_next_batch`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchOutcome {
    /// Nothing was due: `finished` issues had no delivery left and were marked sent.
    Idle { finished: usize },
    /// A batch was claimed; each delivery in it was sent, retried, refused, skipped or
    /// released, and recorded.
    Delivered(BatchCounts),
}

/// How a batch's deliveries ended.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchCounts {
    pub sent: usize,
    pub retrying: usize,
    pub bounced: usize,
    pub failed: usize,
    pub skipped: usize,
    /// Left for the next claim (shutdown, or a lease too close to its end).
    pub released: usize,
    /// Left because the relay could not be reached; no attempt spent.
    pub paused: usize,
}

impl BatchCounts {
    pub(super) fn add(&mut self, result: &DeliveryResult) {
        match result {
            DeliveryResult::Sent(_) => self.sent += 1,
            DeliveryResult::Retry(..) => self.retrying += 1,
            DeliveryResult::Bounced(_) => self.bounced += 1,
            DeliveryResult::Failed(_) => self.failed += 1,
            DeliveryResult::Skipped(_) => self.skipped += 1,
            DeliveryResult::Released => self.released += 1,
            DeliveryResult::Paused(_) => self.paused += 1,
        }
    }
}

impl DeliveryWorker {
    /// Starts due issues, claims one batch, sends it and records every outcome; when there
    /// was nothing to claim, marks finished issues sent. Tests call it until
    /// [`BatchOutcome::Idle`]; `run` calls it in a loop.
    pub async fn deliver_next_batch(&self) -> Result<BatchOutcome, StoreError> {
        self.next_batch(&CancellationToken::new()).await
    }

    pub(super) async fn next_batch(
        &self,
        shutdown: &CancellationToken,
    ) -> Result<BatchOutcome, StoreError> {
        let store = &self.inner.store;
        let looked = self.start_due_issues(false).await;
        let mut claimed = self.claim().await?;
        // An issue queued since the last start may be waiting: look before idling, unless
        // this call just did.
        if claimed.is_empty() && looked.is_none() && self.start_due_issues(true).await == Some(true)
        {
            claimed = self.claim().await?;
        }
        if claimed.is_empty() {
            let finished = store.finish_issues().await?;
            for &issue_id in &finished {
                // Searchable in the archive at once; a failure is caught up by a search.
                if let Err(error) = crate::archive::index_sent_issue(store, issue_id).await {
                    tracing::warn!(issue_id, %error, "cannot index the sent issue for search");
                }
            }
            return Ok(BatchOutcome::Idle {
                finished: finished.len(),
            });
        }
        tracing::debug!(claimed = claimed.len(), "delivery batch claimed");
        let counts = self.send_and_record(claimed, shutdown).await;
        // A worker idling elsewhere in this process may be waiting to see the issue finish.
        self.inner.wake.notify_one();
        Ok(BatchOutcome::Delivered(counts))
    }

    /// Starts the issues that are due, at most once per poll interval unless `now`: `None`
    /// when it did not look, else whether one started. A failure is logged (deliveries
    /// already fanned out still go).
    async fn start_due_issues(&self, now: bool) -> Option<bool> {
        let Inner {
            store,
            config,
            last_start,
            ..
        } = &*self.inner;
        {
            let mut last = last_start.lock().unwrap_or_else(|e| e.into_inner());
            let due = last.is_none_or(|at| at.elapsed() >= config.sending.poll_interval);
            if !now && !due {
                return None;
            }
            *last = Some(tokio::time::Instant::now());
        }
        match store.start_due_issues().await {
            Ok(started) => Some(!started.is_empty()),
            Err(error) => {
                tracing::error!(%error, "cannot start due issues");
                Some(false)
            }
        }
    }

    async fn claim(&self) -> Result<Vec<ClaimedDelivery>, StoreError> {
        let Inner { store, config, .. } = &*self.inner;
        store
            .claim_deliveries(config.sending.lease, config.sending.batch_size)
            .await
    }

    /// Sends every claimed delivery on its own task (so that sends go on while outcomes are
    /// written) and records outcomes at most `flush_every` after the first one waits.
    async fn send_and_record(
        &self,
        claimed: Vec<ClaimedDelivery>,
        shutdown: &CancellationToken,
    ) -> BatchCounts {
        let flush_every = self.inner.config.flush_every;
        let mut sends: FuturesUnordered<_> = claimed
            .into_iter()
            .map(|job| {
                let (worker, shutdown) = (self.clone(), shutdown.clone());
                tokio::spawn(async move {
                    // Fair (first come, first served): a batch's sends go before the next's.
                    let _permit = worker.inner.sending.acquire().await;
                    let result = worker.deliver(&job, &shutdown).await;
                    (job, result)
                })
            })
            .collect();
        let mut counts = BatchCounts::default();
        let mut pending = Vec::new();
        let mut deadline = tokio::time::Instant::now();
        loop {
            tokio::select! {
                next = sends.next() => match next {
                    Some(Ok(outcome)) => {
                        if pending.is_empty() {
                            deadline = tokio::time::Instant::now() + flush_every;
                        }
                        counts.add(&outcome.1);
                        pending.push(outcome);
                    }
                    // Its lease runs out and another claim sends it: nothing is lost.
                    Some(Err(error)) => tracing::error!(%error, "a delivery send panicked"),
                    None => break,
                },
                _ = tokio::time::sleep_until(deadline), if !pending.is_empty() => {
                    self.record(&mut pending, shutdown).await;
                }
            }
        }
        self.record(&mut pending, shutdown).await;
        counts
    }
}
