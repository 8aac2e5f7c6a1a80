//! A small SMTP server on loopback that records what it accepts and misbehaves on demand:
//! refuses connections with 421, answers 451 for a while, 550 for some recipients, or drops
//! the connection in the middle of DATA. It speaks enough SMTP for a client (EHLO, MAIL,
//! RCPT, DATA, RSET, NOOP, QUIT, STARTTLS), offers PIPELINING, and can speak TLS (implicit or
//! STARTTLS) with the test certificate of `tests/fixtures/tls/`. It keeps only the recipient
//! and Message-ID of each message, so tests can send thousands.
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// How the server encrypts.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum TestTls {
    #[default]
    None,
    /// Offers STARTTLS after EHLO.
    StartTls,
    /// TLS from the first byte (a client's `smtps://`).
    Implicit,
}

#[derive(Debug, Clone)]
pub struct Accepted {
    pub to: String,
    pub message_id: String,
}

/// What to do wrong. Counters are used up across all connections.
#[derive(Debug, Default, Clone)]
pub struct Faults {
    /// The first connections get `421` instead of a greeting.
    pub refuse_connections: usize,
    /// The first recipients get `451` (try again later).
    pub tempfail_recipients: usize,
    /// Recipients containing this get `550` (no such user), always.
    pub bounce_containing: Option<String>,
    /// Recipients containing this get `550 5.7.1` (refused by policy), always.
    pub policy_refusal_containing: Option<String>,
    /// Messages to recipients containing this lose their connection mid-DATA, this many times.
    pub drop_in_data: Option<(String, usize)>,
    pub tls: TestTls,
    /// Messages a second the relay takes; past that, MAIL gets SES's `454 Throttling`.
    pub throttle_per_second: Option<usize>,
    /// Offers CHUNKING (RFC 3030) and takes messages by `BDAT n LAST`.
    pub chunking: bool,
}

#[derive(Default)]
struct Shared {
    faults: Mutex<Faults>,
    accepted: Mutex<Vec<Accepted>>,
    connections: AtomicUsize,
    dropped: AtomicUsize,
    /// TLS sessions set up (implicit or by STARTTLS).
    tls_sessions: AtomicUsize,
    /// Commands that had already arrived, behind the one being answered: the client pipelined.
    pipelined: AtomicUsize,
    /// While set, every connection is refused at the greeting (the relay is down).
    down: std::sync::atomic::AtomicBool,
    /// When each message was taken, for the rate the relay saw.
    taken_at: Mutex<Vec<std::time::Instant>>,
    open_now: AtomicUsize,
    most_open: AtomicUsize,
    throttled: AtomicUsize,
    /// Messages taken by BDAT.
    chunked: AtomicUsize,
}

pub struct FaultSmtp {
    pub port: u16,
    shared: Arc<Shared>,
}

