//! DKIM signing keys from `CARAVAN_DKIM_SELECTOR` and `CARAVAN_DKIM_KEY`, and the signatures
//! they put on a finished message. mail-auth signs on ring (constant-time RSA and Ed25519).
//! Two keys (an RSA and an Ed25519 one, RFC 8463) give two signatures, so receivers that know
//! only RSA still verify one.
use mail_auth::common::crypto::{Ed25519Key, RsaKey, Sha256};
use mail_auth::common::headers::HeaderWriter;
use mail_auth::dkim::{Canonicalization, DkimSigner, Done, NeedDomain};
use ring::signature::KeyPair;
use rustls_pki_types::PrivateKeyDer;
use rustls_pki_types::pem::PemObject;

/// The headers a receiver must see unchanged for a signature to hold.
const SIGNED_HEADERS: [&str; 10] = [
    "From",
    "To",
    "Subject",
    "Date",
    "Message-ID",
    "List-Id",
    "List-Unsubscribe",
    "List-Unsubscribe-Post",
    "MIME-Version",
    "Content-Type",
];

enum Signer {
    Rsa(DkimSigner<RsaKey<Sha256>, Done>),
    Ed25519(DkimSigner<Ed25519Key, Done>),
}

/// One signer per configured key, in the order given.
pub struct DkimKeys {
    signers: Vec<Signer>,
}

impl DkimKeys {
    /// `selectors` and `keys` are comma-separated lists paired in order. A key is the key
    /// itself or the path of a file holding it: RSA in PEM (PKCS#1 or PKCS#8), Ed25519 in PEM
    /// (PKCS#8) or as the base64 of its 32-byte seed. The error says what was expected, never
    /// the key.
    pub fn new(selectors: &str, keys: &str, domain: &str) -> Result<Self, String> {
        let selectors: Vec<&str> = selectors.split(',').map(str::trim).collect();
        let keys: Vec<&str> = keys.split(',').map(str::trim).collect();
        if selectors.len() != keys.len() || selectors.iter().any(|s| s.is_empty()) {
            return Err(format!(
                "as many keys as selectors ({} selector(s), {} key(s)), paired in order",
                selectors.len(),
                keys.len()
            ));
        }
        let signers = selectors
            .iter()
            .zip(&keys)
            .map(|(selector, key)| signer(selector, key, domain))
            .collect::<Result<_, _>>()?;
        Ok(Self { signers })
    }

    /// The `DKIM-Signature` header fields for `message` (all of it, headers and body, as
    /// sent), one per key, each ending with CRLF: to be put before the message.
    pub fn signatures(&self, message: &[u8]) -> Result<Vec<u8>, String> {
        let mut headers = Vec::with_capacity(1024 * self.signers.len());
        for signer in &self.signers {
            let signature = match signer {
                Signer::Rsa(signer) => signer.sign(message),
                Signer::Ed25519(signer) => signer.sign(message),
            }
            .map_err(|e| format!("cannot sign the message: {e}"))?;
            let mut header = Vec::with_capacity(1024);
            signature.write_header(&mut header);
            // mail-auth folds the line when the b= value fills it, even right before the
            // closing `;`. Verifiers that keep that whitespace (dkimpy does) then hash `b= ;`
            // against the signed `b=;` and fail: the `;` stays on the value's line.
            if header.ends_with(b"\r\n\t;\r\n") {
                header.truncate(header.len() - 6);
                header.extend_from_slice(b";\r\n");
            }
            headers.extend_from_slice(&header);
        }
        Ok(headers)
    }
}

fn signer(selector: &str, key: &str, domain: &str) -> Result<Signer, String> {
    let text = if !key.contains("-----BEGIN") && std::path::Path::new(key).is_file() {
        std::fs::read_to_string(key).map_err(|e| format!("cannot read the key file {key}: {e}"))?
    } else {
        key.to_owned()
    };
    let text = text.trim();
    let expected = "an RSA key in PEM (PKCS#1 or PKCS#8), an Ed25519 key in PEM (PKCS#8) or \
                    as the base64 of its 32-byte seed, or a file holding one";
    if text.contains("-----BEGIN") {
        let der = PrivateKeyDer::from_pem_slice(text.as_bytes())
            .map_err(|_| format!("{expected} (the PEM cannot be read)"))?;
        if let Ok(rsa) = RsaKey::<Sha256>::from_key_der(der.clone_key()) {
            return Ok(Signer::Rsa(configure(
                DkimSigner::from_key(rsa),
                selector,
                domain,
            )));
        }
        let PrivateKeyDer::Pkcs8(pkcs8) = der else {
            return Err(format!("{expected} (not a usable RSA key)"));
        };
        let ed = Ed25519Key::from_pkcs8_maybe_unchecked_der(pkcs8.secret_pkcs8_der())
            .map_err(|_| format!("{expected} (neither RSA nor Ed25519)"))?;
        return Ok(Signer::Ed25519(configure(
            DkimSigner::from_key(ed),
            selector,
            domain,
        )));
    }
    use base64::Engine;
    let seed = base64::engine::general_purpose::STANDARD
        .decode(text)
        .ok()
        .filter(|seed| seed.len() == 32)
        .ok_or_else(|| expected.to_owned())?;
    let pair = ring::signature::Ed25519KeyPair::from_seed_unchecked(&seed)
        .map_err(|_| expected.to_owned())?;
    let ed = Ed25519Key::from_seed_and_public_key(&seed, pair.public_key().as_ref())
        .map_err(|_| expected.to_owned())?;
    Ok(Signer::Ed25519(configure(
        DkimSigner::from_key(ed),
        selector,
        domain,
    )))
}

fn configure<T: mail_auth::common::crypto::SigningKey>(
    signer: DkimSigner<T, NeedDomain>,
    selector: &str,
    domain: &str,
) -> DkimSigner<T, Done> {
    signer
        .domain(domain)
        .selector(selector)
        .headers(SIGNED_HEADERS)
        .header_canonicalization(Canonicalization::Relaxed)
        .body_canonicalization(Canonicalization::Relaxed)
}
