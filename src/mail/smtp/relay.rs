//! Where and how to reach the relay, read from `CARAVAN_SMTP_URL`, and the TLS settings that
//! trust it (the system's store, else Mozilla's, plus `CARAVAN_SMTP_CA_FILE`).
use std::path::Path;
use std::sync::Arc;

use rustls::RootCertStore;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct RelayUrlError(pub(crate) String);

/// How the connection is encrypted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsMode {
    /// Plain SMTP: only sensible to a relay on this machine.
    None,
    /// STARTTLS when the relay offers it, plain otherwise (`?tls=opportunistic`).
    Opportunistic,
    /// STARTTLS or nothing (`?tls=required`).
    Required,
    /// TLS from the first byte (`smtps://`, RFC 8314).
    Implicit,
}

#[derive(Clone)]
pub struct Relay {
    pub host: String,
    pub port: u16,
    pub tls: TlsMode,
    /// The name this client gives in EHLO.
    pub hello: String,
    pub credentials: Option<(String, String)>,
    pub tls_config: Arc<rustls::ClientConfig>,
    pub server_name: ServerName<'static>,
    /// `?rate=`, `?connections=`, `?daily=`; `None` where the URL does not say.
    pub rate: Option<f64>,
    pub connections: Option<usize>,
    pub daily: Option<u64>,
}

impl Relay {
    /// Reads one relay URL; `ca_file` adds trusted CAs for its certificate.
    pub fn from_url(raw: &str, ca_file: Option<&Path>) -> Result<Self, RelayUrlError> {
        let bad = |why: &str| RelayUrlError(why.to_owned());
        let url = url::Url::parse(raw).map_err(|e| bad(&e.to_string()))?;
        let host = url.host_str().ok_or_else(|| bad("no host"))?.to_owned();
        let param = |name: &str| {
            url.query_pairs()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
        };
        if let Some((unknown, _)) = url
            .query_pairs()
            .find(|(k, _)| !["tls", "rate", "connections", "daily"].contains(&k.as_ref()))
        {
            return Err(bad(&format!(
                "unknown parameter {unknown:?} (tls, rate, connections, daily)"
            )));
        }
        let rate = match param("rate") {
            None => None,
            Some(v) => Some(
                v.parse::<f64>()
                    .ok()
                    .filter(|r| r.is_finite() && *r >= 0.1)
                    .ok_or_else(|| bad("rate is messages a second, at least 0.1"))?,
            ),
        };
        let whole = |name: &str| -> Result<Option<u64>, RelayUrlError> {
            match param(name) {
                None => Ok(None),
                Some(v) => v
                    .parse::<u64>()
                    .ok()
                    .filter(|n| *n >= 1)
                    .map(Some)
                    .ok_or_else(|| bad(&format!("{name} is a whole number from 1"))),
            }
        };
        let connections = whole("connections")?.map(|n| n as usize);
        let daily = whole("daily")?;
        let tls_mode = param("tls");
        let (tls, default_port) = match (url.scheme(), tls_mode.as_deref()) {
            ("smtp", None) => (TlsMode::None, 25),
            ("smtp", Some("required")) => (TlsMode::Required, 587),
            ("smtp", Some("opportunistic")) => (TlsMode::Opportunistic, 587),
            ("smtps", _) => (TlsMode::Implicit, 465),
            _ => return Err(bad("smtp://…[?tls=required|opportunistic] or smtps://…")),
        };
        let hello = match url.path().trim_matches('/') {
            "" => local_name(),
            name => name.to_owned(),
        };
        let decode = |s: &str| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8()
                .map(|s| s.into_owned())
                .map_err(|e| bad(&e.to_string()))
        };
        let credentials = match url.password() {
            Some(password) => Some((decode(url.username())?, decode(password)?)),
            None => None,
        };
        // A password sent without TLS can be read on the wire (and opportunistic STARTTLS can
        // be stripped by anyone in between); only a relay on this machine may skip TLS.
        let encrypted = matches!(tls, TlsMode::Required | TlsMode::Implicit);
        if credentials.is_some() && !encrypted && !is_loopback(&host) {
            return Err(bad(
                "a user and password need ?tls=required or smtps://, unless the relay is on loopback",
            ));
        }
        let bare = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned();
        let server_name = ServerName::try_from(bare).map_err(|e| {
            bad(&format!(
                "{host} cannot be checked against a certificate: {e}"
            ))
        })?;
        Ok(Self {
            port: url.port().unwrap_or(default_port),
            host,
            tls,
            hello,
            credentials,
            tls_config: tls_config(ca_file).map_err(RelayUrlError)?,
            server_name,
            rate,
            connections,
            daily,
        })
    }
}

