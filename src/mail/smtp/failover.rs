//! Several relays, in the order `CARAVAN_SMTP_URL` lists them: each message goes through the
//! first one that is not set aside; one out of reach (or answering a storm of temporary
//! refusals) passes the message to the next at once, without costing it an attempt, and is
//! tried again after its pause, taking traffic back as soon as it answers.
use std::path::Path;
use std::sync::Arc;

use lettre::address::Envelope;

use super::{RelayUrlError, SmtpPool};
use crate::mail::SendError;

#[derive(Clone)]
pub struct SmtpRelays {
    pools: Arc<Vec<SmtpPool>>,
}

/// The relay URLs of a comma-separated list (a comma inside a password is written `%2C`).
fn urls(list: &str) -> impl Iterator<Item = &str> {
    list.split(',').map(str::trim).filter(|url| !url.is_empty())
}

impl SmtpRelays {
    /// One pool of up to `connections` per relay.
    pub fn new(
        list: &str,
        connections: u32,
        ca_file: Option<&Path>,
    ) -> Result<Self, RelayUrlError> {
        let pools: Vec<SmtpPool> = urls(list)
            .map(|url| SmtpPool::new(url, connections, ca_file))
            .collect::<Result<_, _>>()?;
        if pools.is_empty() {
            return Err(RelayUrlError("no relay URL".into()));
        }
        Ok(Self {
            pools: Arc::new(pools),
        })
    }

    /// Checks every URL of the list the way [`SmtpRelays::new`] reads them.
    pub fn validate(list: &str, ca_file: Option<&Path>) -> Result<(), RelayUrlError> {
        let mut any = false;
        for url in urls(list) {
            SmtpPool::validate(url, ca_file)?;
            any = true;
        }
        if any {
            Ok(())
        } else {
            Err(RelayUrlError("no relay URL".into()))
        }
    }

    /// Sends through the first relay that takes the message's turn, and names it;
    /// `relay_unavailable` only when none can be reached.
    pub async fn send(&self, envelope: &Envelope, bytes: Vec<u8>) -> Result<Arc<str>, SendError> {
        let bytes = Arc::new(bytes);
        let mut last = None;
        for pool in self.pools.iter() {
            if let Some(error) = pool.paused() {
                last = Some(error);
                continue;
            }
            match pool.send(envelope, bytes.clone()).await {
                Err(error) if error.relay_unavailable => last = Some(error),
                outcome => return outcome.map(|()| pool.name()),
            }
        }
        Err(last.unwrap_or_else(|| SendError::relay_unavailable("no relay can be reached")))
    }
}
