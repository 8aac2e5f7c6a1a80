//! Caravan's SMTP client: a pool of connections to the relay, each a task that takes messages
//! from one shared queue and pipelines them (`transaction.rs`).
//!
//! Written here rather than taken from lettre, which sends one command per round trip, never
//! BDAT, and opens implicit-TLS sockets without `TCP_NODELAY`: across a network, round trips
//! are what limits a newsletter's speed. lettre still builds the messages. `relay.rs` reads
//! the relay URL and its TLS trust, `connection.rs` opens a session, `reply.rs` reads replies.
use std::path::Path;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use lettre::address::Envelope;
use tokio::sync::{Mutex, mpsc, oneshot};

mod connection;
mod data;
mod failover;
mod one_by_one;
mod outage;
mod pacing;
mod relay;
mod reply;
mod stream;
mod transaction;

use connection::Connection;
pub use failover::SmtpRelays;
use outage::Outage;
use pacing::{Limits, Pacer};
use relay::Relay;
pub use relay::{RelayUrlError, tls_config};
use transaction::{Failed, Job, send_jobs};

use crate::mail::SendError;

/// A connection unused for this long is closed rather than kept (relays drop idle ones).
const IDLE_LIMIT: Duration = Duration::from_secs(30);
/// Up to `size` connections to one relay, shared by every sender of the process.
#[derive(Clone)]
pub struct SmtpPool {
    relay: Arc<Relay>,
    /// `host:port`, for logs and `/metrics`.
    name: Arc<str>,
    size: usize,
    queue: mpsc::Sender<Job>,
    jobs: Arc<Mutex<mpsc::Receiver<Job>>>,
    outage: Arc<std::sync::Mutex<Outage>>,
    pacer: Arc<Pacer>,
    /// The connection tasks, started with the first message (inside the runtime).
    started: Arc<OnceLock<()>>,
}

impl SmtpPool {
    pub fn new(url: &str, size: u32, ca_file: Option<&Path>) -> Result<Self, RelayUrlError> {
        let relay = Relay::from_url(url, ca_file)?;
        // The relay's own ceiling (`?connections=`) within CARAVAN_SEND_CONCURRENCY.
        let size = relay
            .connections
            .unwrap_or(usize::MAX)
            .min(size.max(1) as usize);
        let (queue, jobs) = mpsc::channel(4 * size);
        let pacer = Pacer::new(Limits {
            rate: relay.rate,
            connections: size,
            daily: relay.daily,
        });
        Ok(Self {
            name: format!("{}:{}", relay.host, relay.port).into(),
            relay: Arc::new(relay),
            pacer: Arc::new(pacer),
            size,
            queue,
            jobs: Arc::new(Mutex::new(jobs)),
            outage: Arc::default(),
            started: Arc::new(OnceLock::new()),
        })
    }

    /// Checks a URL and CA file the way [`SmtpPool::new`] reads them.
    /// (A CA file alone: [`check_ca_file`].)
    pub fn validate(url: &str, ca_file: Option<&Path>) -> Result<(), RelayUrlError> {
        Relay::from_url(url, ca_file).map(|_| ())
    }

    /// `host:port`.
    pub fn name(&self) -> Arc<str> {
        self.name.clone()
    }

    /// Why this relay is set aside now (out of reach, or a storm of refusals), if it is.
    pub fn paused(&self) -> Option<SendError> {
        self.outage
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .current()
    }

