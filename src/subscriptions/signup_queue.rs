//! Group commit for sign-ups: handlers hand their sign-up to one writer task, which commits
//! everything waiting in one transaction. Under load a batch holds many sign-ups, so the
//! single SQLite writer commits a few hundred times a second rather than once per reader;
//! when idle a batch is one sign-up and adds no delay.
use tokio::sync::{mpsc, oneshot};

use crate::store::{
    ConfirmationLimits, CountedAs, MAX_BATCH, SignupAnswer, SignupOutcome, SignupRequest, Store,
};

struct Pending {
    request: SignupRequest,
    counted: CountedAs,
    reply: oneshot::Sender<Result<SignupAnswer, String>>,
}

#[derive(Clone)]
pub struct SignupQueue {
    sender: mpsc::Sender<Pending>,
}

#[derive(Debug, thiserror::Error)]
pub enum SignupError {
    #[error("the sign-up could not be recorded: {0}")]
    Store(String),
    #[error("the sign-up writer has stopped")]
    Stopped,
}

impl SignupQueue {
    /// Starts the writer task; it stops once every handle is dropped and the queue is empty.
    pub fn start(store: Store, limits: ConfirmationLimits) -> Self {
        let (sender, receiver) = mpsc::channel(4 * MAX_BATCH);
        tokio::spawn(write_batches(store, limits, receiver));
        Self { sender }
    }

    pub async fn submit(&self, request: SignupRequest) -> Result<SignupAnswer, SignupError> {
        let (reply, answer) = oneshot::channel();
        self.sender
            .send(Pending {
                counted: CountedAs::of(&request.email),
                request,
                reply,
            })
            .await
            .map_err(|_| SignupError::Stopped)?;
        answer
            .await
            .map_err(|_| SignupError::Stopped)?
            .map_err(SignupError::Store)
    }
}

async fn write_batches(
    store: Store,
    limits: ConfirmationLimits,
    mut receiver: mpsc::Receiver<Pending>,
) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    loop {
        // Idle for a second: the hourly counts waiting in memory are written (SQLite).
        let received = match tokio::time::timeout(
            crate::store::WRITE_HOURS_EVERY,
            receiver.recv_many(&mut batch, MAX_BATCH),
        )
        .await
        {
            Ok(received) => received,
            Err(_idle) => {
                write_waiting_hours(&store).await;
                continue;
            }
        };
        if received == 0 {
            break;
        }
        let mut requests = Vec::with_capacity(batch.len());
        let mut counted = Vec::with_capacity(batch.len());
        let mut replies = Vec::with_capacity(batch.len());
        for pending in batch.drain(..) {
            requests.push(pending.request);
            counted.push(pending.counted);
            replies.push(pending.reply);
        }
        match store.signup_batch_counted(requests, counted, limits).await {
            Ok(answers) => {
                for SignupAnswer { outcome, .. } in &answers {
                    crate::metrics::count(
                        &crate::metrics::METRICS.signups,
                        match outcome {
                            SignupOutcome::Created => "created",
                            SignupOutcome::Resent => "resent",
                            SignupOutcome::Delayed => "delayed",
                            SignupOutcome::Throttled => "throttled",
                            SignupOutcome::Suppressed => "suppressed",
                            SignupOutcome::AlreadyConfirmed => "already_confirmed",
                        },
                    );
                }
                for (reply, answer) in replies.into_iter().zip(answers) {
                    let _ = reply.send(Ok(answer));
                }
            }
            Err(error) => {
                let message = format!("{error:#}");
                for reply in replies {
                    let _ = reply.send(Err(message.clone()));
                }
            }
        }
    }
    write_waiting_hours(&store).await;
}

async fn write_waiting_hours(store: &Store) {
    if let Err(error) = store.write_waiting_hours().await {
        tracing::error!(error = %error, "cannot write the hourly confirmation counts; kept for the next try");
    }
}
