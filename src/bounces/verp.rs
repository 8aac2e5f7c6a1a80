//! VERP return paths (variable envelope return path): every copy goes out with its own
//! envelope sender, `b-<token>@CARAVAN_BOUNCE_DOMAIN`, whose token names the delivery it
//! belongs to, so a bounce or a complaint that comes back says exactly who and what, without
//! reading addresses out of free text. The token is an HMAC under `CARAVAN_SECRET`: nobody
//! can make one for a reader and get them suppressed.
//!
//! Shape: `b-d<reader>-<issue>-<tag>` for an issue's copy, `b-o<outbox row>-<tag>` for a
//! single message (confirmation, test send). Lowercase hex and digits only: some mail systems
//! fold the case of local parts, and the whole address stays near 50 characters.
use lettre::Address;

use crate::tokens::TokenSigner;

/// 80 bits of tag: forging one means sending 2^79 guesses to the bounce listener.
const TAG_BYTES: usize = 10;

/// What a return path names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BounceTag {
    /// A reader's copy of an issue.
    Delivery { subscriber_id: i64, issue_id: i64 },
    /// One outbox message (a confirmation, a welcome, a test send).
    Outbox { outbox_id: i64 },
}

impl BounceTag {
    /// What the tag signs: apart from every other token's payload by its `b.` start.
    fn payload(self) -> String {
        match self {
            Self::Delivery {
                subscriber_id,
                issue_id,
            } => format!("b.d.{subscriber_id}.{issue_id}"),
            Self::Outbox { outbox_id } => format!("b.o.{outbox_id}"),
        }
    }

