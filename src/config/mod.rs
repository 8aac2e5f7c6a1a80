//! Every setting of the handbook's configuration table, read once from the environment into
//! typed values. A bad value is refused with one line that names the variable and what it
//! expects.
mod safeguards;

pub use safeguards::{DevMailbox, Safeguards};

use std::net::SocketAddr;
use std::path::PathBuf;

use chrono_tz::Tz;
use lettre::message::Mailbox;
use secrecy::SecretString;
use url::Url;

use crate::domain::CronSchedule;

#[derive(Debug, Clone)]
pub struct Settings {
    pub database_url: String,
    pub listen: SocketAddr,
    pub base_url: Url,
    /// `None`: messages are written as `.eml` files to `outbox_dir` and shown at `/dev/mailbox`.
    pub smtp_url: Option<SecretString>,
    pub mail_from: Mailbox,
    /// `None`: generated on first start and kept in the database.
    pub secret: Option<SecretString>,
    pub digest_cron: CronSchedule,
    pub timezone: Tz,
    pub digest_mode: DigestMode,
    pub articles_dir: PathBuf,
    /// Messages per second across the process; 0 means no limit.
    pub send_rate: u32,
    pub send_concurrency: u32,
    /// How long a worker holds the deliveries it claimed before others may take them.
    pub send_lease: chrono::Duration,
    pub dkim: Option<DkimSettings>,
    pub outbox_dir: PathBuf,
    /// `CARAVAN_METRICS_TOKEN`: when set, `/metrics` answers only with it as a bearer token.
    pub metrics_token: Option<SecretString>,
    /// `CARAVAN_TRUSTED_PROXIES`: the reverse proxies whose `X-Forwarded-For` is believed
    /// (for per-client rate limits); empty: the peer address is the client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// `CARAVAN_SIGNUP_RATE_LIMIT`: sign-ups a minute from one client address (0: no limit).
    pub signup_rate_limit: u32,
    /// What keeps the reader list out of strangers' reach (see [`Safeguards`]).
    pub safeguards: Safeguards,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigestMode {
    Review,
    Auto,
}

#[derive(Debug, Clone)]
pub struct DkimSettings {
    pub selector: String,
    pub key: SecretString,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("{var}: expected {expected}, got {got:?}")]
pub struct ConfigError {
    pub var: &'static str,
    pub expected: std::borrow::Cow<'static, str>,
    pub got: String,
}

/// Shortest secret accepted: 32 characters carry enough entropy for HMAC-SHA256 keys.
pub const MIN_SECRET_LEN: usize = 32;

impl Settings {
    /// Reads the process environment (call `dotenvy::dotenv()` first to honour `.env`).
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads settings through `lookup`, so tests can pass a map instead of the environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let var = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        let or = |name: &str, default: &str| var(name).unwrap_or_else(|| default.to_owned());
        let fail = |var: &'static str, expected: &'static str, got: &str| ConfigError {
            var,
            expected: expected.into(),
            got: got.to_owned(),
        };

        let database_url = or("DATABASE_URL", "sqlite://caravan.db");
        if !["sqlite:", "postgres://", "postgresql://"]
            .iter()
            .any(|p| database_url.starts_with(p))
        {
            return Err(fail(
                "DATABASE_URL",
                "a sqlite://… or postgres://… URL",
                &redact_url(&database_url),
            ));
        }

        let listen_raw = or("CARAVAN_LISTEN", "127.0.0.1:8080");
        let listen = listen_raw
            .parse()
            .map_err(|_| fail("CARAVAN_LISTEN", "host:port", &listen_raw))?;

        let base_raw = or("CARAVAN_BASE_URL", "http://localhost:8080");
        let base_url = Url::parse(base_raw.trim_end_matches('/'))
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
            .filter(|u| u.query().is_none() && u.fragment().is_none())
            .ok_or_else(|| {
                fail(
                    "CARAVAN_BASE_URL",
                    "an http(s):// URL without query",
                    &base_raw,
                )
            })?;

        let smtp_url = match var("CARAVAN_SMTP_URL") {
            None => None,
            Some(raw) => {
                crate::mail::validate_smtp_url(&raw).map_err(|why| ConfigError {
                    var: "CARAVAN_SMTP_URL",
                    expected: format!(
                        "smtp://[user:pass@]host[:port][?tls=required|opportunistic] or \
                         smtps://… ({why})"
                    )
                    .into(),
                    got: redact_url(&raw),
                })?;
                Some(SecretString::from(raw))
            }
        };

        let from_raw = or("CARAVAN_MAIL_FROM", "Caravan <newsletter@localhost>");
        let mail_from: Mailbox = from_raw.parse().map_err(|_| {
            fail(
                "CARAVAN_MAIL_FROM",
                "a mailbox such as `Caravan <news@example.org>`",
                &from_raw,
            )
        })?;

        let secret = match var("CARAVAN_SECRET") {
            None => None,
            Some(raw) if raw.chars().count() < MIN_SECRET_LEN => {
                let got = format!("{} characters", raw.chars().count());
                return Err(fail("CARAVAN_SECRET", "at least 32 characters", &got));
            }
            Some(raw) => Some(SecretString::from(raw)),
        };

        // Behind https the service is public: a secret kept only in the database would let
        // anyone holding a backup forge every reader's links.
        if secret.is_none() && base_url.scheme() == "https" {
            return Err(fail(
                "CARAVAN_SECRET",
                "a secret of at least 32 characters, since CARAVAN_BASE_URL is https",
                "",
            ));
        }

