use email_address::{EmailAddress, Options};

/// A reader's address: trimmed, with the domain lower-cased, no display name, no domain literal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriberEmail(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("the address is empty")]
    Empty,
    #[error("the address is too long (254 characters at most)")]
    TooLong,
    #[error("this is not a valid e-mail address")]
    Invalid,
}

/// RFC 5321 caps a forward path at 256 octets including the angle brackets.
const MAX_LEN: usize = 254;

impl SubscriberEmail {
    pub fn parse(raw: &str) -> Result<Self, EmailError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(EmailError::Empty);
        }
        if trimmed.len() > MAX_LEN {
            return Err(EmailError::TooLong);
        }
        let options = Options::default()
            .without_display_text()
            .without_domain_literal()
            .with_required_tld();
        let parsed =
            EmailAddress::parse_with_options(trimmed, options).map_err(|_| EmailError::Invalid)?;
        // Quoted local parts and comments are legal but only ever seen in abuse.
        if parsed.local_part().contains(['"', '(', ')', ' ']) {
            return Err(EmailError::Invalid);
        }
        Ok(Self(format!(
            "{}@{}",
            parsed.local_part(),
            parsed.domain().to_lowercase()
        )))
    }

    /// Trusted re-hydration of a value that was parsed before it was stored.
    pub fn from_stored(value: String) -> Self {
        Self(value)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key that makes two spellings of one mailbox the same reader: almost every provider
    /// treats the local part without regard to case, so uniqueness does too.
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }
}

impl SubscriberEmail {
    /// The inbox an address reaches, for counting what a stranger makes Caravan send there:
    /// `+tags` land in the same inbox everywhere that supports them, and Gmail ignores dots
    /// (googlemail.com is gmail.com).
    pub fn mailbox_key(&self) -> String {
        let key = self.key();
        let (local, domain) = key.rsplit_once('@').unwrap_or((&key, ""));
        let local = local.split('+').next().unwrap_or(local);
        match domain {
            "gmail.com" | "googlemail.com" => format!("{}@gmail.com", local.replace('.', "")),
            _ => format!("{local}@{domain}"),
        }
    }

    /// The recipient's domain, lower-cased (the part a relay and a provider's limits see).
    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(_, domain)| domain)
    }
}

impl AsRef<str> for SubscriberEmail {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for SubscriberEmail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plus_tags_and_gmail_dots_reach_one_mailbox() {
        let key = |raw: &str| SubscriberEmail::parse(raw).unwrap().mailbox_key();
        assert_eq!(key("Victim+1@Example.KZ"), "victim@example.kz");
        assert_eq!(key("victim+2@example.kz"), key("victim@example.kz"));
        assert_eq!(key("v.i.c.t.i.m+x@googlemail.com"), "victim@gmail.com");
        assert_eq!(key("Victim@gmail.com"), key("v.ictim@gmail.com"));
        // Dots matter elsewhere: two people at one company.
        assert_ne!(key("a.b@example.kz"), key("ab@example.kz"));
        assert_eq!(
            SubscriberEmail::parse("x@Mail.RU").unwrap().domain(),
            "mail.ru"
        );
    }
    use proptest::prelude::*;

    #[test]
    fn trims_and_lowercases_the_domain_only() {
        let email = SubscriberEmail::parse("  Aigerim.K@Example.KZ \n").unwrap();
        assert_eq!(email.as_str(), "Aigerim.K@example.kz");
        assert_eq!(email.key(), "aigerim.k@example.kz");
    }

    #[test]
    fn refuses_display_names_literals_and_garbage() {
        for bad in [
            "Aigerim <a@example.kz>",
            "a@[127.0.0.1]",
            "a@localhost",
            "no-at-sign",
            "a@@example.kz",
            "\"quoted local\"@example.kz",
            "a@example.kz, b@example.kz",
        ] {
            assert!(SubscriberEmail::parse(bad).is_err(), "{bad} was accepted");
        }
        assert_eq!(SubscriberEmail::parse("   "), Err(EmailError::Empty));
        let long = format!("{}@example.kz", "a".repeat(250));
        assert_eq!(SubscriberEmail::parse(&long), Err(EmailError::TooLong));
    }

    proptest! {
        #[test]
        fn never_panics_and_accepted_values_reparse_to_themselves(raw in "\\PC{0,80}") {
            if let Ok(email) = SubscriberEmail::parse(&raw) {
                prop_assert_eq!(SubscriberEmail::parse(email.as_str()).unwrap(), email);
            }
        }
    }
}
