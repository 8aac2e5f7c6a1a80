//! DKIM signing keys from `CARAVAN_DKIM_SELECTOR` and `CARAVAN_DKIM_KEY`, and the signatures
//! they put on a finished message. mail-auth canonicalizes and writes the signature; RSA is
//! signed by aws-lc-rs (OpenSSL's speed, constant-time), Ed25519 by ring.
//! Two keys (an RSA and an Ed25519 one, RFC 8463) give two signatures, so receivers that know
//! only RSA still verify one.
use mail_auth::common::crypto::{
    Algorithm, CryptoError, Ed25519Key, HashOutput, Sha256, SigningKey,
};
use mail_auth::common::headers::{HeaderWriter, Writable, Writer};
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

/// An RSA key signing with aws-lc-rs, for mail-auth: ring's RSA is half as fast, and RSA
/// signing is most of what a signed message costs.
struct RsaKey(aws_lc_rs::signature::RsaKeyPair);

/// What mail-auth writes canonical text into. Its own writer for `Vec` is not inlined and
/// extends byte by byte; the relaxed body is written a byte at a time, so that showed in the
/// profile (10 % of a signed send).
struct Buffer(Vec<u8>);

impl Writer for Buffer {
    #[inline(always)]
    fn write(&mut self, buf: &[u8]) {
        self.0.extend_from_slice(buf);
    }
}

impl SigningKey for RsaKey {
    type Hasher = Sha256;

    fn sign(&self, input: impl Writable) -> mail_auth::Result<Vec<u8>> {
        let mut data = Buffer(Vec::with_capacity(1024));
        input.write(&mut data);
        let mut signature = vec![0; self.0.public_modulus_len()];
        self.0
            .sign(
                &aws_lc_rs::signature::RSA_PKCS1_SHA256,
                &aws_lc_rs::rand::SystemRandom::new(),
                &data.0,
                &mut signature,
            )
            .map_err(|e| mail_auth::Error::Crypto(CryptoError::Library(e.to_string())))?;
        Ok(signature)
    }

    /// The canonical body gathered first and hashed in one call: mail-auth's default feeds the
    /// hasher a few bytes at a time, which cost more than the hashing itself (profiled).
    fn hash(&self, data: impl Writable) -> HashOutput {
        let mut canonical = Buffer(Vec::with_capacity(16 * 1024));
        data.write(&mut canonical);
        HashOutput::Digest(ring::digest::digest(&ring::digest::SHA256, &canonical.0))
    }

    fn algorithm(&self) -> Algorithm {
        Algorithm::RsaSha256
    }
}

impl RsaKey {
    fn from_der(der: &PrivateKeyDer<'_>) -> Option<Self> {
        let pair = match der {
            PrivateKeyDer::Pkcs1(key) => {
                aws_lc_rs::signature::RsaKeyPair::from_der(key.secret_pkcs1_der())
            }
            PrivateKeyDer::Pkcs8(key) => {
                aws_lc_rs::signature::RsaKeyPair::from_pkcs8(key.secret_pkcs8_der())
            }
            _ => return None,
        };
        pair.ok().map(Self)
    }
}

enum Signer {
    Rsa(DkimSigner<RsaKey, Done>),
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
        if let Some(rsa) = RsaKey::from_der(&der) {
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
