//! A relay set aside: out of reach (no connection, greeting, TLS) or answering a storm of
//! temporary refusals. While it is, messages are answered at once without costing an
//! attempt; it is tried again after a pause that doubles, up to a minute.
use std::time::Duration;

use crate::mail::SendError;

/// After the relay could not be reached, it is tried again this much later, doubling up to
/// [`LONGEST_PAUSE`]; meanwhile messages are answered at once without costing an attempt.
const FIRST_PAUSE: Duration = Duration::from_millis(250);
const LONGEST_PAUSE: Duration = Duration::from_secs(60);

/// Whether the relay is out of reach, and until when no connection is tried.
#[derive(Default)]
pub(super) struct Outage {
    until: Option<std::time::Instant>,
    pause: Duration,
    error: Option<SendError>,
    transient_in_a_row: u32,
}

/// Temporary refusals in a row that set a relay aside.
const STORM: u32 = 20;

impl Outage {
    /// The error to answer with while the relay is paused; `None` when it may be tried.
    pub(super) fn current(&self) -> Option<SendError> {
        let until = self.until?;
        (std::time::Instant::now() < until).then(|| self.error.clone())?
    }

    pub(super) fn failed(&mut self, relay: &str, error: &SendError) {
        // Connections tried at the same moment fail together: one pause, not one each.
        if self.current().is_some() {
            return;
        }
        self.pause = (self.pause * 2).clamp(FIRST_PAUSE, LONGEST_PAUSE);
        self.until = Some(std::time::Instant::now() + self.pause);
        self.error = Some(error.clone());
        self.transient_in_a_row = 0;
        tracing::warn!(relay, %error, retry_in_ms = self.pause.as_millis() as u64, "the relay cannot be reached; sending through it paused");
    }

    pub(super) fn recovered(&mut self, relay: &str) {
        if self.until.take().is_some() {
            tracing::info!(relay, "the relay answers again; sending through it resumes");
        }
        self.pause = Duration::ZERO;
        self.error = None;
    }

    /// Counts answers about messages: a storm of temporary refusals in a row (not throttles,
    /// which pacing handles) sets the relay aside like an outage, so that the next relay
    /// takes over.
    pub(super) fn answered(&mut self, relay: &str, outcome: &Result<(), SendError>) {
        match outcome {
            Err(error) if error.transient && !error.throttled && !error.relay_unavailable => {
                self.transient_in_a_row += 1;
                if self.transient_in_a_row >= STORM {
                    let error = SendError::relay_unavailable(format!(
                        "{STORM} temporary refusals in a row, the last: {}",
                        error.message
                    ));
                    self.failed(relay, &error);
                }
            }
            Ok(()) => self.transient_in_a_row = 0,
            Err(_) => {}
        }
    }
}
