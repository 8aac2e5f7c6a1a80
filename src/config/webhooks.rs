//! The providers' webhooks that may post bounces and complaints: each one only when its
//! secret is set (an unset provider's route answers 404).
use base64::Engine;
use secrecy::SecretString;

use super::{ConfigError, Env, fail};

#[derive(Debug, Clone, Default)]
pub struct WebhookSettings {
    /// `CARAVAN_WEBHOOK_POSTMARK_AUTH`: `user:password` Postmark sends as basic auth.
    pub postmark_auth: Option<SecretString>,
    /// `CARAVAN_WEBHOOK_MAILGUN_KEY`: Mailgun's HTTP webhook signing key.
    pub mailgun_key: Option<SecretString>,
    /// `CARAVAN_WEBHOOK_SENDGRID_KEY`: the event webhook's verification key (base64 of an
    /// ECDSA P-256 public key, as SendGrid shows it): the point, read at start.
    pub sendgrid_key: Option<Vec<u8>>,
    /// `CARAVAN_WEBHOOK_SES_TOPICS`: the SNS topics (ARNs) whose SES notifications are taken;
    /// empty: no SES webhook. Any AWS account can sign SNS messages: the topic says they are
    /// the newsroom's.
    pub ses_topics: Vec<String>,
    /// `CARAVAN_WEBHOOK_SES_CERT_HOST`: one more host (`host:port`) the SNS signing
    /// certificate may come from (an SNS emulator); plain HTTP only on loopback.
    pub ses_cert_host: Option<String>,
}

impl WebhookSettings {
    /// Whether any provider may post.
    pub fn any(&self) -> bool {
        self.postmark_auth.is_some()
            || self.mailgun_key.is_some()
            || self.sendgrid_key.is_some()
            || !self.ses_topics.is_empty()
    }

    pub(super) fn from_env(env: &Env) -> Result<Self, ConfigError> {
        let postmark_auth = match env.var("CARAVAN_WEBHOOK_POSTMARK_AUTH") {
            None => None,
            Some(raw) => {
                let Some((user, password)) = raw.split_once(':') else {
                    return Err(ConfigError {
                        var: "CARAVAN_WEBHOOK_POSTMARK_AUTH",
                        expected: "user:password, as set in Postmark's webhook URL".into(),
                        got: "(not shown)".into(),
                    });
                };
                if user.is_empty() || password.len() < 16 {
                    return Err(ConfigError {
                        var: "CARAVAN_WEBHOOK_POSTMARK_AUTH",
                        expected: "user:password with a password of 16 characters or more".into(),
                        got: "(not shown)".into(),
                    });
                }
                Some(SecretString::from(raw))
            }
        };
        let mailgun_key = env
            .var("CARAVAN_WEBHOOK_MAILGUN_KEY")
            .map(SecretString::from);
        let sendgrid_key = match env.var("CARAVAN_WEBHOOK_SENDGRID_KEY") {
            None => None,
            Some(raw) => Some(p256_point(&raw).ok_or_else(|| {
                fail(
                    "CARAVAN_WEBHOOK_SENDGRID_KEY",
                    "the verification key SendGrid shows for the signed event webhook (base64 \
                     of an ECDSA P-256 public key)",
                    &raw,
                )
            })?),
        };
        let ses_topics: Vec<String> = env
            .var("CARAVAN_WEBHOOK_SES_TOPICS")
            .map(|raw| {
                raw.split(',')
                    .map(|t| t.trim().to_owned())
                    .filter(|t| !t.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        if let Some(bad) = ses_topics
            .iter()
            .find(|t| !t.starts_with("arn:aws") || t.split(':').count() != 6)
        {
            return Err(fail(
                "CARAVAN_WEBHOOK_SES_TOPICS",
                "SNS topic ARNs, comma-separated, such as arn:aws:sns:eu-west-1:123456789012:caravan",
                bad,
            ));
        }
        Ok(Self {
            postmark_auth,
            mailgun_key,
            sendgrid_key,
            ses_topics,
            ses_cert_host: env.var("CARAVAN_WEBHOOK_SES_CERT_HOST"),
        })
    }
}

/// The DER prefix of every P-256 SubjectPublicKeyInfo, before its 65-byte uncompressed point.
const P256_SPKI_PREFIX: [u8; 26] = [
    0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a,
    0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
];

/// The uncompressed point of a base64 P-256 SubjectPublicKeyInfo (what ring verifies with).
pub fn p256_point(base64_spki: &str) -> Option<Vec<u8>> {
    let der = base64::engine::general_purpose::STANDARD
        .decode(base64_spki.trim())
        .ok()?;
    let point = der.strip_prefix(&P256_SPKI_PREFIX[..])?;
    (point.len() == 65 && point[0] == 0x04).then(|| point.to_vec())
}
