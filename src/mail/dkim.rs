//! DKIM signing keys from `CARAVAN_DKIM_SELECTOR` and `CARAVAN_DKIM_KEY`.
use lettre::message::dkim::{
    DkimCanonicalization, DkimCanonicalizationType, DkimConfig, DkimSigningAlgorithm,
    DkimSigningKey,
};
use lettre::message::header::HeaderName;

/// Builds the signing configuration for `domain` (the sender's). `key` is the key itself or
/// the path of a file holding it: an RSA key in PEM (`BEGIN RSA PRIVATE KEY`, PKCS#1), or an
/// Ed25519 key as the base64 of its 32-byte seed (RFC 8463).
pub fn dkim_config(selector: &str, key: &str, domain: &str) -> Result<DkimConfig, String> {
    let key = key.trim();
    let text = if !key.contains("-----BEGIN") && std::path::Path::new(key).is_file() {
        std::fs::read_to_string(key).map_err(|e| format!("cannot read the key file {key}: {e}"))?
    } else {
        key.to_owned()
    };
    let text = text.trim();
    let signing_key = if text.contains("BEGIN RSA PRIVATE KEY") {
        DkimSigningKey::new(text, DkimSigningAlgorithm::Rsa)
            .map_err(|e| format!("not a valid RSA key: {e}"))?
    } else if text.contains("-----BEGIN") {
        return Err(
            "an RSA key in PKCS#1 PEM (\"BEGIN RSA PRIVATE KEY\"); convert a PKCS#8 \
             key with `openssl rsa -traditional -in key.pem`"
                .to_owned(),
        );
    } else {
        DkimSigningKey::new(text, DkimSigningAlgorithm::Ed25519).map_err(|e| {
            format!("an RSA PEM key, an Ed25519 seed in base64, or a file holding one ({e})")
        })?
    };
    // The headers a receiver must see unchanged for the signature to hold. Not Content-Type:
    // lettre writes a multipart's Content-Type with the body, after signing, so it cannot be
    // covered (the body hash still covers every part and its headers).
    let headers = [
        "From",
        "To",
        "Subject",
        "Date",
        "Message-ID",
        "List-Id",
        "List-Unsubscribe",
        "List-Unsubscribe-Post",
        "MIME-Version",
    ]
    .into_iter()
    .map(HeaderName::new_from_ascii_str)
    .collect();
    Ok(DkimConfig::new(
        selector.to_owned(),
        domain.to_owned(),
        signing_key,
        headers,
        DkimCanonicalization {
            header: DkimCanonicalizationType::Relaxed,
            body: DkimCanonicalizationType::Relaxed,
        },
    ))
}
