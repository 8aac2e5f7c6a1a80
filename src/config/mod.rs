//! Every setting of the handbook's configuration table, read once from the environment into
//! typed values. A bad value is refused with one line that names the variable and what it
//! expects. Each group of settings is read in its own file (`server`, `mail`, `digest`,
//! `safeguards`); this one holds the types and reads them in order.
mod bounces;
mod digest;
mod mail;
mod safeguards;
mod server;
mod webhooks;

pub use bounces::BounceSettings;
pub use safeguards::{DevMailbox, Safeguards};
pub use webhooks::{WebhookSettings, p256_point};

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
    /// `CARAVAN_SMTP_CA_FILE`: CAs trusted for the relay beside the system's.
    pub smtp_ca_file: Option<PathBuf>,
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
    /// `CARAVAN_SEND_GIVE_UP_AFTER`: how long a message may wait through transient failures.
    pub send_give_up_after: chrono::Duration,
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
    pub bounces: BounceSettings,
    pub webhooks: WebhookSettings,
    /// `CARAVAN_CLICK_COUNTS`: whether letters' story links count clicks (per story, never
    /// per reader).
    pub click_counts: crate::clicks::StoryLinks,
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
        let env = Env(&var);
        let database_url = server::database_url(&env)?;
        let listen = server::listen(&env)?;
        let base_url = server::base_url(&env)?;
        let smtp_url = mail::smtp_url(&env)?;
        let smtp_ca_file = mail::smtp_ca_file(&env)?;
        let mail_from = mail::mail_from(&env)?;
        let secret = server::secret(&env, &base_url)?;
        let digest_cron = digest::digest_cron(&env)?;
        let timezone = digest::timezone(&env)?;
        let digest_mode = digest::digest_mode(&env)?;
        let send_rate = mail::send_rate(&env)?;
        let send_concurrency = mail::send_concurrency(&env)?;
        let send_lease = mail::send_lease(&env)?;
        let send_give_up_after = mail::send_give_up_after(&env)?;
        let dkim = mail::dkim(&env, &mail_from)?;
        let metrics_token = server::metrics_token(&env)?;
        let trusted_proxies = server::trusted_proxies(&env)?;
        let signup_rate_limit = server::signup_rate_limit(&env)?;
        let bounces = BounceSettings::from_env(&env)?;
        let webhooks = WebhookSettings::from_env(&env)?;
        let click_counts = server::click_counts(&env)?;

        Ok(Self {
            database_url,
            listen,
            base_url,
            smtp_url,
            smtp_ca_file,
            mail_from,
            secret,
            digest_cron,
            timezone,
            digest_mode,
            articles_dir: env.or("CARAVAN_ARTICLES_DIR", "articles").into(),
            send_rate,
            send_concurrency,
            send_lease,
            send_give_up_after,
            dkim,
            outbox_dir: env.or("CARAVAN_OUTBOX_DIR", "outbox").into(),
            metrics_token,
            trusted_proxies,
            signup_rate_limit,
            safeguards: Safeguards::from_lookup(var)?,
            bounces,
            webhooks,
            click_counts,
        })
    }
}

/// The environment as the settings read it: a blank value counts as unset.
struct Env<'a>(&'a dyn Fn(&str) -> Option<String>);

impl Env<'_> {
    fn var(&self, name: &str) -> Option<String> {
        (self.0)(name)
    }

    fn or(&self, name: &str, default: &str) -> String {
        self.var(name).unwrap_or_else(|| default.to_owned())
    }
}

fn fail(var: &'static str, expected: &'static str, got: &str) -> ConfigError {
    ConfigError {
        var,
        expected: expected.into(),
        got: got.to_owned(),
    }
}

#[cfg(test)]
mod tests;
