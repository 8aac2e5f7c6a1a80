//! The sending settings: SMTP transport, sender, DKIM, rate, concurrency and lease. Apart from
//! the server and digest settings so each group reads on its own.
use lettre::message::Mailbox;
use secrecy::SecretString;

use super::server::redact_url;
use super::{ConfigError, DkimSettings, Env, fail};

pub(super) fn smtp_url(env: &Env) -> Result<Option<SecretString>, ConfigError> {
    let smtp_url = match env.var("CARAVAN_SMTP_URL") {
        None => None,
        Some(raw) => {
            crate::mail::validate_smtp_url(&raw, None).map_err(|why| ConfigError {
                var: "CARAVAN_SMTP_URL",
                expected: format!(
                    "smtp://[user:pass@]host[:port][?tls=required|opportunistic][&rate=…]\
                     [&connections=…][&daily=…] or smtps://…, or several comma-separated \
                     ({why})"
                )
                .into(),
                got: redact_url(&raw),
            })?;
            Some(SecretString::from(raw))
        }
    };
    Ok(smtp_url)
}

/// `CARAVAN_SMTP_CA_FILE`: extra CAs (PEM) trusted for the relay's certificate.
pub(super) fn smtp_ca_file(env: &Env) -> Result<Option<std::path::PathBuf>, ConfigError> {
    let Some(raw) = env.var("CARAVAN_SMTP_CA_FILE") else {
        return Ok(None);
    };
    let path = std::path::PathBuf::from(&raw);
    crate::mail::check_ca_file(&path).map_err(|why| ConfigError {
        var: "CARAVAN_SMTP_CA_FILE",
        expected: format!("a readable PEM file of CA certificates ({why})").into(),
        got: raw.clone(),
    })?;
    Ok(Some(path))
}

pub(super) fn mail_from(env: &Env) -> Result<Mailbox, ConfigError> {
    let from_raw = env.or("CARAVAN_MAIL_FROM", "Caravan <newsletter@localhost>");
    let mail_from: Mailbox = from_raw.parse().map_err(|_| {
        fail(
            "CARAVAN_MAIL_FROM",
            "a mailbox such as `Caravan <news@example.org>`",
            &from_raw,
        )
    })?;
    Ok(mail_from)
}

pub(super) fn send_rate(env: &Env) -> Result<u32, ConfigError> {
    let rate_raw = env.or("CARAVAN_SEND_RATE", "0");
    let send_rate = rate_raw.parse().map_err(|_| {
        fail(
            "CARAVAN_SEND_RATE",
            "a whole number of messages per second (0: no limit)",
            &rate_raw,
        )
    })?;
    Ok(send_rate)
}

pub(super) fn send_concurrency(env: &Env) -> Result<u32, ConfigError> {
    let conc_raw = env.or("CARAVAN_SEND_CONCURRENCY", "8");
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
    Ok(send_concurrency)
}

/// `CARAVAN_SEND_GIVE_UP_AFTER`: `3d` by default; `90s`, `45m`, `12h`, `5d`.
pub(super) fn send_give_up_after(env: &Env) -> Result<chrono::Duration, ConfigError> {
    let raw = env.or("CARAVAN_SEND_GIVE_UP_AFTER", "3d");
    let trimmed = raw.trim();
    let (number, unit) = trimmed.split_at(trimmed.len().saturating_sub(1));
    let seconds = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => 0,
    };
    number
        .parse::<i64>()
        .ok()
        .map(|n| n * seconds)
        .filter(|s| (60..=30 * 86_400).contains(s))
        .map(chrono::Duration::seconds)
        .ok_or_else(|| {
            fail(
                "CARAVAN_SEND_GIVE_UP_AFTER",
                "a time from 1m to 30d, such as 90m, 12h or 3d",
                &raw,
            )
        })
}

pub(super) fn send_lease(env: &Env) -> Result<chrono::Duration, ConfigError> {
    let lease_raw = env.or("CARAVAN_SEND_LEASE", "60");
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
    Ok(send_lease)
}

pub(super) fn dkim(env: &Env, mail_from: &Mailbox) -> Result<Option<DkimSettings>, ConfigError> {
    let dkim = match (
        env.var("CARAVAN_DKIM_SELECTOR"),
        env.var("CARAVAN_DKIM_KEY"),
    ) {
        (None, None) => None,
        (Some(selector), Some(key)) => {
            let domain = mail_from.email.domain();
            if let Err(expected) = crate::mail::DkimKeys::new(&selector, &key, domain) {
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
    Ok(dkim)
}