        let cron_raw = or("CARAVAN_DIGEST_CRON", "0 0 8 * * Mon");
        let digest_cron = CronSchedule::parse(&cron_raw).map_err(|_| {
            fail(
                "CARAVAN_DIGEST_CRON",
                "six cron fields, seconds first (e.g. `0 0 8 * * Mon`)",
                &cron_raw,
            )
        })?;

        let tz_raw = or("CARAVAN_TIMEZONE", "Asia/Almaty");
        let timezone = tz_raw.parse().map_err(|_| {
            fail(
                "CARAVAN_TIMEZONE",
                "an IANA time zone such as Asia/Almaty",
                &tz_raw,
            )
        })?;

        let mode_raw = or("CARAVAN_DIGEST_MODE", "review");
        let digest_mode = match mode_raw.as_str() {
            "review" => DigestMode::Review,
            "auto" => DigestMode::Auto,
            _ => return Err(fail("CARAVAN_DIGEST_MODE", "review or auto", &mode_raw)),
        };

        let rate_raw = or("CARAVAN_SEND_RATE", "0");
        let send_rate = rate_raw.parse().map_err(|_| {
            fail(
                "CARAVAN_SEND_RATE",
                "a whole number of messages per second (0: no limit)",
                &rate_raw,
            )
        })?;

        let conc_raw = or("CARAVAN_SEND_CONCURRENCY", "8");
        let send_concurrency = conc_raw
            .parse()
            .ok()
            .filter(|n| (1..=256).contains(n))
            .ok_or_else(|| {
                fail(
                    "CARAVAN_SEND_CONCURRENCY",
                    "a whole number from 1 to 256",
                    &conc_raw,
                )
            })?;

        let lease_raw = or("CARAVAN_SEND_LEASE", "60");
        let send_lease = lease_raw
            .parse::<i64>()
            .ok()
            .filter(|n| (2..=3600).contains(n))
            .map(chrono::Duration::seconds)
            .ok_or_else(|| {
                fail(
                    "CARAVAN_SEND_LEASE",
                    "a whole number of seconds from 2 to 3600",
                    &lease_raw,
                )
            })?;

        let dkim = match (var("CARAVAN_DKIM_SELECTOR"), var("CARAVAN_DKIM_KEY")) {
            (None, None) => None,
            (Some(selector), Some(key)) => {
                let domain = mail_from.email.domain();
                if let Err(expected) = crate::mail::dkim_config(&selector, &key, domain) {
                    // A key, even a broken one, is a secret: never printed.
                    return Err(ConfigError {
                        var: "CARAVAN_DKIM_KEY",
                        expected: expected.into(),
                        got: "(not shown)".to_owned(),
                    });
                }
                Some(DkimSettings {
                    selector,
                    key: SecretString::from(key),
                })
            }
            (None, Some(_)) => {
                return Err(fail(
                    "CARAVAN_DKIM_SELECTOR",
                    "a selector, since CARAVAN_DKIM_KEY is set",
                    "",
                ));
            }
            (Some(_), None) => {
                return Err(fail(
                    "CARAVAN_DKIM_KEY",
                    "a private key, since CARAVAN_DKIM_SELECTOR is set",
                    "",
                ));
            }
        };

        let metrics_token = match var("CARAVAN_METRICS_TOKEN") {
            None => None,
            Some(raw) if raw.chars().count() < 16 => {
                return Err(ConfigError {
                    var: "CARAVAN_METRICS_TOKEN",
                    expected: "at least 16 characters".into(),
                    got: "(not shown)".to_owned(),
                });
            }
            Some(raw) => Some(SecretString::from(raw)),
        };
        let proxies_raw = or("CARAVAN_TRUSTED_PROXIES", "");
        let trusted_proxies = proxies_raw
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| p.parse::<std::net::IpAddr>())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| {
                fail(
                    "CARAVAN_TRUSTED_PROXIES",
                    "IP addresses separated by commas, such as 127.0.0.1,::1",
                    &proxies_raw,
                )
            })?;

        let limit_raw = or("CARAVAN_SIGNUP_RATE_LIMIT", "10");
        let signup_rate_limit = limit_raw
            .parse::<u32>()
            .ok()
            .filter(|n| *n <= 60_000)
            .ok_or_else(|| {
                fail(
                    "CARAVAN_SIGNUP_RATE_LIMIT",
                    "sign-ups a minute per client address, 0 (no limit) to 60000",
                    &limit_raw,
                )
            })?;

        Ok(Self {
            database_url,
            listen,
            base_url,
            smtp_url,
            mail_from,
            secret,
            digest_cron,
            timezone,
            digest_mode,
            articles_dir: or("CARAVAN_ARTICLES_DIR", "articles").into(),
            send_rate,
            send_concurrency,
            send_lease,
            dkim,
            outbox_dir: or("CARAVAN_OUTBOX_DIR", "outbox").into(),
            metrics_token,
            trusted_proxies,
            signup_rate_limit,
            safeguards: Safeguards::from_lookup(var)?,
        })
    }
}

/// Hides a password so that an error line never prints a credential.
fn redact_url(raw: &str) -> String {
    match Url::parse(raw) {
        Ok(mut url) if url.password().is_some() => {
            let _ = url.set_password(Some("***"));
            url.to_string()
        }
        _ => raw.to_owned(),
    }
}

#[cfg(test)]
mod tests;
