//! A pool of lettre SMTP connections with `TCP_NODELAY` set.
//!
//! lettre's own pool leaves Nagle's algorithm on and writes a message's body and its final
//! `.` in two writes: the second one then waits for the relay's delayed ACK, 40 ms per message
//! on Linux (measured: 180 messages per second over 8 connections). It also sends a NOOP
//! before every reuse. This pool opens connections on a socket with `TCP_NODELAY` (for
//! `smtp://`, with or without STARTTLS), reuses them without a NOOP, and retries once on a
//! fresh connection when a reused one turns out to be closed.
use std::sync::Arc;
use std::time::{Duration, Instant};

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, DEFAULT_MECHANISMS};
use lettre::transport::smtp::client::{AsyncSmtpConnection, Tls, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use tokio::sync::{Mutex, Semaphore};

use super::SendError;

/// A connection unused for this long is closed rather than reused (relays drop idle ones).
const IDLE_LIMIT: Duration = Duration::from_secs(30);
const TIMEOUT: Duration = Duration::from_secs(30);

/// Where and how to connect, read from `CARAVAN_SMTP_URL` with lettre's URL rules.
#[derive(Clone)]
struct Relay {
    host: String,
    port: u16,
    tls: Tls,
    hello: ClientId,
    credentials: Option<Credentials>,
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct RelayUrlError(String);

impl Relay {
    fn from_url(raw: &str) -> Result<Self, RelayUrlError> {
        let bad = |why: &str| RelayUrlError(why.to_owned());
        let url = url::Url::parse(raw).map_err(|e| bad(&e.to_string()))?;
        let host = url.host_str().ok_or_else(|| bad("no host"))?.to_owned();
        let tls_mode = url
            .query_pairs()
            .find(|(k, _)| k == "tls")
            .map(|(_, v)| v.into_owned());
        let params = || TlsParameters::new(host.clone()).map_err(|e| bad(&e.to_string()));
        let (tls, default_port) = match (url.scheme(), tls_mode.as_deref()) {
            ("smtp", None) => (Tls::None, 25),
            ("smtp", Some("required")) => (Tls::Required(params()?), 587),
            ("smtp", Some("opportunistic")) => (Tls::Opportunistic(params()?), 587),
            ("smtps", _) => (Tls::Wrapper(params()?), 465),
            _ => return Err(bad("smtp://…[?tls=required|opportunistic] or smtps://…")),
        };
        let hello = match url.path().trim_matches('/') {
            "" => ClientId::default(),
            name => ClientId::Domain(name.to_owned()),
        };
        let decode = |s: &str| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8()
                .map(|s| s.into_owned())
                .map_err(|e| bad(&e.to_string()))
        };
        let credentials = match url.password() {
            Some(password) => Some(Credentials::new(decode(url.username())?, decode(password)?)),
            None => None,
        };
        // A password sent without TLS can be read on the wire (and opportunistic STARTTLS can
        // be stripped by anyone in between); only a relay on this machine may skip TLS.
        let encrypted = matches!(tls, Tls::Required(_) | Tls::Wrapper(_));
        if credentials.is_some() && !encrypted && !is_loopback(&url) {
            return Err(bad(
                "a user and password need ?tls=required or smtps://, unless the relay is on loopback",
            ));
        }
        Ok(Self {
            host,
            port: url.port().unwrap_or(default_port),
            tls,
            hello,
            credentials,
        })
    }

    async fn connect(&self) -> Result<AsyncSmtpConnection, SendError> {
        let mut connection = match &self.tls {
            // Implicit TLS: lettre opens the socket itself (no TCP_NODELAY there).
            Tls::Wrapper(params) => AsyncSmtpConnection::connect_tokio1(
                (self.host.as_str(), self.port),
                Some(TIMEOUT),
                &self.hello,
                Some(params.clone()),
                None,
            )
            .await
            .map_err(send_error)?,
            _ => {
                let stream = tokio::time::timeout(
                    TIMEOUT,
                    tokio::net::TcpStream::connect((self.host.as_str(), self.port)),
                )
                .await
                .map_err(|_| std::io::Error::new(std::io::ErrorKind::TimedOut, "timed out"))
                .and_then(|connected| connected)
                .map_err(|e| self.unreachable(e))?;
                stream.set_nodelay(true).map_err(|e| self.unreachable(e))?;
                AsyncSmtpConnection::connect_with_transport(Box::new(stream), &self.hello)
                    .await
                    .map_err(send_error)?
            }
        };
        let upgraded = match &self.tls {
            Tls::Opportunistic(params) if connection.can_starttls() => {
                connection.starttls(params.clone(), &self.hello).await
            }
            Tls::Required(params) => connection.starttls(params.clone(), &self.hello).await,
            _ => Ok(()),
        };
        upgraded.map_err(send_error)?;
        if let Some(credentials) = &self.credentials {
            connection
                .auth(DEFAULT_MECHANISMS, credentials)
                .await
                .map_err(send_error)?;
        }
        Ok(connection)
    }

    fn unreachable(&self, error: std::io::Error) -> SendError {
        SendError {
            transient: true,
            message: format!("cannot connect to {}:{}: {error}", self.host, self.port),
        }
    }
}

/// `smtp:` is not a special scheme for the URL standard, so its host stays text.
fn is_loopback(url: &url::Url) -> bool {
    let host = url.host_str().unwrap_or_default();
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || bare
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Up to `size` connections to one relay, shared by every sender of the process.
#[derive(Clone)]
pub struct SmtpPool {
    relay: Arc<Relay>,
    idle: Arc<Mutex<Vec<(AsyncSmtpConnection, Instant)>>>,
    permits: Arc<Semaphore>,
}

impl SmtpPool {
    pub fn new(url: &str, size: u32) -> Result<Self, RelayUrlError> {
        Ok(Self {
            relay: Arc::new(Relay::from_url(url)?),
            idle: Arc::new(Mutex::new(Vec::new())),
            permits: Arc::new(Semaphore::new(size.max(1) as usize)),
        })
    }

    /// Checks a URL the way [`SmtpPool::new`] reads it.
    pub fn validate(url: &str) -> Result<(), RelayUrlError> {
        Relay::from_url(url).map(|_| ())
    }

    pub async fn send(&self, envelope: &Envelope, bytes: &[u8]) -> Result<(), SendError> {
        let _permit = self.permits.acquire().await.map_err(|_| SendError {
            transient: true,
            message: "the SMTP pool is closed".into(),
        })?;
        let _in_use = InUse::new();
        let (mut connection, reused) = match self.reusable().await {
            Some(connection) => (connection, true),
            None => (self.relay.connect().await?, false),
        };
        let mut result = connection.send(envelope, bytes).await;
        if reused && result.as_ref().is_err_and(is_connection_error) {
            // The relay closed this idle connection: one more try on a new one.
            connection = self.relay.connect().await?;
            result = connection.send(envelope, bytes).await;
        }
        match result {
            Ok(_) => {
                self.idle.lock().await.push((connection, Instant::now()));
                Ok(())
            }
            // lettre has closed the connection after any failure.
            Err(error) => Err(send_error(error)),
        }
    }

    async fn reusable(&self) -> Option<AsyncSmtpConnection> {
        let mut idle = self.idle.lock().await;
        while let Some((connection, since)) = idle.pop() {
            if since.elapsed() < IDLE_LIMIT && !connection.has_broken() {
                return Some(connection);
            }
        }
        None
    }
}

/// Counts a connection as busy in `/metrics` for as long as it lives.
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

/// Not an answer from the relay: a closed connection, a timeout, an I/O error.
fn is_connection_error(error: &lettre::transport::smtp::Error) -> bool {
    !error.is_permanent() && !error.is_transient()
}

fn send_error(error: lettre::transport::smtp::Error) -> SendError {
    SendError {
        transient: !error.is_permanent(),
        // Logged and stored as a delivery's last error: no reader's address in it.
        message: crate::domain::redact_addresses(&error.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_read_like_lettre_reads_them() {
        let relay = Relay::from_url("smtp://bob:p%40ss@mail.example.org?tls=required").unwrap();
        assert_eq!((relay.host.as_str(), relay.port), ("mail.example.org", 587));
        assert!(matches!(relay.tls, Tls::Required(_)));
        assert!(relay.credentials.is_some());
        let relay = Relay::from_url("smtp://127.0.0.1:2525").unwrap();
        assert_eq!(relay.port, 2525);
        assert!(matches!(relay.tls, Tls::None) && relay.credentials.is_none());
        assert_eq!(
            Relay::from_url("smtps://mail.example.org").unwrap().port,
            465
        );
        assert!(Relay::from_url("http://mail.example.org").is_err());
        assert!(Relay::from_url("smtp://mail.example.org?tls=maybe").is_err());
    }
}