    /// The token without its tag: `d12-34` or `o56`.
    pub fn name(self) -> String {
        match self {
            Self::Delivery {
                subscriber_id,
                issue_id,
            } => format!("d{subscriber_id}-{issue_id}"),
            Self::Outbox { outbox_id } => format!("o{outbox_id}"),
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        let number = |digits: &str| -> Option<i64> {
            (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
                .then(|| digits.parse().ok())
                .flatten()
        };
        if let Some(rest) = name.strip_prefix('d') {
            let (reader, issue) = rest.split_once('-')?;
            return Some(Self::Delivery {
                subscriber_id: number(reader)?,
                issue_id: number(issue)?,
            });
        }
        let outbox = name.strip_prefix('o')?;
        Some(Self::Outbox {
            outbox_id: number(outbox)?,
        })
    }
}

/// The signed name of one copy, `d12-34-<tag>`: the return path's local part without its
/// `b-`, and the tag Caravan puts on messages for providers' webhooks.
pub fn copy_token(signer: &TokenSigner, tag: BounceTag) -> String {
    let mac = signer.short_tag(&tag.payload(), TAG_BYTES);
    let mut token = format!("{}-", tag.name());
    for byte in mac {
        token.push_str(&format!("{byte:02x}"));
    }
    token
}

/// The copy a token names, if it is genuine.
pub fn open_copy_token(signer: &TokenSigner, token: &str) -> Option<BounceTag> {
    let token = token.trim().to_ascii_lowercase();
    let (name, hex) = token.rsplit_once('-')?;
    if hex.len() != TAG_BYTES * 2 {
        return None;
    }
    let mac = (0..TAG_BYTES)
        .map(|i| u8::from_str_radix(hex.get(i * 2..i * 2 + 2)?, 16).ok())
        .collect::<Option<Vec<u8>>>()?;
    let tag = BounceTag::from_name(name)?;
    signer.check_short_tag(&tag.payload(), &mac).then_some(tag)
}

/// Makes and reads the return paths of one bounce domain.
#[derive(Clone)]
pub struct ReturnPath {
    domain: String,
    signer: TokenSigner,
}

impl ReturnPath {
    pub fn new(domain: &str, signer: TokenSigner) -> Self {
        Self {
            domain: domain.trim().to_ascii_lowercase(),
            signer,
        }
    }

    pub fn domain(&self) -> &str {
        &self.domain
    }

    /// `b-<token>@domain` for `tag`.
    pub fn address(&self, tag: BounceTag) -> Address {
        let local = self.local_part(tag);
        Address::new(local, &self.domain).expect("digits, hex and a checked domain")
    }

    fn local_part(&self, tag: BounceTag) -> String {
        format!("b-{}", copy_token(&self.signer, tag))
    }

    /// The tag a recipient address names, if it is one of ours and genuine: the bounce domain
    /// (any case), a well-formed token and a tag that verifies under a current or previous
    /// secret. `None` for anything else, forged or mistyped alike.
    pub fn open(&self, address: &str) -> Option<BounceTag> {
        let address = address.trim().trim_start_matches('<').trim_end_matches('>');
        let (local, domain) = address.rsplit_once('@')?;
        if !domain.eq_ignore_ascii_case(&self.domain) {
            return None;
        }
        self.open_local_part(local)
    }

    /// As [`Self::open`], for a local part alone.
    pub fn open_local_part(&self, local: &str) -> Option<BounceTag> {
        let local = local.to_ascii_lowercase();
        open_copy_token(&self.signer, local.strip_prefix("b-")?)
    }

    /// Every return path of this domain that appears in `text` (a header block, a bounce's
    /// free text), genuine ones only, each once, in order.
    pub fn find_all(&self, text: &str) -> Vec<BounceTag> {
        let mut found = Vec::new();
        let lower = text.to_ascii_lowercase();
        let needle = format!("@{}", self.domain);
        let mut from = 0;
        while let Some(at) = lower[from..].find(&needle).map(|i| i + from) {
            from = at + needle.len();
            // Bytes, not chars: everything after the last byte outside [a-z0-9-] is ASCII.
            let start = lower.as_bytes()[..at]
                .iter()
                .rposition(|b| !(b.is_ascii_alphanumeric() || *b == b'-'))
                .map_or(0, |i| i + 1);
            if let Some(tag) = self.open_local_part(&lower[start..at])
                && !found.contains(&tag)
            {
                found.push(tag);
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use secrecy::SecretString;

    fn paths(secret: &str) -> ReturnPath {
        ReturnPath::new(
            "Bounces.Example.org",
            TokenSigner::new(SecretString::from(secret.repeat(32))),
        )
    }

    #[test]
    fn an_address_names_its_delivery_and_stays_short() {
        let paths = paths("k");
        let tag = BounceTag::Delivery {
            subscriber_id: 1_234_567,
            issue_id: 89,
        };
        let address = paths.address(tag).to_string();
        assert!(address.starts_with("b-d1234567-89-"), "{address}");
        assert!(address.ends_with("@bounces.example.org"), "{address}");
        assert!(address.len() < 60, "{address} is {} long", address.len());
        assert_eq!(paths.open(&address), Some(tag));
        // Mail systems that fold case or add angle brackets still give it back.
        assert_eq!(
            paths.open(&format!("<{}>", address.to_uppercase())),
            Some(tag)
        );
        let outbox = BounceTag::Outbox { outbox_id: 7 };
        assert_eq!(paths.open(paths.address(outbox).as_ref()), Some(outbox));
    }

    #[test]
    fn forged_altered_or_foreign_addresses_are_refused() {
        let ours = paths("k");
        let tag = BounceTag::Delivery {
            subscriber_id: 5,
            issue_id: 6,
        };
        let genuine = ours.address(tag).to_string();
        // Another reader's id with the same tag.
        let altered = genuine.replacen("b-d5-", "b-d4-", 1);
        assert_eq!(ours.open(&altered), None);
        // Signed with another secret.
        assert_eq!(ours.open(paths("x").address(tag).as_ref()), None);
        // The right token at another domain.
        let elsewhere = genuine.replace("bounces.example.org", "example.net");
        assert_eq!(ours.open(&elsewhere), None);
        for junk in [
            "",
            "@",
            "b-@bounces.example.org",
            "newsletter@bounces.example.org",
        ] {
            assert_eq!(ours.open(junk), None, "{junk:?}");
        }
    }

    #[test]
    fn tokens_signed_with_a_previous_secret_still_open() {
        let old = TokenSigner::new(SecretString::from("o".repeat(32)));
        let rotated = TokenSigner::with_previous(
            SecretString::from("n".repeat(32)),
            vec![SecretString::from("o".repeat(32))],
        );
        let tag = BounceTag::Outbox { outbox_id: 3 };
        let address = ReturnPath::new("b.example", old).address(tag).to_string();
        assert_eq!(
            ReturnPath::new("b.example", rotated).open(&address),
            Some(tag)
        );
    }

    #[test]
    fn return_paths_are_found_in_free_text() {
        let paths = paths("k");
        let a = BounceTag::Delivery {
            subscriber_id: 1,
            issue_id: 2,
        };
        let b = BounceTag::Outbox { outbox_id: 9 };
        let text = format!(
            "Return-Path: <{}>\r\nX-Envelope-From: {}\r\nagain <{}>, forged b-d1-2-00000000000000000000@bounces.example.org",
            paths.address(a),
            paths.address(b),
            paths.address(a)
        );
        assert_eq!(paths.find_all(&text), vec![a, b]);
    }

    proptest! {
        #[test]
        fn any_text_opens_to_nothing_or_a_genuine_tag(text in ".{0,200}") {
            let paths = paths("k");
            prop_assert_eq!(paths.open(&text), None);
            prop_assert!(paths.find_all(&text).is_empty());
        }
    }
}