impl FaultSmtp {
    pub async fn start(faults: Faults) -> FaultSmtp {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let shared = Arc::new(Shared {
            faults: Mutex::new(faults),
            ..Default::default()
        });
        let server = shared.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let shared = server.clone();
                tokio::spawn(async move {
                    let _ = session(stream, shared).await;
                });
            }
        });
        FaultSmtp { port, shared }
    }

    /// The relay URL a client uses: `?tls=required` for STARTTLS, `smtps://` for implicit TLS.
    pub fn url(&self) -> String {
        match self.shared.faults.lock().unwrap().tls {
            TestTls::None => format!("smtp://127.0.0.1:{}", self.port),
            TestTls::StartTls => format!("smtp://127.0.0.1:{}?tls=required", self.port),
            TestTls::Implicit => format!("smtps://127.0.0.1:{}", self.port),
        }
    }

    pub fn accepted(&self) -> Vec<Accepted> {
        self.shared.accepted.lock().unwrap().clone()
    }

    pub fn accepted_count(&self) -> usize {
        self.shared.accepted.lock().unwrap().len()
    }

    /// Connections dropped in the middle of DATA so far.
    pub fn dropped(&self) -> usize {
        self.shared.dropped.load(Ordering::SeqCst)
    }

    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }

    /// The most connections open at once.
    pub fn most_open(&self) -> usize {
        self.shared.most_open.load(Ordering::SeqCst)
    }

    /// Messages taken by `BDAT … LAST`.
    pub fn chunked(&self) -> usize {
        self.shared.chunked.load(Ordering::SeqCst)
    }

    /// `454 Throttling` answers given.
    pub fn throttled(&self) -> usize {
        self.shared.throttled.load(Ordering::SeqCst)
    }

    /// The most messages taken within any one second.
    pub fn most_in_a_second(&self) -> usize {
        let taken = self.shared.taken_at.lock().unwrap();
        (0..taken.len())
            .map(|i| {
                taken[i..]
                    .iter()
                    .take_while(|t| t.duration_since(taken[i]) < std::time::Duration::from_secs(1))
                    .count()
            })
            .max()
            .unwrap_or(0)
    }

    /// Takes the relay down (every connection refused with 421) or brings it back.
    pub fn set_down(&self, down: bool) {
        self.shared.down.store(down, Ordering::SeqCst);
    }

    pub fn tls_sessions(&self) -> usize {
        self.shared.tls_sessions.load(Ordering::SeqCst)
    }

    /// Commands read while the client was still waiting for an earlier reply.
    pub fn pipelined(&self) -> usize {
        self.shared.pipelined.load(Ordering::SeqCst)
    }
}

fn acceptor() -> tokio_rustls::TlsAcceptor {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tls");
    let certs = CertificateDer::pem_file_iter(dir.join("server.pem"))
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    let key = PrivateKeyDer::from_pem_file(dir.join("server.key")).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
    tokio_rustls::TlsAcceptor::from(Arc::new(config))
}

/// The test CA's certificate, for `CARAVAN_SMTP_CA_FILE`.
pub fn test_ca_file() -> String {
    format!("{}/tests/fixtures/tls/ca.pem", env!("CARGO_MANIFEST_DIR"))
}

/// Counts a connection as open while it lives.
struct Open<'a>(&'a Shared);

impl<'a> Open<'a> {
    fn new(shared: &'a Shared) -> Self {
        let now = shared.open_now.fetch_add(1, Ordering::SeqCst) + 1;
        shared.most_open.fetch_max(now, Ordering::SeqCst);
        Open(shared)
    }
}

impl Drop for Open<'_> {
    fn drop(&mut self) {
        self.0.open_now.fetch_sub(1, Ordering::SeqCst);
    }
}

async fn session(stream: TcpStream, shared: Arc<Shared>) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    let _open = Open::new(&shared);
    let connection = shared.connections.fetch_add(1, Ordering::SeqCst);
    let (refuse, tls) = {
        let faults = shared.faults.lock().unwrap();
        let down = shared.down.load(Ordering::SeqCst);
        (down || connection < faults.refuse_connections, faults.tls)
    };
    if tls == TestTls::Implicit {
        let stream = acceptor().accept(stream).await?;
        shared.tls_sessions.fetch_add(1, Ordering::SeqCst);
        return commands(stream, &shared, refuse, false).await.map(|_| ());
    }
    let offer = tls == TestTls::StartTls;
    if let Some(stream) = commands(stream, &shared, refuse, offer).await? {
        let stream = acceptor().accept(stream).await?;
        shared.tls_sessions.fetch_add(1, Ordering::SeqCst);
        // After STARTTLS the client starts again with EHLO, without a new greeting.
        commands_after_greeting(stream, &shared, false).await?;
    }
    Ok(())
}

