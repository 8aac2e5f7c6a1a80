use std::path::{Path, PathBuf};

use lettre::address::Envelope;

use super::SmtpRelays;

/// Where messages go: a real SMTP relay, or `.eml` files for development.
#[derive(Clone)]
pub enum Transport {
    Smtp(SmtpRelays),
    Files(PathBuf),
}

#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct SendError {
    /// A 4xx answer, a timeout or a dropped connection: worth trying again later.
    pub transient: bool,
    /// The relay could not be reached at all (no connection, no greeting, no TLS): nothing
    /// was said about the message, so it costs the message no attempt.
    pub relay_unavailable: bool,
    /// The relay asked to slow down (`454`, `421`, `4.7.x`): the sender slows, and the
    /// message waits without spending an attempt.
    pub throttled: bool,
    pub message: String,
}

impl SendError {
    /// Worth trying again: a 4xx, a timeout, a connection lost under a message.
    pub fn transient(message: impl Into<String>) -> Self {
        Self {
            transient: true,
            relay_unavailable: false,
            throttled: false,
            message: message.into(),
        }
    }

    /// Refused for good: a 5xx about this message.
    pub fn permanent(message: impl Into<String>) -> Self {
        Self {
            transient: false,
            ..Self::transient(message)
        }
    }

    /// The relay is out of reach: the message waits without spending an attempt.
    pub fn relay_unavailable(message: impl Into<String>) -> Self {
        Self {
            relay_unavailable: true,
            ..Self::transient(message)
        }
    }
}

/// Checks a `CARAVAN_SMTP_URL` (and `CARAVAN_SMTP_CA_FILE`) the way [`Transport::smtp`]
/// will read them.
pub fn validate_smtp_url(url: &str, ca_file: Option<&Path>) -> Result<(), super::RelayUrlError> {
    SmtpRelays::validate(url, ca_file)
}

impl Transport {
    /// A pool of up to `connections` SMTP connections, reused across messages.
    pub fn smtp(
        url: &str,
        connections: u32,
        ca_file: Option<&Path>,
    ) -> Result<Self, super::RelayUrlError> {
        Ok(Transport::Smtp(SmtpRelays::new(url, connections, ca_file)?))
    }

    pub fn is_files(&self) -> bool {
        matches!(self, Transport::Files(_))
    }

    /// Sends one message. `file_stem` names the `.eml` file in development; writing to a
    /// temporary name first means the mailbox never shows half a message, and a message sent
    /// again after a crash replaces its own file instead of adding a second one.
    pub async fn send(
        &self,
        envelope: &Envelope,
        bytes: Vec<u8>,
        file_stem: &str,
    ) -> Result<Option<std::sync::Arc<str>>, SendError> {
        match self {
            Transport::Smtp(relays) => relays.send(envelope, bytes).await.map(Some),
            Transport::Files(dir) => {
                let io = |e: std::io::Error| {
                    SendError::transient(format!("cannot write to {}: {e}", dir.display()))
                };
                tokio::fs::create_dir_all(dir).await.map_err(io)?;
                let final_path = dir.join(format!("{file_stem}.eml"));
                let temp_path = dir.join(format!(".{file_stem}.eml.tmp"));
                tokio::fs::write(&temp_path, &bytes).await.map_err(io)?;
                tokio::fs::rename(&temp_path, &final_path)
                    .await
                    .map_err(io)?;
                Ok(None)
            }
        }
    }
}
