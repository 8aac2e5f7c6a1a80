//! The settings of where the service runs and who may reach it: database, address, base URL,
//! secret, metrics token, trusted proxies, sign-up limit. Apart from the mail and digest
//! settings so each group reads on its own; `from_lookup` calls them in the table's order.
use std::net::{IpAddr, SocketAddr};

use secrecy::SecretString;
use url::Url;

use super::{ConfigError, Env, MIN_SECRET_LEN, fail};

pub(super) fn database_url(env: &Env) -> Result<String, ConfigError> {
    let database_url = env.or("DATABASE_URL", "sqlite://caravan.db");
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
    Ok(database_url)
}

pub(super) fn listen(env: &Env) -> Result<SocketAddr, ConfigError> {
    let listen_raw = env.or("CARAVAN_LISTEN", "127.0.0.1:8080");
    let listen = listen_raw
        .parse()
        .map_err(|_| fail("CARAVAN_LISTEN", "host:port", &listen_raw))?;
    Ok(listen)
}

pub(super) fn base_url(env: &Env) -> Result<Url, ConfigError> {
    let base_raw = env.or("CARAVAN_BASE_URL", "http://localhost:8080");
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
    Ok(base_url)
}

pub(super) fn secret(env: &Env, base_url: &Url) -> Result<Option<SecretString>, ConfigError> {
    let secret = match env.var("CARAVAN_SECRET") {
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
    Ok(secret)
}

pub(super) fn metrics_token(env: &Env) -> Result<Option<SecretString>, ConfigError> {
    let metrics_token = match env.var("CARAVAN_METRICS_TOKEN") {
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
    Ok(metrics_token)
}

pub(super) fn trusted_proxies(env: &Env) -> Result<Vec<IpAddr>, ConfigError> {
    let proxies_raw = env.or("CARAVAN_TRUSTED_PROXIES", "");
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
    Ok(trusted_proxies)
}

pub(super) fn signup_rate_limit(env: &Env) -> Result<u32, ConfigError> {
    let limit_raw = env.or("CARAVAN_SIGNUP_RATE_LIMIT", "10");
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
    Ok(signup_rate_limit)
}

/// Hides a password so that an error line never prints a credential.
pub(super) fn redact_url(raw: &str) -> String {
    match Url::parse(raw) {
        Ok(mut url) if url.password().is_some() => {
            let _ = url.set_password(Some("***"));
            url.to_string()
        }
        _ => raw.to_owned(),
    }
}

/// `CARAVAN_CLICK_COUNTS`: `on` (the default) links letters' stories through `/r/…`, which
/// counts clicks per story; `off` links straight to the articles.
pub(super) fn click_counts(env: &Env) -> Result<crate::clicks::StoryLinks, ConfigError> {
    use crate::clicks::StoryLinks;
    match env.or("CARAVAN_CLICK_COUNTS", "on").trim() {
        "on" => Ok(StoryLinks::Counted),
        "off" => Ok(StoryLinks::Direct),
        other => Err(fail("CARAVAN_CLICK_COUNTS", "on or off", other)),
    }
}
