//! What a login form may carry, checked before anything else is done with it, and the
//! account it names for the throttle, in a fixed size whatever was typed.
use sha2::{Digest, Sha256};

use crate::domain::SubscriberEmail;

/// RFC 5321: no mailbox is longer, so no account can have a longer address.
pub const MAX_EMAIL_BYTES: usize = 254;
/// Far beyond any passphrase; a longer one is only there to make hashing expensive.
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// Whether the fields are short enough to be looked up and hashed at all.
pub fn fields_fit(email: &str, password: &str) -> bool {
    email.len() <= MAX_EMAIL_BYTES && password.len() <= MAX_PASSWORD_BYTES
}

/// The account an attempt is for: a hash of the normalised address (so `Editor@X.test` and
/// `editor@x.test` share one bucket), or of what was typed when it is not an address.
/// Always 32 bytes, and no address is kept in memory in clear.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq)]
pub struct AccountKey([u8; 32]);

impl AccountKey {
    pub fn of(typed: &str) -> Self {
        let mut hasher = Sha256::new();
        match SubscriberEmail::parse(typed) {
            Ok(email) => {
                hasher.update(b"address\0");
                hasher.update(email.key().as_bytes());
            }
            Err(_) => {
                hasher.update(b"typed\0");
                hasher.update(typed.trim().to_lowercase().as_bytes());
            }
        }
        Self(hasher.finalize().into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_address_are_one_account() {
        assert_eq!(
            AccountKey::of(" Editor@Caravan.TEST "),
            AccountKey::of("editor@caravan.test")
        );
        assert_ne!(
            AccountKey::of("editor@caravan.test"),
            AccountKey::of("other@caravan.test")
        );
        // Not an address: still one fixed-size key per spelling, never the text itself.
        assert_eq!(
            AccountKey::of("Not An Address"),
            AccountKey::of("not an address")
        );
        assert_ne!(
            AccountKey::of("not an address"),
            AccountKey::of("editor@caravan.test")
        );
    }

    #[test]
    fn overlong_fields_do_not_fit() {
        let at_most = format!("{}@x.kz", "a".repeat(MAX_EMAIL_BYTES - 5));
        assert!(fields_fit(&at_most, "p"));
        assert!(!fields_fit(&format!("a{at_most}"), "p"));
        assert!(fields_fit("e@x.kz", &"p".repeat(MAX_PASSWORD_BYTES)));
        assert!(!fields_fit("e@x.kz", &"p".repeat(MAX_PASSWORD_BYTES + 1)));
    }
}
