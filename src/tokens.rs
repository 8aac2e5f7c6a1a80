//! Signed links for readers: a confirmation link that expires, an unsubscribe link that
//! never does (RFC 8058 asks that it keep working in old e-mails), and a preference-page link
//! that expires (it opens more than a way out). Each is HMAC-SHA256 over
//! its purpose and the reader's id, keyed with `CARAVAN_SECRET`, so it cannot be forged or
//! turned from one purpose to the other. Rotation: new links are signed with the current
//! secret, and links signed with a secret in `CARAVAN_SECRET_PREVIOUS` still open.
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;

/// How long a confirmation link stays valid.
pub const CONFIRMATION_VALIDITY: Duration = Duration::days(7);
/// How long the preference link of a letter stays valid: a quarter's letters, old ones
/// included, open the page; an older one asks for the address again.
pub const PREFERENCES_LINK_VALIDITY: Duration = Duration::days(90);
/// How long a preference link asked for on the page stays valid.
pub const PREFERENCES_SIGN_IN_VALIDITY: Duration = Duration::hours(24);
/// 128 bits of tag: past guessing, and keeps the links short.
const TAG_LEN: usize = 16;

#[derive(Clone)]
pub struct TokenSigner {
    /// The current secret first, then earlier ones that still verify.
    keys: std::sync::Arc<[SecretString]>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("this link is incomplete or has been altered")]
    Invalid,
    #[error("this link has expired")]
    Expired,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    Confirm,
    Unsubscribe,
    Session,
    SecondFactor,
    Preferences,
}

impl Purpose {
    fn tag(self) -> &'static str {
        match self {
            Purpose::Confirm => "c",
            Purpose::Unsubscribe => "u",
            Purpose::Session => "s",
            Purpose::SecondFactor => "t",
            Purpose::Preferences => "p",
        }
    }
}

impl TokenSigner {
    pub fn new(key: SecretString) -> Self {
        Self::with_previous(key, Vec::new())
    }

    /// Signs with `current`; verifies with it or any of `previous`.
    pub fn with_previous(current: SecretString, previous: Vec<SecretString>) -> Self {
        let keys: Vec<SecretString> = std::iter::once(current).chain(previous).collect();
        Self { keys: keys.into() }
    }

    pub fn confirmation(&self, subscriber_id: i64, now: DateTime<Utc>) -> String {
        let expires = (now + CONFIRMATION_VALIDITY).timestamp();
        self.sign(&format!(
            "{}.{subscriber_id}.{expires}",
            Purpose::Confirm.tag()
        ))
    }

    pub fn unsubscribe(&self, subscriber_id: i64) -> String {
        self.sign(&format!("{}.{subscriber_id}", Purpose::Unsubscribe.tag()))
    }

    /// The reader id a confirmation token was made for, if it is genuine and not expired.
    pub fn verify_confirmation(&self, token: &str, now: DateTime<Utc>) -> Result<i64, TokenError> {
        self.verify_confirmation_issued(token, now)
            .map(|(id, _)| id)
    }

