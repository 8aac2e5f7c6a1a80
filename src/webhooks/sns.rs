//! Amazon SNS messages, as SES publishes its bounces, complaints and deliveries through them:
//! the envelope, the text SNS signs, and its signature checked against the signing
//! certificate. The certificate is fetched over HTTPS only from SNS's own hosts
//! (`sns.<region>.amazonaws.com`, `.com.cn`), or from the one host
//! `CARAVAN_WEBHOOK_SES_CERT_HOST` names (an SNS emulator; plain HTTP only on loopback), and
//! kept. Only SignatureVersion 2 (SHA256withRSA) is accepted: version 1 is SHA1.
use std::collections::HashMap;
use std::sync::Mutex;

use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;
use serde::Deserialize;

use super::WebhookError;

/// One SNS message, as posted.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Envelope {
    #[serde(rename = "Type")]
    pub kind: String,
    pub message_id: String,
    pub topic_arn: String,
    pub subject: Option<String>,
    pub message: String,
    pub timestamp: String,
    pub signature_version: String,
    pub signature: String,
    #[serde(rename = "SigningCertURL")]
    pub signing_cert_url: String,
    #[serde(rename = "SubscribeURL")]
    pub subscribe_url: Option<String>,
    pub token: Option<String>,
}

impl Envelope {
    /// The text SNS signs: chosen fields as `Name\nvalue\n`, in byte order of their names.
    pub fn string_to_sign(&self) -> String {
        let mut fields: Vec<(&str, &str)> = vec![
            ("Message", &self.message),
            ("MessageId", &self.message_id),
            ("Timestamp", &self.timestamp),
            ("TopicArn", &self.topic_arn),
            ("Type", &self.kind),
        ];
        if self.kind == "Notification" {
            if let Some(subject) = &self.subject {
                fields.push(("Subject", subject));
            }
        } else {
            if let Some(url) = &self.subscribe_url {
                fields.push(("SubscribeURL", url));
            }
            if let Some(token) = &self.token {
                fields.push(("Token", token));
            }
        }
        fields.sort_by_key(|(name, _)| *name);
        fields
            .iter()
            .map(|(name, value)| format!("{name}\n{value}\n"))
            .collect()
    }
}

/// Checks SNS signatures, with the certificates fetched so far.
pub struct SnsVerifier {
    /// `host[:port]` besides SNS's own, e.g. an emulator's.
    extra_host: Option<String>,
    client: reqwest::Client,
    certificates: Mutex<HashMap<String, CertificateDer<'static>>>,
}

impl SnsVerifier {
    pub fn new(extra_host: Option<String>) -> Result<Self, String> {
        let tls = crate::mail::tls_config(None)?;
        let client = reqwest::Client::builder()
            .use_preconfigured_tls((*tls).clone())
            .timeout(std::time::Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| format!("cannot set up the HTTPS client: {e}"))?;
        Ok(Self {
            extra_host,
            client,
            certificates: Mutex::new(HashMap::new()),
        })
    }

    /// Whether `url` is one SNS itself would use (or the configured emulator's).
    pub fn allowed_url(&self, url: &str) -> bool {
        let Ok(url) = url::Url::parse(url) else {
            return false;
        };
        let Some(host) = url.host_str() else {
            return false;
        };
        let host_port = match url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        };
        if self.extra_host.as_deref() == Some(host_port.as_str()) {
            let loopback = host
                .trim_matches(['[', ']'])
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
            return url.scheme() == "https" || (url.scheme() == "http" && loopback);
        }
        let sns_host = |suffix: &str| {
            host.strip_prefix("sns.")
                .and_then(|rest| rest.strip_suffix(suffix))
                .is_some_and(|region| {
                    !region.is_empty()
                        && region
                            .bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                })
        };
        url.scheme() == "https"
            && url.port().is_none()
            && (sns_host(".amazonaws.com") || sns_host(".amazonaws.com.cn"))
    }

    /// The envelope is signed by SNS (version 2) with a certificate from an allowed URL.
    pub async fn verify(&self, envelope: &Envelope) -> Result<(), WebhookError> {
        if envelope.signature_version != "2" || !self.allowed_url(&envelope.signing_cert_url) {
            return Err(WebhookError::BadSignature);
        }
        use base64::Engine;
        let signature = base64::engine::general_purpose::STANDARD
            .decode(envelope.signature.trim())
            .map_err(|_| WebhookError::BadSignature)?;
        let certificate = self.certificate(&envelope.signing_cert_url).await?;
        let end_entity = webpki::EndEntityCert::try_from(&certificate)
            .map_err(|_| WebhookError::BadSignature)?;
        end_entity
            .verify_signature(
                webpki::ring::RSA_PKCS1_2048_8192_SHA256,
                envelope.string_to_sign().as_bytes(),
                &signature,
            )
            .map_err(|_| WebhookError::BadSignature)
    }

    async fn certificate(&self, url: &str) -> Result<CertificateDer<'static>, WebhookError> {
        if let Some(known) = self.lock().get(url) {
            return Ok(known.clone());
        }
        let fetch_error = |e: String| {
            WebhookError::Internal(anyhow::anyhow!("cannot fetch the SNS certificate: {e}"))
        };
        let response = self
            .client
            .get(url)
            .send()
            .await
            .map_err(|e| fetch_error(e.to_string()))?;
        if !response.status().is_success() {
            return Err(fetch_error(format!("HTTP {}", response.status())));
        }
        let pem = response
            .bytes()
            .await
            .map_err(|e| fetch_error(e.to_string()))?;
        let certificate = CertificateDer::from_pem_slice(&pem)
            .map_err(|_| WebhookError::BadSignature)?
            .into_owned();
        let mut known = self.lock();
        // A handful of certificates in a service's life; never more than a few dozen kept.
        if known.len() >= 32 {
            known.clear();
        }
        known.insert(url.to_owned(), certificate.clone());
        Ok(certificate)
    }

    /// Confirms a subscription by visiting its SubscribeURL (an allowed host only).
    pub async fn confirm(&self, url: &str) -> Result<(), WebhookError> {
        if !self.allowed_url(url) {
            return Err(WebhookError::BadSignature);
        }
        let response = self.client.get(url).send().await.map_err(|e| {
            WebhookError::Internal(anyhow::anyhow!("cannot confirm the SNS subscription: {e}"))
        })?;
        if !response.status().is_success() {
            return Err(WebhookError::Internal(anyhow::anyhow!(
                "SNS refused the subscription confirmation: HTTP {}",
                response.status()
            )));
        }
        Ok(())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, CertificateDer<'static>>> {
        self.certificates
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn certificates_come_only_from_sns_hosts() {
        let verifier = SnsVerifier::new(Some("127.0.0.1:8443".into())).unwrap();
        for good in [
            "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc.pem",
            "https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-abc.pem",
            "http://127.0.0.1:8443/cert.pem",
        ] {
            assert!(verifier.allowed_url(good), "{good}");
        }
        for bad in [
            "http://sns.eu-west-1.amazonaws.com/x.pem",
            "https://sns.eu-west-1.amazonaws.com.evil.example/x.pem",
            "https://evil.example/sns.eu-west-1.amazonaws.com/x.pem",
            "https://sns..amazonaws.com/x.pem",
            "https://sns.eu-west-1.amazonaws.com:8443/x.pem",
            "http://127.0.0.1:9999/cert.pem",
            "not a url",
        ] {
            assert!(!verifier.allowed_url(bad), "{bad}");
        }
    }
}