/// Greets (or refuses), then answers commands. `Some(stream)`: the client asked for STARTTLS
/// and was told to go ahead.
async fn commands<S: AsyncRead + AsyncWrite + Unpin>(
    mut stream: S,
    shared: &Shared,
    refuse: bool,
    offer_starttls: bool,
) -> std::io::Result<Option<S>> {
    if refuse {
        stream
            .write_all(b"421 4.3.2 too busy, come back later\r\n")
            .await?;
        return Ok(None);
    }
    stream.write_all(b"220 fault.test ESMTP\r\n").await?;
    commands_after_greeting(stream, shared, offer_starttls).await
}

async fn commands_after_greeting<S: AsyncRead + AsyncWrite + Unpin>(
    stream: S,
    shared: &Shared,
    offer_starttls: bool,
) -> std::io::Result<Option<S>> {
    let (read, mut write) = tokio::io::split(stream);
    let mut lines = BufReader::new(read);
    let chunking = shared.faults.lock().unwrap().chunking;
    let mut recipients: Vec<String> = Vec::new();
    // As real relays: RCPT and DATA only within a transaction MAIL opened.
    let mut in_transaction = false;
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(None);
        }
        if !lines.buffer().is_empty() {
            shared.pipelined.fetch_add(1, Ordering::SeqCst);
        }
        let command = line.trim_end().to_ascii_uppercase();
        let reply: &[u8] = if command.starts_with("EHLO") && chunking {
            b"250-fault.test\r\n250-PIPELINING\r\n250-CHUNKING\r\n250 SMTPUTF8\r\n"
        } else if command.starts_with("BDAT") && chunking {
            // The chunk follows at once, whatever the replies before it said.
            let size: usize = command
                .split_whitespace()
                .nth(1)
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            let mut chunk = vec![0; size];
            tokio::io::AsyncReadExt::read_exact(&mut lines, &mut chunk).await?;
            let took = in_transaction && !recipients.is_empty();
            in_transaction = false;
            if took {
                shared.chunked.fetch_add(1, Ordering::SeqCst);
                take(shared, &recipients, &String::from_utf8_lossy(&chunk));
                b"250 2.0.0 queued\r\n"
            } else {
                b"554 5.5.1 no valid recipients\r\n"
            }
        } else if command.starts_with("EHLO") {
            if offer_starttls {
                b"250-fault.test\r\n250-PIPELINING\r\n250-STARTTLS\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n"
            } else {
                b"250-fault.test\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n"
            }
        } else if command == "STARTTLS" && offer_starttls {
            write.write_all(b"220 2.0.0 ready to start TLS\r\n").await?;
            return Ok(Some(lines.into_inner().unsplit(write)));
        } else if command.starts_with("HELO") || command.starts_with("NOOP") {
            b"250 2.0.0 ok\r\n"
        } else if command.starts_with("MAIL FROM") && over_the_rate(shared) {
            shared.throttled.fetch_add(1, Ordering::SeqCst);
            recipients.clear();
            in_transaction = false;
            b"454 Throttling failure: Maximum sending rate exceeded.\r\n"
        } else if command.starts_with("MAIL FROM") || command.starts_with("RSET") {
            recipients.clear();
            in_transaction = command.starts_with("MAIL FROM");
            b"250 2.0.0 ok\r\n"
        } else if (command.starts_with("RCPT TO") || command == "DATA") && !in_transaction {
            b"503 5.5.1 Error: need MAIL command\r\n"
        } else if command.starts_with("RCPT TO") {
            let to = address(&line);
            rcpt_reply(shared, &to, &mut recipients)
        } else if command == "DATA" {
            if recipients.is_empty() {
                b"503 5.5.1 no valid recipients\r\n"
            } else {
                write.write_all(b"354 go ahead\r\n").await?;
                in_transaction = false;
                match receive_data(&mut lines, shared, &recipients).await? {
                    true => b"250 2.0.0 queued\r\n",
                    false => return Ok(None), // dropped mid-DATA
                }
            }
        } else if command == "QUIT" {
            write.write_all(b"221 2.0.0 bye\r\n").await?;
            return Ok(None);
        } else {
            b"500 5.5.2 unknown command\r\n"
        };
        write.write_all(reply).await?;
    }
}