    /// The reader id and when the link was made (a reader who left can be brought back only
    /// by a link made after they left).
    pub fn verify_confirmation_issued(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<(i64, DateTime<Utc>), TokenError> {
        let (id, expires) = self.open_expiring(token, Purpose::Confirm, now)?;
        let issued = DateTime::from_timestamp(expires, 0).ok_or(TokenError::Invalid)?
            - CONFIRMATION_VALIDITY;
        Ok((id, issued))
    }

    pub fn verify_unsubscribe(&self, token: &str) -> Result<i64, TokenError> {
        let payload = self.open(token)?;
        match payload.split_once('.') {
            Some(("u", id)) => id.parse().map_err(|_| TokenError::Invalid),
            _ => Err(TokenError::Invalid),
        }
    }

    /// A reader's link to their preference page, valid until `expires`.
    pub fn preferences(&self, subscriber_id: i64, expires: DateTime<Utc>) -> String {
        self.sign(&format!(
            "{}.{subscriber_id}.{}",
            Purpose::Preferences.tag(),
            expires.timestamp()
        ))
    }

    /// The reader a preference token was made for, if genuine and not expired.
    pub fn verify_preferences(&self, token: &str, now: DateTime<Utc>) -> Result<i64, TokenError> {
        self.open_expiring(token, Purpose::Preferences, now)
            .map(|(id, _)| id)
    }

    /// The admin session cookie's value for a random session id.
    pub fn session(&self, session_id: &str) -> String {
        self.sign(&format!("{}.{session_id}", Purpose::Session.tag()))
    }

    /// The session id inside a genuine session cookie.
    pub fn verify_session(&self, token: &str) -> Result<String, TokenError> {
        let payload = self.open(token)?;
        match payload.split_once('.') {
            Some(("s", id)) if !id.is_empty() => Ok(id.to_owned()),
            _ => Err(TokenError::Invalid),
        }
    }

    /// Between a right password and a right TOTP code: which account may send a code, until
    /// when. No session exists yet; this only spares asking for the password again.
    pub fn second_factor(&self, user_id: i64, expires: DateTime<Utc>) -> String {
        self.sign(&format!(
            "{}.{user_id}.{}",
            Purpose::SecondFactor.tag(),
            expires.timestamp()
        ))
    }

    /// The account a second-factor token was made for, if genuine and not expired.
    pub fn verify_second_factor(&self, token: &str, now: DateTime<Utc>) -> Result<i64, TokenError> {
        self.open_expiring(token, Purpose::SecondFactor, now)
            .map(|(id, _)| id)
    }

    /// The id and expiry (Unix seconds) inside a genuine `purpose.id.expires` token that has
    /// not expired at `now`.
    fn open_expiring(
        &self,
        token: &str,
        purpose: Purpose,
        now: DateTime<Utc>,
    ) -> Result<(i64, i64), TokenError> {
        let payload = self.open(token)?;
        let mut parts = payload.split('.');
        let (Some(tag), Some(id), Some(expires), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(TokenError::Invalid);
        };
        if tag != purpose.tag() {
            return Err(TokenError::Invalid);
        }
        let id = id.parse().map_err(|_| TokenError::Invalid)?;
        let expires: i64 = expires.parse().map_err(|_| TokenError::Invalid)?;
        if now.timestamp() > expires {
            return Err(TokenError::Expired);
        }
        Ok((id, expires))
    }

    /// The first `len` bytes of the HMAC of `payload` under the current secret: for tokens
    /// that must stay short and case-proof (VERP return paths), encoded by their caller.
    pub fn short_tag(&self, payload: &str, len: usize) -> Vec<u8> {
        let mut mac = Self::mac(&self.keys[0]);
        mac.update(payload.as_bytes());
        mac.finalize().into_bytes()[..len.min(32)].to_vec()
    }

    /// Whether `tag` is [`Self::short_tag`] of `payload` under any accepted secret, checked in
    /// constant time.
    pub fn check_short_tag(&self, payload: &str, tag: &[u8]) -> bool {
        !tag.is_empty()
            && self.keys.iter().any(|key| {
                let mut mac = Self::mac(key);
                mac.update(payload.as_bytes());
                mac.verify_truncated_left(tag).is_ok()
            })
    }

    fn mac(key: &SecretString) -> Hmac<Sha256> {
        Hmac::<Sha256>::new_from_slice(key.expose_secret().as_bytes())
            .expect("HMAC accepts keys of any length")
    }

    fn sign(&self, payload: &str) -> String {
        let mut mac = Self::mac(&self.keys[0]);
        mac.update(payload.as_bytes());
        let tag = mac.finalize().into_bytes();
        format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(payload),
            URL_SAFE_NO_PAD.encode(&tag[..TAG_LEN])
        )
    }

