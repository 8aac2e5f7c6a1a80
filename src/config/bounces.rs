//! The bounce settings: the domain of the VERP return paths and where the bounce listener
//! takes mail for it.
use std::net::SocketAddr;

use super::{ConfigError, Env, fail};

/// `CARAVAN_BOUNCE_DOMAIN` and `CARAVAN_BOUNCE_LISTEN`.
#[derive(Debug, Clone, Default)]
pub struct BounceSettings {
    /// Envelope senders become `b-<token>@` this domain; unset, they stay `CARAVAN_MAIL_FROM`.
    pub domain: Option<String>,
    /// The built-in SMTP listener for DSNs and complaints (`caravan serve`, `caravan bounces`).
    pub listen: Option<SocketAddr>,
}

impl BounceSettings {
    pub(super) fn from_env(env: &Env) -> Result<Self, ConfigError> {
        let domain = match env.var("CARAVAN_BOUNCE_DOMAIN") {
            None => None,
            Some(raw) => {
                let domain = raw.trim().trim_start_matches('@').to_ascii_lowercase();
                let valid = domain.contains('.')
                    && lettre::Address::new("b", &domain).is_ok()
                    && !domain.contains(['[', ']']);
                if !valid {
                    return Err(fail(
                        "CARAVAN_BOUNCE_DOMAIN",
                        "a domain name such as `bounces.example.org` whose mail reaches \
                         Caravan's bounce listener",
                        &raw,
                    ));
                }
                Some(domain)
            }
        };
        let listen = match env.var("CARAVAN_BOUNCE_LISTEN") {
            None => None,
            Some(raw) => Some(raw.trim().parse().map_err(|_| {
                fail(
                    "CARAVAN_BOUNCE_LISTEN",
                    "an address and port such as `127.0.0.1:2526`",
                    &raw,
                )
            })?),
        };
        if listen.is_some() && domain.is_none() {
            return Err(fail(
                "CARAVAN_BOUNCE_DOMAIN",
                "a domain for the return paths: CARAVAN_BOUNCE_LISTEN takes only their mail",
                "(unset)",
            ));
        }
        Ok(Self { domain, listen })
    }
}
