//! The bounce listener: a small SMTP server (`CARAVAN_BOUNCE_LISTEN`) to which the
//! operator's MX or relay forwards the mail of the bounce domain. It takes only recipients
//! that are genuine return paths (anything else gets `550` at RCPT, so no forged report is
//! even read), reads each message into the ledger, and answers `250` once it is stored, or
//! `451` so the sending server tries again later. Commands may be pipelined (RFC 2920).
//! Our own because it is a hundred lines over tokio, and the SMTP server crates are either
//! unmaintained or built on threads.
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio_util::sync::CancellationToken;

use super::BounceTag;
use super::intake::Intake;

/// Biggest message read: a bounce with the original letter attached is well under this.
const MAX_MESSAGE: usize = 10 * 1024 * 1024;
/// Longest command line (RFC 5321 allows 512; generous for long parameters).
const MAX_LINE: usize = 4096;
/// A client silent this long is dropped.
const IDLE: Duration = Duration::from_secs(300);
/// Connections served at once; more wait in the kernel's backlog.
const MAX_CONNECTIONS: usize = 64;
/// Recipients of one message: a report concerns one copy, rarely a few.
const MAX_RECIPIENTS: usize = 100;

/// Serves `listener` until `shutdown`; each connection in its own task.
pub async fn serve(listener: TcpListener, intake: Intake, shutdown: CancellationToken) {
    let slots = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    tracing::info!(address = ?listener.local_addr().ok(), "bounce listener started");
    loop {
        let accepted = tokio::select! {
            () = shutdown.cancelled() => break,
            accepted = listener.accept() => accepted,
        };
        let (stream, _) = match accepted {
            Ok(accepted) => accepted,
            Err(error) => {
                tracing::warn!(%error, "bounce listener cannot accept a connection");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let Ok(slot) = slots.clone().acquire_owned().await else {
            break;
        };
        let intake = intake.clone();
        tokio::spawn(async move {
            let _ = stream.set_nodelay(true);
            if let Err(error) = session(stream, &intake).await {
                tracing::debug!(%error, "bounce listener connection ended");
            }
            drop(slot);
        });
    }
}

/// One SMTP session, command by command.
async fn session(stream: TcpStream, intake: &Intake) -> std::io::Result<()> {
    let domain = intake.return_paths().domain().to_owned();
    let (read, mut write) = stream.into_split();
    let mut read = BufReader::new(read);
    write
        .write_all(format!("220 {domain} Caravan bounce listener ESMTP\r\n").as_bytes())
        .await?;
    let mut mail = false;
    let mut recipients: Vec<BounceTag> = Vec::new();
    let mut line = Vec::with_capacity(256);
    loop {
        line.clear();
        if read_line(&mut read, &mut line, MAX_LINE).await? == 0 {
            return Ok(());
        }
        let command = String::from_utf8_lossy(&line);
        let command = command.trim_end();
        let verb = command
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        let reply: std::borrow::Cow<'static, str> = match verb.as_str() {
            "EHLO" => format!(
                "250-{domain}\r\n250-PIPELINING\r\n250-8BITMIME\r\n250-ENHANCEDSTATUSCODES\r\n\
                 250 SIZE {MAX_MESSAGE}\r\n"
            )
            .into(),
            "HELO" => format!("250 {domain}\r\n").into(),
            "MAIL" => {
                mail = true;
                recipients.clear();
                "250 2.1.0 Ok\r\n".into()
            }
            "RCPT" if !mail => "503 5.5.1 MAIL first\r\n".into(),
            "RCPT" if recipients.len() >= MAX_RECIPIENTS => {
                "452 4.5.3 Too many recipients\r\n".into()
            }
            "RCPT" => match address_of(command).and_then(|a| intake.return_paths().open(a)) {
                Some(tag) => {
                    recipients.push(tag);
                    "250 2.1.5 Ok\r\n".into()
                }
                None => {
                    // No address in the log: it may be anybody's.
                    tracing::warn!(
                        "bounce listener refused a recipient that is not a genuine return path"
                    );
                    crate::metrics::count_bounce("forged", "dsn");
                    "550 5.1.1 No such return path\r\n".into()
                }
            },
            "DATA" if recipients.is_empty() => "554 5.5.1 No valid recipients\r\n".into(),
            "DATA" => {
                write
                    .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                    .await?;
                let reply = match read_data(&mut read).await? {
                    None => "552 5.3.4 Message too big\r\n".into(),
                    Some(raw) => match intake.take(&raw, &recipients, "dsn").await {
                        Ok(taken) => {
                            tracing::info!(
                                new = taken.new,
                                suppressed = taken.suppressed,
                                duplicates = taken.duplicates,
                                dropped = taken.dropped,
                                "bounce report received"
                            );
                            "250 2.0.0 Ok\r\n".into()
                        }
                        Err(error) => {
                            tracing::error!(%error, "cannot store a bounce report; the sender will retry");
                            "451 4.3.0 Try again later\r\n".into()
                        }
                    },
                };
                mail = false;
                recipients.clear();
                reply
            }
            "RSET" => {
                mail = false;
                recipients.clear();
                "250 2.0.0 Ok\r\n".into()
            }
            "NOOP" => "250 2.0.0 Ok\r\n".into(),
            "VRFY" => "252 2.5.2 Cannot verify\r\n".into(),
            "QUIT" => {
                write.write_all(b"221 2.0.0 Bye\r\n").await?;
                return Ok(());
            }
            _ => "502 5.5.2 Command not recognised\r\n".into(),
        };
        write.write_all(reply.as_bytes()).await?;
    }
}

/// The address inside `RCPT TO:<…>`, parameters left out.
fn address_of(command: &str) -> Option<&str> {
    let start = command.find('<')? + 1;
    let end = start + command[start..].find('>')?;
    Some(&command[start..end])
}

/// Reads one line (up to LF) of at most `max` bytes; a longer one is cut there. 0: closed.
async fn read_line<R: AsyncBufReadExt + Unpin>(
    read: &mut R,
    line: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<usize> {
    let read_once = async {
        let mut total = 0;
        loop {
            let buffer = read.fill_buf().await?;
            if buffer.is_empty() {
                return Ok(total);
            }
            let (take, done) = match buffer.iter().position(|b| *b == b'\n') {
                Some(i) => (i + 1, true),
                None => (buffer.len(), false),
            };
            let room = max.saturating_sub(line.len());
            line.extend_from_slice(&buffer[..take.min(room)]);
            read.consume(take);
            total += take;
            if done {
                return Ok(total);
            }
        }
    };
    tokio::time::timeout(IDLE, read_once)
        .await
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::TimedOut, "client idle"))?
}

/// The message after DATA, dots unstuffed, up to the lone dot. `None`: over
/// [`MAX_MESSAGE`] (read to its end all the same, so the session can go on).
async fn read_data<R: AsyncBufReadExt + Unpin>(read: &mut R) -> std::io::Result<Option<Vec<u8>>> {
    let mut message = Vec::with_capacity(16 * 1024);
    let mut too_big = false;
    let mut line = Vec::with_capacity(1024);
    loop {
        line.clear();
        if read_line(read, &mut line, 1 << 20).await? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        if line == b".\r\n" || line == b".\n" {
            return Ok((!too_big).then_some(message));
        }
        let content = line.strip_prefix(b".").unwrap_or(&line);
        if message.len() + content.len() > MAX_MESSAGE {
            too_big = true;
            message.clear();
        }
        if !too_big {
            message.extend_from_slice(content);
        }
    }
}
