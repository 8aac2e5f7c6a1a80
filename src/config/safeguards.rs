//! The settings that keep the reader list out of strangers' reach: where the development
//! mailbox may be served, secret rotation, how much mail a stranger can make Caravan send,
//! how long unconfirmed readers and sent e-mails are kept, and two-factor sign-in.
use std::net::SocketAddr;

use secrecy::SecretString;
use url::Url;

use super::{ConfigError, MIN_SECRET_LEN};

/// `CARAVAN_DEV_MAILBOX`: whether `/dev/mailbox` (every e-mail written to the outbox folder,
/// links included) is served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DevMailbox {
    /// Only where a developer is: listening on loopback with a plain-http base URL.
    Auto,
    On,
    Off,
}

impl DevMailbox {
    /// Whether the mailbox is served by a process listening on `listen` for `base_url`
    /// (and writing e-mails to files at all, which the caller checks).
    pub fn serves(self, listen: SocketAddr, base_url: &Url) -> bool {
        match self {
            DevMailbox::On => true,
            DevMailbox::Off => false,
            DevMailbox::Auto => listen.ip().is_loopback() && base_url.scheme() != "https",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Safeguards {
    pub dev_mailbox: DevMailbox,
    /// `CARAVAN_SECRET_PREVIOUS`: earlier secrets whose links and sessions still open.
    pub secret_previous: Vec<SecretString>,
    /// `CARAVAN_CONFIRMATIONS_PER_HOUR`: confirmation e-mails the whole service sends in an
    /// hour; past it they wait in the outbox.
    pub confirmations_per_hour: u32,
    /// `CARAVAN_PENDING_DAYS`: unconfirmed sign-ups older than this are deleted.
    pub pending_days: u32,
    /// `CARAVAN_OUTBOX_KEEP_DAYS`: bodies of sent outbox e-mails older than this are dropped.
    pub outbox_keep_days: u32,
    /// `CARAVAN_REQUIRE_2FA`: admins must sign in with a TOTP code.
    pub require_2fa: bool,
}

impl Default for Safeguards {
    fn default() -> Self {
        Self {
            dev_mailbox: DevMailbox::Auto,
            secret_previous: Vec::new(),
            confirmations_per_hour: 1000,
            pending_days: 30,
            outbox_keep_days: 30,
            require_2fa: false,
        }
    }
}

impl Safeguards {
    pub(super) fn from_lookup(var: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let fail = |var: &'static str, expected: &'static str, got: &str| ConfigError {
            var,
            expected: expected.into(),
            got: got.to_owned(),
        };
        let defaults = Self::default();
        let dev_mailbox = match var("CARAVAN_DEV_MAILBOX").as_deref().map(str::trim) {
            None | Some("auto") => DevMailbox::Auto,
            Some("on") => DevMailbox::On,
            Some("off") => DevMailbox::Off,
            Some(other) => return Err(fail("CARAVAN_DEV_MAILBOX", "auto, on or off", other)),
        };
        let secret_previous = match var("CARAVAN_SECRET_PREVIOUS") {
            None => Vec::new(),
            Some(raw) => {
                let secrets: Vec<&str> = raw
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect();
                if let Some(short) = secrets.iter().find(|s| s.chars().count() < MIN_SECRET_LEN) {
                    // Secrets are never printed, not even a short one.
                    let got = format!("one of {} characters", short.chars().count());
                    return Err(fail(
                        "CARAVAN_SECRET_PREVIOUS",
                        "secrets of at least 32 characters separated by commas",
                        &got,
                    ));
                }
                secrets
                    .into_iter()
                    .map(|s| SecretString::from(s.to_owned()))
                    .collect()
            }
        };
        let number = |name: &'static str, default: u32, range: std::ops::RangeInclusive<u32>| {
            match var(name) {
                None => Ok(default),
                Some(raw) => raw
                    .trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|n| range.contains(n))
                    .ok_or_else(|| ConfigError {
                        var: name,
                        expected: format!(
                            "a whole number from {} to {}",
                            range.start(),
                            range.end()
                        )
                        .into(),
                        got: raw,
                    }),
            }
        };
        let require_2fa = match var("CARAVAN_REQUIRE_2FA").as_deref().map(str::trim) {
            None | Some("0") => false,
            Some("1") => true,
            Some(other) => return Err(fail("CARAVAN_REQUIRE_2FA", "0 or 1", other)),
        };
        Ok(Self {
            dev_mailbox,
            secret_previous,
            confirmations_per_hour: number(
                "CARAVAN_CONFIRMATIONS_PER_HOUR",
                defaults.confirmations_per_hour,
                1..=1_000_000,
            )?,
            pending_days: number("CARAVAN_PENDING_DAYS", defaults.pending_days, 1..=3650)?,
            outbox_keep_days: number(
                "CARAVAN_OUTBOX_KEEP_DAYS",
                defaults.outbox_keep_days,
                1..=3650,
            )?,
            require_2fa,
        })
    }
}