    /// Checks the tag in constant time and returns the signed payload.
    fn open(&self, token: &str) -> Result<String, TokenError> {
        let (payload, tag) = token.trim().split_once('.').ok_or(TokenError::Invalid)?;
        let payload = URL_SAFE_NO_PAD
            .decode(payload)
            .map_err(|_| TokenError::Invalid)?;
        let tag = URL_SAFE_NO_PAD
            .decode(tag)
            .map_err(|_| TokenError::Invalid)?;
        if tag.len() != TAG_LEN {
            return Err(TokenError::Invalid);
        }
        let genuine = self.keys.iter().any(|key| {
            let mut mac = Self::mac(key);
            mac.update(&payload);
            mac.verify_truncated_left(&tag).is_ok()
        });
        if !genuine {
            return Err(TokenError::Invalid);
        }
        String::from_utf8(payload).map_err(|_| TokenError::Invalid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn signer(key: &str) -> TokenSigner {
        TokenSigner::new(SecretString::from(key.to_owned()))
    }

    #[test]
    fn round_trips_and_keeps_purposes_apart() {
        let s = signer("k".repeat(32).as_str());
        let now = Utc::now();
        let confirm = s.confirmation(42, now);
        let unsub = s.unsubscribe(42);
        assert_eq!(s.verify_confirmation(&confirm, now), Ok(42));
        assert_eq!(s.verify_unsubscribe(&unsub), Ok(42));
        assert_eq!(s.verify_unsubscribe(&confirm), Err(TokenError::Invalid));
        assert_eq!(s.verify_confirmation(&unsub, now), Err(TokenError::Invalid));
        let session = s.session("abc");
        assert_eq!(s.verify_session(&session), Ok("abc".to_owned()));
        assert_eq!(s.verify_session(&unsub), Err(TokenError::Invalid));
        assert_eq!(s.verify_unsubscribe(&session), Err(TokenError::Invalid));
        let pending = s.second_factor(42, now + Duration::minutes(5));
        assert_eq!(s.verify_second_factor(&pending, now), Ok(42));
        assert_eq!(s.verify_session(&pending), Err(TokenError::Invalid));
        assert_eq!(
            s.verify_second_factor(&session, now),
            Err(TokenError::Invalid)
        );
        assert_eq!(
            s.verify_second_factor(&pending, now + Duration::minutes(6)),
            Err(TokenError::Expired)
        );
        let preferences = s.preferences(42, now + PREFERENCES_LINK_VALIDITY);
        assert_eq!(s.verify_preferences(&preferences, now), Ok(42));
        assert_eq!(
            s.verify_preferences(&preferences, now + Duration::days(91)),
            Err(TokenError::Expired)
        );
        assert_eq!(
            s.verify_preferences(&pending, now),
            Err(TokenError::Invalid)
        );
        assert_eq!(
            s.verify_second_factor(&preferences, now),
            Err(TokenError::Invalid)
        );
        assert_eq!(s.verify_unsubscribe(&preferences), Err(TokenError::Invalid));
    }

    #[test]
    fn expired_and_foreign_tokens_are_refused() {
        let s = signer("k".repeat(32).as_str());
        let then = Utc::now() - Duration::days(8);
        let token = s.confirmation(7, then);
        assert_eq!(
            s.verify_confirmation(&token, Utc::now()),
            Err(TokenError::Expired)
        );
        let other = signer("x".repeat(32).as_str());
        assert_eq!(
            other.verify_unsubscribe(&s.unsubscribe(7)),
            Err(TokenError::Invalid)
        );
    }

    #[test]
    fn a_forged_id_breaks_the_signature() {
        let s = signer("k".repeat(32).as_str());
        let token = s.unsubscribe(7);
        let (_, tag) = token.split_once('.').unwrap();
        let forged = format!("{}.{tag}", URL_SAFE_NO_PAD.encode("u.8"));
        assert_eq!(s.verify_unsubscribe(&forged), Err(TokenError::Invalid));
    }

    #[test]
    fn links_signed_with_a_previous_secret_still_open_and_new_ones_use_the_current() {
        let old = signer("o".repeat(32).as_str());
        let rotated = TokenSigner::with_previous(
            SecretString::from("n".repeat(32)),
            vec![SecretString::from("o".repeat(32))],
        );
        let in_inboxes = old.unsubscribe(7);
        assert_eq!(rotated.verify_unsubscribe(&in_inboxes), Ok(7));
        assert_eq!(
            rotated.verify_session(&old.session("abc")),
            Ok("abc".to_owned())
        );
        // New links are signed with the new secret only: the old one alone refuses them.
        let fresh = rotated.unsubscribe(7);
        assert_eq!(old.verify_unsubscribe(&fresh), Err(TokenError::Invalid));
        assert_eq!(
            signer("n".repeat(32).as_str()).verify_unsubscribe(&fresh),
            Ok(7)
        );
        // Once the old secret is dropped from the list, its links stop opening.
        let dropped = signer("n".repeat(32).as_str());
        assert_eq!(
            dropped.verify_unsubscribe(&in_inboxes),
            Err(TokenError::Invalid)
        );
    }

    proptest! {
        #[test]
        fn arbitrary_input_never_verifies_or_panics(raw in "\\PC{0,120}") {
            let s = signer("k".repeat(32).as_str());
            prop_assert!(s.verify_unsubscribe(&raw).is_err());
            prop_assert!(s.verify_confirmation(&raw, Utc::now()).is_err());
        }
    }
}
