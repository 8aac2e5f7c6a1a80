//! TOTP as authenticator apps expect it (RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps),
//! its otpauth:// URI drawn as an inline SVG QR code, and one-time recovery codes.
use std::fmt::Write;

use qrcode::{Color, EcLevel, QrCode};
use rand::Rng;
use totp_rs::{Algorithm, Secret, TOTP};

use crate::api::token_hash;

const ISSUER: &str = "Caravan";
const DIGITS: usize = 6;
const STEP_SECONDS: u64 = 30;
/// 160 bits, the size RFC 4226 recommends.
const SECRET_BYTES: usize = 20;
pub const RECOVERY_CODES: usize = 10;
/// No 0/o, 1/l/i: recovery codes are typed from paper.
const RECOVERY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// A fresh random secret, base32 as apps want it typed.
pub fn new_secret() -> String {
    let bytes = rand::rng().random::<[u8; SECRET_BYTES]>();
    match Secret::Raw(bytes.to_vec()).to_encoded() {
        Secret::Encoded(text) => text,
        Secret::Raw(_) => unreachable!("to_encoded gives the encoded form"),
    }
}

/// `account` is only a label in the app; a colon would break the URI's label, so it goes.
fn totp(secret: &str, account: &str) -> Option<TOTP> {
    let bytes = Secret::Encoded(secret.to_owned()).to_bytes().ok()?;
    TOTP::new(
        Algorithm::SHA1,
        DIGITS,
        1,
        STEP_SECONDS,
        bytes,
        Some(ISSUER.to_owned()),
        account.replace(':', "_"),
    )
    .ok()
}

pub fn otpauth_uri(secret: &str, account: &str) -> Option<String> {
    totp(secret, account).map(|t| t.get_url())
}

/// The time step a 6-digit `code` belongs to, among the previous, current and next ones (a
/// phone's clock may be a little off); `None` when it matches none.
pub fn matching_step(secret: &str, code: &str, now_unix: i64) -> Option<i64> {
    let code = code.trim();
    if code.len() != DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let totp = totp(secret, "")?;
    let current = u64::try_from(now_unix).ok()? / STEP_SECONDS;
    (current.saturating_sub(1)..=current + 1)
        .find(|step| super::same_secret(&totp.generate(step * STEP_SECONDS), code))
        .and_then(|step| i64::try_from(step).ok())
}

/// Whether the person typed something shaped like a TOTP code (else: a recovery code).
pub fn looks_like_totp(code: &str) -> bool {
    let code = code.trim();
    code.len() == DIGITS && code.bytes().all(|b| b.is_ascii_digit())
}

/// Ten fresh recovery codes, `xxxx-xxxx-xxxx-xxxx` (about 79 bits each).
pub fn new_recovery_codes() -> Vec<String> {
    let mut rng = rand::rng();
    (0..RECOVERY_CODES)
        .map(|_| {
            let chars: String = (0..16)
                .map(|_| RECOVERY_ALPHABET[rng.random_range(0..RECOVERY_ALPHABET.len())] as char)
                .collect();
            format!(
                "{}-{}-{}-{}",
                &chars[0..4],
                &chars[4..8],
                &chars[8..12],
                &chars[12..16]
            )
        })
        .collect()
}

/// What is stored of a recovery code. Random enough that SHA-256 suffices (no argon2 needed:
/// there is nothing to guess from a dictionary); dashes, spaces and case do not matter.
pub fn recovery_hash(code: &str) -> String {
    let normal: String = code
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    token_hash(&normal)
}

/// The QR code of `text` as an SVG element: one path of dark modules, a 4-module quiet zone,
/// drawn here so that the page needs no image file, no script and no other site.
pub fn qr_svg(text: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(text, EcLevel::M).ok()?;
    let width = code.width();
    let size = width + 8;
    let mut path = String::new();
    for (i, color) in code.to_colors().into_iter().enumerate() {
        if color == Color::Dark {
            let _ = write!(path, "M{} {}h1v1h-1z", i % width + 4, i / width + 4);
        }
    }
    Some(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" \
         width=\"240\" height=\"240\" shape-rendering=\"crispEdges\" aria-hidden=\"true\">\
         <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/>\
         <path fill=\"#000\" d=\"{path}\"/></svg>"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_match_their_step_and_its_neighbours_only() {
        let secret = new_secret();
        assert_eq!(secret.len(), 32, "{secret}");
        let totp = totp(&secret, "x").unwrap();
        let now = 1_800_000_015_i64;
        let code = totp.generate(now as u64);
        assert_eq!(matching_step(&secret, &code, now), Some(now / 30));
        assert_eq!(matching_step(&secret, &code, now + 30), Some(now / 30));
        assert_eq!(matching_step(&secret, &code, now + 90), None);
        assert_eq!(matching_step(&secret, "12345", now), None);
        assert_eq!(matching_step(&secret, "abcdef", now), None);
    }

    #[test]
    fn rfc_6238_sha1_vector() {
        // RFC 6238 appendix B: secret "12345678901234567890", T = 59 → 94287082 (8 digits);
        // its last 6 digits are the 6-digit code.
        let secret = match Secret::Raw(b"12345678901234567890".to_vec()).to_encoded() {
            Secret::Encoded(s) => s,
            Secret::Raw(_) => unreachable!(),
        };
        assert_eq!(matching_step(&secret, "287082", 59), Some(1));
    }

    #[test]
    fn the_uri_and_qr_code_name_the_account() {
        let secret = new_secret();
        let uri = otpauth_uri(&secret, "chief@caravan.test").unwrap();
        assert!(
            uri.starts_with("otpauth://totp/Caravan:chief%40caravan.test?"),
            "{uri}"
        );
        assert!(uri.contains(&format!("secret={secret}")), "{uri}");
        let svg = qr_svg(&uri).unwrap();
        assert!(svg.starts_with("<svg") && svg.contains("<path"), "{svg}");
    }

    #[test]
    fn recovery_codes_are_distinct_and_hash_loosely() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let mut unique = codes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), RECOVERY_CODES);
        let typed = codes[0].to_uppercase().replace('-', " ");
        assert_eq!(recovery_hash(&typed), recovery_hash(&codes[0]));
        assert_ne!(recovery_hash(&codes[1]), recovery_hash(&codes[0]));
    }
}
