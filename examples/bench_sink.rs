//! An SMTP sink for `benches/deliver.sh --sink tls-sink`: takes every message and forgets it,
//! in plaintext, after STARTTLS, or with TLS from the first byte. It terminates TLS itself, as
//! a relay does, so a TLS run costs the relay side its decryption only, where stunnel in front
//! of Postfix's smtp-sink adds a second process and a second copy of every byte on the same two
//! cores. Plaintext and TLS runs against it differ by the encryption alone.
//!
//!   bench_sink --listen 127.0.0.1:12525 [--tls none|starttls|implicit --cert C.pem --key K.pem]
//!
//! One thread (like smtp-sink's single process); replies to pipelined commands go out in one
//! write once the commands read are all answered. Not part of the service.
use std::sync::Arc;

use anyhow::{Context, bail};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Plain,
    StartTls,
    Implicit,
}

fn main() -> anyhow::Result<()> {
    let mut listen = "127.0.0.1:12525".to_owned();
    let (mut tls, mut cert, mut key) = (Mode::Plain, None, None);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().with_context(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--listen" => listen = value()?,
            "--tls" => {
                tls = match value()?.as_str() {
                    "none" => Mode::Plain,
                    "starttls" => Mode::StartTls,
                    "implicit" => Mode::Implicit,
                    other => bail!("--tls none|starttls|implicit, not {other}"),
                }
            }
            "--cert" => cert = Some(value()?),
            "--key" => key = Some(value()?),
            other => bail!("unknown option {other}"),
        }
    }
    let acceptor = match (tls, cert, key) {
        (Mode::Plain, _, _) => None,
        (_, Some(cert), Some(key)) => Some(acceptor(&cert, &key)?),
        _ => bail!("--tls needs --cert and --key"),
    };
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(serve(&listen, tls, acceptor))
}

fn acceptor(cert: &str, key: &str) -> anyhow::Result<TlsAcceptor> {
    let certs = CertificateDer::pem_file_iter(cert)
        .with_context(|| format!("cannot read {cert}"))?
        .collect::<Result<Vec<_>, _>>()?;
    let key = PrivateKeyDer::from_pem_file(key).with_context(|| format!("cannot read {key}"))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(certs, key)?;
    Ok(TlsAcceptor::from(Arc::new(config)))
}

async fn serve(listen: &str, tls: Mode, acceptor: Option<TlsAcceptor>) -> anyhow::Result<()> {
    let listener = TcpListener::bind(listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    loop {
        let (tcp, _) = listener.accept().await?;
        tcp.set_nodelay(true)?;
        let acceptor = acceptor.clone();
        tokio::spawn(async move {
            // A client that goes away is the end of its session, nothing more.
            let _ = connection(tcp, tls, acceptor).await;
        });
    }
}

async fn connection(
    tcp: tokio::net::TcpStream,
    tls: Mode,
    acceptor: Option<TlsAcceptor>,
) -> std::io::Result<()> {
    match (tls, acceptor) {
        (Mode::Implicit, Some(acceptor)) => {
            let stream = acceptor.accept(tcp).await?;
            session(BufReader::new(stream), false, true).await?;
        }
        (Mode::StartTls, Some(acceptor)) => {
            if let Some(tcp) = session(BufReader::new(tcp), true, true).await? {
                let stream = acceptor.accept(tcp).await?;
                session(BufReader::new(stream), false, false).await?;
            }
        }
        _ => {
            session(BufReader::new(tcp), false, true).await?;
        }
    }
    Ok(())
}

/// Answers commands until QUIT or the end of the connection; returns the stream when the
/// client asked for STARTTLS (offered when `starttls`), to be encrypted and greeted again by
/// EHLO. `greet`: send the 220 greeting first (not after STARTTLS).
async fn session<S: AsyncRead + AsyncWrite + Unpin>(
    mut io: BufReader<S>,
    starttls: bool,
    greet: bool,
) -> std::io::Result<Option<S>> {
    let mut out = Vec::with_capacity(4096);
    if greet {
        out.extend_from_slice(b"220 bench-sink ESMTP\r\n");
    }
    let mut line = Vec::with_capacity(1024);
    loop {
        if !out.is_empty() && io.buffer().is_empty() {
            send(&mut io, &mut out).await?;
        }
        line.clear();
        if io.read_until(b'\n', &mut line).await? == 0 {
            return Ok(None);
        }
        let verb = line
            .get(..4)
            .map(|v| v.to_ascii_uppercase())
            .unwrap_or_default();
        match verb.as_slice() {
            b"EHLO" | b"HELO" => {
                out.extend_from_slice(b"250-bench-sink\r\n250-PIPELINING\r\n");
                if starttls {
                    out.extend_from_slice(b"250-STARTTLS\r\n");
                }
                out.extend_from_slice(b"250 8BITMIME\r\n");
            }
            b"STAR" if starttls => {
                out.extend_from_slice(b"220 2.0.0 Ready to start TLS\r\n");
                send(&mut io, &mut out).await?;
                if !io.buffer().is_empty() {
                    return Err(std::io::Error::other("data pipelined after STARTTLS"));
                }
                return Ok(Some(io.into_inner()));
            }
            b"DATA" => {
                out.extend_from_slice(b"354 End data with <CR><LF>.<CR><LF>\r\n");
                if io.buffer().is_empty() {
                    send(&mut io, &mut out).await?;
                }
                loop {
                    line.clear();
                    if io.read_until(b'\n', &mut line).await? == 0 {
                        return Ok(None);
                    }
                    if line == b".\r\n" {
                        break;
                    }
                }
                out.extend_from_slice(b"250 2.0.0 Ok: queued\r\n");
            }
            b"QUIT" => {
                out.extend_from_slice(b"221 2.0.0 Bye\r\n");
                send(&mut io, &mut out).await?;
                return Ok(None);
            }
            _ => out.extend_from_slice(b"250 2.0.0 Ok\r\n"),
        }
    }
}

/// Writes the replies gathered so far (through TLS too: flushed, not left in its buffer).
async fn send<S: AsyncRead + AsyncWrite + Unpin>(
    io: &mut BufReader<S>,
    out: &mut Vec<u8>,
) -> std::io::Result<()> {
    io.get_mut().write_all(out).await?;
    io.get_mut().flush().await?;
    out.clear();
    Ok(())
}
