//! One open session with the relay: TCP with `TCP_NODELAY` (a message's last write must not
//! wait for the relay's delayed ACK), TLS implicit or by STARTTLS, EHLO, AUTH; then commands
//! written in groups and replies read back in order.
use std::time::Duration;

use base64::Engine;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use super::relay::{Relay, TlsMode};
use super::reply::{Reply, push_line};
use super::stream::Stream;
use crate::mail::SendError;

/// How long the relay may take over one step, as lettre allowed.
pub const TIMEOUT: Duration = Duration::from_secs(60);
/// Longest reply line read (RFC 5321 allows 512; relays add text).
const MAX_LINE: u64 = 4096;

/// What the relay said it can do in its EHLO reply.
#[derive(Debug, Default, Clone, Copy)]
pub struct Extensions {
    pub pipelining: bool,
    pub chunking: bool,
    pub starttls: bool,
    pub smtputf8: bool,
    pub auth_plain: bool,
    pub auth_login: bool,
}

impl Extensions {
    fn from_ehlo(reply: &Reply) -> Self {
        let mut found = Self::default();
        for line in reply.text.lines().skip(1) {
            let mut words = line.split_whitespace();
            let keyword = words.next().unwrap_or("").to_ascii_uppercase();
            match keyword.as_str() {
                "PIPELINING" => found.pipelining = true,
                "CHUNKING" => found.chunking = true,
                "STARTTLS" => found.starttls = true,
                "SMTPUTF8" => found.smtputf8 = true,
                "AUTH" => {
                    for mechanism in words {
                        match mechanism.to_ascii_uppercase().as_str() {
                            "PLAIN" => found.auth_plain = true,
                            "LOGIN" => found.auth_login = true,
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        found
    }
}

pub struct Connection {
    io: BufReader<Stream>,
    pub extensions: Extensions,
}

/// A failure of the connection itself (not an answer about a message): always transient.
pub fn broken(what: impl std::fmt::Display) -> SendError {
    SendError::transient(crate::domain::redact_addresses(&what.to_string()))
}

impl Connection {
    /// Connects, encrypts as the relay URL asks, greets and signs in.
    pub async fn open(relay: &Relay) -> Result<Self, SendError> {
        tokio::time::timeout(TIMEOUT, Self::open_now(relay))
            .await
            .map_err(|_| {
                broken(format!(
                    "{}:{} did not finish the greeting within {TIMEOUT:?}",
                    relay.host, relay.port
                ))
            })?
    }

    async fn open_now(relay: &Relay) -> Result<Self, SendError> {
        let unreachable = |e: std::io::Error| {
            broken(format!(
                "cannot connect to {}:{}: {e}",
                relay.host, relay.port
            ))
        };
        let tcp = TcpStream::connect((relay.host.as_str(), relay.port))
            .await
            .map_err(unreachable)?;
        tcp.set_nodelay(true).map_err(unreachable)?;
        let stream = match relay.tls {
            TlsMode::Implicit => Stream::Tls(Box::new(handshake(relay, tcp).await?)),
            _ => Stream::Plain(tcp),
        };
        let mut connection = Self {
            io: BufReader::new(stream),
            extensions: Extensions::default(),
        };
        let greeting = connection.read_reply().await?;
        if greeting.code != 220 {
            return Err(broken(format!(
                "the relay refused the connection: {} {}",
                greeting.code,
                greeting.text.replace('\n', " ")
            )));
        }
        connection.ehlo(relay).await?;
        let wants_starttls = match relay.tls {
            TlsMode::Required => true,
            TlsMode::Opportunistic => connection.extensions.starttls,
            TlsMode::None | TlsMode::Implicit => false,
        };
        if wants_starttls {
            connection = connection.starttls(relay).await?;
            connection.ehlo(relay).await?;
        }
        if let Some((user, password)) = &relay.credentials {
            connection.authenticate(user, password).await?;
        }
        Ok(connection)
    }

    async fn ehlo(&mut self, relay: &Relay) -> Result<(), SendError> {
        let reply = self.command(&format!("EHLO {}\r\n", relay.hello)).await?;
        if reply.code != 250 {
            return Err(broken(format!(
                "the relay refused EHLO: {} {}",
                reply.code, reply.text
            )));
        }
        self.extensions = Extensions::from_ehlo(&reply);
        Ok(())
    }

    async fn starttls(mut self, relay: &Relay) -> Result<Self, SendError> {
        if !self.extensions.starttls {
            return Err(broken("the relay does not offer STARTTLS (tls=required)"));
        }
        let reply = self.command("STARTTLS\r\n").await?;
        if reply.code != 220 {
            return Err(broken(format!(
                "the relay refused STARTTLS: {}",
                reply.code
            )));
        }
        // Anything already read past the 220 was sent in the clear and could have been
        // injected by someone in between (CVE-2011-0411): refuse it.
        if !self.io.buffer().is_empty() {
            return Err(broken(
                "the relay sent data right after agreeing to STARTTLS",
            ));
        }
        let Stream::Plain(tcp) = self.io.into_inner() else {
            return Err(broken("STARTTLS on a connection already encrypted"));
        };
        let tls = handshake(relay, tcp).await?;
        Ok(Self {
            io: BufReader::new(Stream::Tls(Box::new(tls))),
            extensions: Extensions::default(),
        })
    }

    async fn authenticate(&mut self, user: &str, password: &str) -> Result<(), SendError> {
        let b64 = |s: &[u8]| base64::engine::general_purpose::STANDARD.encode(s);
        let reply = if self.extensions.auth_plain || !self.extensions.auth_login {
            let token = b64(format!("\0{user}\0{password}").as_bytes());
            self.command(&format!("AUTH PLAIN {token}\r\n")).await?
        } else {
            let mut reply = self.command("AUTH LOGIN\r\n").await?;
            for value in [user, password] {
                if reply.code != 334 {
                    break;
                }
                reply = self
                    .command(&format!("{}\r\n", b64(value.as_bytes())))
                    .await?;
            }
            reply
        };
        if reply.code != 235 {
            return Err(broken(format!(
                "the relay refused the user and password: {} {}",
                reply.code,
                reply.text.replace('\n', " ")
            )));
        }
        Ok(())
    }

    /// Writes one command and reads its reply.
    pub async fn command(&mut self, line: &str) -> Result<Reply, SendError> {
        self.write(line.as_bytes()).await?;
        self.read_reply().await
    }

    /// Writes a group of commands (and message data) at once.
    pub async fn write(&mut self, bytes: &[u8]) -> Result<(), SendError> {
        let io = self.io.get_mut();
        let written = async {
            io.write_all(bytes).await?;
            io.flush().await
        };
        tokio::time::timeout(TIMEOUT, written)
            .await
            .map_err(|_| broken("the relay stopped reading"))?
            .map_err(|e| broken(format!("lost the connection to the relay: {e}")))
    }

    /// Reads the next reply, however many lines it spans.
    pub async fn read_reply(&mut self) -> Result<Reply, SendError> {
        let mut lines = Vec::new();
        let mut line = String::new();
        loop {
            line.clear();
            let read =
                tokio::time::timeout(TIMEOUT, (&mut self.io).take(MAX_LINE).read_line(&mut line))
                    .await
                    .map_err(|_| broken(format!("the relay did not answer within {TIMEOUT:?}")))?
                    .map_err(|e| broken(format!("lost the connection to the relay: {e}")))?;
            if read == 0 {
                return Err(broken("the relay closed the connection"));
            }
            if let Some(reply) = push_line(&mut lines, &line).map_err(broken)? {
                return Ok(reply);
            }
        }
    }

    /// Says goodbye; the relay may already be gone, which is fine.
    pub async fn quit(mut self) {
        let _ = tokio::time::timeout(Duration::from_secs(5), self.command("QUIT\r\n")).await;
    }
}

async fn handshake(
    relay: &Relay,
    tcp: TcpStream,
) -> Result<tokio_rustls::client::TlsStream<TcpStream>, SendError> {
    tokio_rustls::TlsConnector::from(relay.tls_config.clone())
        .connect(relay.server_name.clone(), tcp)
        .await
        .map_err(|e| broken(format!("TLS with {} failed: {e}", relay.host)))
}