/// The client's TLS settings: certificates checked against the system's trust store (or
/// Mozilla's, bundled, when the system has none) and the CAs of `ca_file`.
pub fn tls_config(ca_file: Option<&Path>) -> Result<Arc<rustls::ClientConfig>, String> {
    let mut roots = RootCertStore::empty();
    let system = rustls_native_certs::load_native_certs();
    let (added, _ignored) = roots.add_parsable_certificates(system.certs);
    if added == 0 {
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    }
    if let Some(path) = ca_file {
        let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?
            .collect::<Result<_, _>>()
            .map_err(|e| format!("{} is not PEM: {e}", path.display()))?;
        if certs.is_empty() {
            return Err(format!("{} holds no certificate", path.display()));
        }
        for cert in certs {
            roots
                .add(cert)
                .map_err(|e| format!("{}: not a CA certificate: {e}", path.display()))?;
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// This machine's name for EHLO, as a domain or an address literal (RFC 5321 §4.1.4).
fn local_name() -> String {
    std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|name| name.trim().to_owned())
        .filter(|name| {
            !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        })
        .unwrap_or_else(|| "[127.0.0.1]".to_owned())
}

/// `smtp:` is not a special scheme for the URL standard, so its host stays text.
fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || bare
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_the_host_port_encryption_and_credentials() {
        let relay =
            Relay::from_url("smtp://bob:p%40ss@mail.example.org?tls=required", None).unwrap();
        assert_eq!((relay.host.as_str(), relay.port), ("mail.example.org", 587));
        assert_eq!(relay.tls, TlsMode::Required);
        assert_eq!(relay.credentials, Some(("bob".into(), "p@ss".into())));
        let relay = Relay::from_url("smtp://127.0.0.1:2525", None).unwrap();
        assert_eq!(relay.port, 2525);
        assert!(relay.tls == TlsMode::None && relay.credentials.is_none());
        assert_eq!(
            Relay::from_url("smtps://mail.example.org", None)
                .unwrap()
                .port,
            465
        );
        assert!(Relay::from_url("http://mail.example.org", None).is_err());
        assert!(Relay::from_url("smtp://mail.example.org?tls=maybe", None).is_err());
        assert!(
            Relay::from_url("smtp://u:p@mail.example.org", None).is_err(),
            "a password in the clear across a network"
        );
        assert!(Relay::from_url("smtp://u:p@127.0.0.1:25", None).is_ok());
        let paced = Relay::from_url(
            "smtp://relay.example:587?tls=required&rate=14&connections=4&daily=50000",
            None,
        )
        .unwrap();
        assert_eq!(
            (paced.rate, paced.connections, paced.daily),
            (Some(14.0), Some(4), Some(50000))
        );
        for bad in [
            "?rate=0",
            "?rate=fast",
            "?connections=0",
            "?daily=-1",
            "?speed=3",
        ] {
            assert!(
                Relay::from_url(&format!("smtp://127.0.0.1{bad}"), None).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_ca_file_must_hold_certificates() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "nothing here\n").unwrap();
        assert!(
            tls_config(Some(&empty))
                .unwrap_err()
                .contains("no certificate")
        );
        assert!(tls_config(Some(&dir.path().join("missing.pem"))).is_err());
        assert!(tls_config(None).is_ok());
    }
}