/// Whether this relay has taken its messages for the current second.
fn over_the_rate(shared: &Shared) -> bool {
    let Some(limit) = shared.faults.lock().unwrap().throttle_per_second else {
        return false;
    };
    let taken = shared.taken_at.lock().unwrap();
    let second_ago = std::time::Instant::now() - std::time::Duration::from_secs(1);
    taken.iter().rev().take_while(|t| **t > second_ago).count() >= limit
}

fn rcpt_reply(shared: &Shared, to: &str, recipients: &mut Vec<String>) -> &'static [u8] {
    let mut faults = shared.faults.lock().unwrap();
    if faults.tempfail_recipients > 0 {
        faults.tempfail_recipients -= 1;
        return b"451 4.3.0 temporary failure, try again later\r\n";
    }
    if faults
        .bounce_containing
        .as_deref()
        .is_some_and(|pattern| to.contains(pattern))
    {
        // Quoting the recipient, as real relays do (the reply outlives this call: a test
        // bounces a handful of readers, so leaking the line is fine).
        let line = format!("550 5.1.1 <{to}>: Recipient address rejected: no such user\r\n");
        return Box::leak(line.into_boxed_str()).as_bytes();
    }
    if faults
        .policy_refusal_containing
        .as_deref()
        .is_some_and(|pattern| to.contains(pattern))
    {
        return b"550 5.7.1 Service unavailable, client host blocked using a blocklist\r\n";
    }
    recipients.push(to.to_owned());
    b"250 2.1.5 ok\r\n"
}

/// Reads the message up to the lone dot. False: the connection was dropped on purpose.
async fn receive_data<R: AsyncRead + Unpin>(
    lines: &mut BufReader<R>,
    shared: &Shared,
    recipients: &[String],
) -> std::io::Result<bool> {
    let drop_now = {
        let mut faults = shared.faults.lock().unwrap();
        match &mut faults.drop_in_data {
            Some((pattern, times))
                if *times > 0 && recipients.iter().any(|r| r.contains(pattern.as_str())) =>
            {
                *times -= 1;
                true
            }
            _ => false,
        }
    };
    let mut headers = String::new();
    let mut in_headers = true;
    let mut line = String::new();
    let mut count = 0;
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(false);
        }
        count += 1;
        if drop_now && count == 5 {
            shared.dropped.fetch_add(1, Ordering::SeqCst);
            return Ok(false);
        }
        if line == ".\r\n" {
            break;
        }
        if in_headers {
            if line == "\r\n" {
                in_headers = false;
            } else {
                headers.push_str(&line);
            }
        }
    }
    take(shared, recipients, &headers);
    Ok(true)
}

/// Records one message taken for `recipients`, its Message-ID read from `headers`.
fn take(shared: &Shared, recipients: &[String], headers: &str) {
    let headers = &headers[..headers.find("\r\n\r\n").unwrap_or(headers.len())];
    let message_id = headers
        .lines()
        .find_map(|l| {
            l.strip_prefix("Message-ID:")
                .or_else(|| l.strip_prefix("Message-Id:"))
        })
        .unwrap_or_default()
        .trim()
        .to_owned();
    shared
        .taken_at
        .lock()
        .unwrap()
        .push(std::time::Instant::now());
    let mut accepted = shared.accepted.lock().unwrap();
    for to in recipients {
        accepted.push(Accepted {
            to: to.clone(),
            message_id: message_id.clone(),
        });
    }
}

/// The address in `RCPT TO:<a@b> …`.
fn address(line: &str) -> String {
    let start = line.find('<').map_or(0, |i| i + 1);
    let end = line[start..].find('>').map_or(line.len(), |i| start + i);
    line[start..end].to_ascii_lowercase()
}
