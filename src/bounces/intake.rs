//! From a message that came back to the ledger: which copy it is about (the return path it
//! was sent to, or one found in it), what it says, and one event stored once. Shared by the
//! SMTP listener and `caravan bounces import`.
use sha2::{Digest, Sha256};

use super::report::{Outcome, Report, parse};
use super::{BounceTag, ReturnPath};
use crate::store::{BounceKind, NewBounceEvent, Recorded, Store, StoreError};

/// What one message did to the ledger, for the caller's log and answer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Taken {
    /// Events stored for the first time.
    pub new: usize,
    /// Readers suppressed by them.
    pub suppressed: usize,
    /// Events already stored (the same report again).
    pub duplicates: usize,
    /// Why nothing was stored, when nothing was: an auto-reply, a delay notice, not a
    /// report, no genuine return path.
    pub dropped: Option<&'static str>,
}

#[derive(Clone)]
pub struct Intake {
    store: Store,
    paths: ReturnPath,
}

impl Intake {
    pub fn new(store: Store, paths: ReturnPath) -> Self {
        Self { store, paths }
    }

    pub fn return_paths(&self) -> &ReturnPath {
        &self.paths
    }

    /// Reads `raw` and records what it says about each copy in `envelope` (the genuine
    /// return paths it was sent to), or, when there is no envelope (a mailbox file), about
    /// the first genuine return path found in the message itself.
    #[tracing::instrument(name = "bounces.take", skip_all, fields(source, bytes = raw.len()))]
    pub async fn take(
        &self,
        raw: &[u8],
        envelope: &[BounceTag],
        source: &'static str,
    ) -> Result<Taken, StoreError> {
        let found;
        let tags = if envelope.is_empty() {
            found = self
                .paths
                .find_all(&String::from_utf8_lossy(raw))
                .into_iter()
                .take(1)
                .collect::<Vec<_>>();
            &found[..]
        } else {
            envelope
        };
        let parsed = parse(raw);
        let (outcome, source) = match &parsed.report {
            Report::Outcomes(outcomes) => (most_severe(outcomes), source),
            Report::Complaint {
                feedback_type,
                agent,
            } => {
                let diagnostic = match agent {
                    Some(agent) => format!("{feedback_type} report from {agent}"),
                    None => format!("{feedback_type} report"),
                };
                let complaint = Outcome {
                    kind: BounceKind::Complaint,
                    status: None,
                    diagnostic: Some(diagnostic),
                };
                let source = if source == "dsn" { "arf" } else { source };
                (Some(complaint), source)
            }
            Report::Ignored(why) => return Ok(dropped(why, "ignored", source)),
            Report::Unrecognised => {
                return Ok(dropped("not a report", "unrecognised", source));
            }
        };
        let Some(outcome) = outcome else {
            return Ok(dropped("not a report", "unrecognised", source));
        };
        if tags.is_empty() {
            return Ok(dropped("no genuine return path", "forged", source));
        }
        // The report's identity: its Message-ID, or its bytes when it has none.
        let identity = match &parsed.message_id {
            Some(id) => format!("id:{id}"),
            None => format!("sha256:{:x}", Sha256::digest(raw)),
        };
        let events: Vec<NewBounceEvent> = tags
            .iter()
            .map(|tag| NewBounceEvent {
                tag: *tag,
                kind: outcome.kind,
                status: outcome.status.clone(),
                diagnostic: outcome.diagnostic.clone(),
                source,
                dedupe_key: dedupe_key(*tag, outcome.kind, &identity),
                at: crate::store::now(),
            })
            .collect();
        let mut taken = Taken::default();
        for recorded in self.store.record_bounce_events(&events).await? {
            match recorded {
                Recorded::New { suppressed } => {
                    taken.new += 1;
                    taken.suppressed += usize::from(suppressed);
                    crate::metrics::count_bounce(outcome.kind.as_str(), source);
                }
                Recorded::Duplicate => {
                    taken.duplicates += 1;
                    crate::metrics::count_bounce("duplicate", source);
                }
                Recorded::Unknown => {
                    taken.dropped = Some("the reader is no longer on the list");
                }
            }
        }
        Ok(taken)
    }
}

fn dropped(why: &'static str, kind: &'static str, source: &'static str) -> Taken {
    crate::metrics::count_bounce(kind, source);
    Taken {
        dropped: Some(why),
        ..Taken::default()
    }
}

/// One copy, one event: a hard bounce over a soft one over a delivery notice.
fn most_severe(outcomes: &[Outcome]) -> Option<Outcome> {
    let rank = |kind: BounceKind| match kind {
        BounceKind::Complaint => 3,
        BounceKind::Hard => 2,
        BounceKind::Soft => 1,
        BounceKind::Delivered => 0,
    };
    outcomes.iter().max_by_key(|o| rank(o.kind)).cloned()
}

/// The same report about the same copy gives the same key, whichever way it arrived.
fn dedupe_key(tag: BounceTag, kind: BounceKind, identity: &str) -> String {
    let key = format!("{}|{kind}|{identity}", tag.name());
    format!("{:x}", Sha256::digest(key.as_bytes()))
}