    /// Sends one message (already formatted and signed) and says how the relay answered.
    pub async fn send(&self, envelope: &Envelope, bytes: Arc<Vec<u8>>) -> Result<(), SendError> {
        self.started.get_or_init(|| {
            for index in 0..self.size {
                tokio::spawn(serve(
                    index,
                    self.relay.clone(),
                    self.name.clone(),
                    self.jobs.clone(),
                    self.outage.clone(),
                    self.pacer.clone(),
                ));
            }
        });
        let (outcome, answer) = oneshot::channel();
        let job = Job {
            envelope: envelope.clone(),
            bytes,
            outcome,
        };
        let stopped = || SendError::transient("the SMTP connections have stopped");
        self.pacer.wait_turn().await?;
        self.queue.send(job).await.map_err(|_| stopped())?;
        let outcome = answer.await.map_err(|_| stopped())?;
        self.pacer.answered(&outcome);
        self.outage
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .answered(&self.name, &outcome);
        crate::metrics::count_relay(&self.name, &outcome);
        outcome
    }
}

/// Checks that `path` holds CA certificates the relay's certificate may be checked against.
pub fn check_ca_file(path: &Path) -> Result<(), String> {
    relay::tls_config(Some(path)).map(|_| ())
}

/// One connection's life: waits for a message, connects when needed, sends, and closes the
/// connection after [`IDLE_LIMIT`] without work. Ends when every pool handle is gone.
async fn serve(
    index: usize,
    relay: Arc<Relay>,
    name: Arc<str>,
    jobs: Arc<Mutex<mpsc::Receiver<Job>>>,
    outage: Arc<std::sync::Mutex<Outage>>,
    pacer: Arc<Pacer>,
) {
    let outage_now = || outage.lock().unwrap_or_else(|e| e.into_inner());
    let mut open: Option<Connection> = None;
    let mut again: Option<Job> = None;
    loop {
        // Beyond the connections the relay allows now (it throttled): stand aside.
        if again.is_none() && index >= pacer.connections() {
            if let Some(connection) = open.take() {
                connection.quit().await;
            }
            if jobs.try_lock().is_ok_and(|queue| queue.is_closed()) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
            continue;
        }
        let job = match again.take() {
            Some(job) => job,
            None => {
                let mut queue = jobs.lock().await;
                let waited = match &open {
                    Some(_) => tokio::time::timeout(IDLE_LIMIT, queue.recv()).await,
                    None => Ok(queue.recv().await),
                };
                drop(queue);
                match waited {
                    Ok(Some(job)) => job,
                    Ok(None) => break,
                    Err(_idle) => {
                        if let Some(connection) = open.take() {
                            connection.quit().await;
                        }
                        continue;
                    }
                }
            }
        };
        let reused = open.is_some();
        let connection = match open.as_mut() {
            Some(connection) => connection,
            None => {
                if let Some(error) = outage_now().current() {
                    let _ = job.outcome.send(Err(error));
                    continue;
                }
                match Connection::open(&relay).await {
                    Ok(connection) => {
                        outage_now().recovered(&name);
                        open.insert(connection)
                    }
                    Err(error) => {
                        let error = SendError::relay_unavailable(error.message);
                        outage_now().failed(&name, &error);
                        let _ = job.outcome.send(Err(error));
                        continue;
                    }
                }
            }
        };
        let _busy = InUse::new();
        let more = || {
            jobs.try_lock()
                .ok()
                .and_then(|mut queue| queue.try_recv().ok())
        };
        match send_jobs(connection, job, more).await {
            Ok(()) => {}
            Err(Failed::Unanswered(job)) if reused => {
                // The relay had closed this idle connection: once more on a new one.
                open = None;
                again = Some(job);
            }
            Err(Failed::Unanswered(job)) => {
                open = None;
                let _ = job.outcome.send(Err(connection::broken(
                    "the relay closed the connection before answering",
                )));
            }
            Err(Failed::Answered) => open = None,
        }
    }
    if let Some(connection) = open {
        connection.quit().await;
    }
}

/// Counts a connection as busy in `/metrics` while it sends.
struct InUse;

impl InUse {
    fn new() -> Self {
        crate::metrics::METRICS.smtp_in_use.inc();
        InUse
    }
}

impl Drop for InUse {
    fn drop(&mut self) {
        crate::metrics::METRICS.smtp_in_use.dec();
    }
}
