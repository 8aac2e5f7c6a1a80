/// A reader's name as they typed it: control characters removed, white space folded, at most
/// [`SubscriberName::MAX_CHARS`] characters. An empty name is no name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriberName(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("the name is too long (100 characters at most)")]
    TooLong,
    /// The name is printed in the confirmation e-mail a stranger can have sent to anyone:
    /// a link or an address there would turn Caravan into a spammer's relay.
    #[error("a name cannot contain a link or an e-mail address")]
    HasLink,
}

impl SubscriberName {
    pub const MAX_CHARS: usize = 100;

    pub fn parse(raw: &str) -> Result<Option<Self>, NameError> {
        let cleaned: String = raw
            .split(|c: char| c.is_whitespace() || c.is_control())
            .filter(|part| !part.is_empty())
            .map(|part| {
                part.chars()
                    .filter(|c| !is_invisible(*c))
                    .collect::<String>()
            })
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        if cleaned.is_empty() {
            return Ok(None);
        }
        if cleaned.chars().count() > Self::MAX_CHARS {
            return Err(NameError::TooLong);
        }
        if looks_like_link(&cleaned) {
            return Err(NameError::HasLink);
        }
        Ok(Some(Self(cleaned)))
    }

    pub fn from_stored(value: String) -> Self {
        Self(value)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A URL (a scheme, `www.`, or a dotted host name) or an e-mail address anywhere in the name.
/// Letters of any script count, so `пример.рф` is caught as well as `example.com`.
fn looks_like_link(name: &str) -> bool {
    let lower = name.to_lowercase();
    if lower.contains("://") || lower.contains("www.") || lower.contains('@') {
        return true;
    }
    // A dot inside a word followed by two or more letters or digits, as in a host name
    // (`spam.example`, `bit.ly/x`); initials ("A. Saparova", "J.-P.", "A.B. Kim") are not.
    let chars: Vec<char> = lower.chars().collect();
    chars.iter().enumerate().any(|(i, c)| {
        let after = chars[i + 1..]
            .iter()
            .take_while(|c| c.is_alphanumeric())
            .count();
        matches!(c, '.' | '。' | '．') && i > 0 && chars[i - 1].is_alphanumeric() && after >= 2
    })
}

/// Format characters that let a name hide or reorder text (bidi overrides, zero-width joins).
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

impl AsRef<str> for SubscriberName {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn strips_controls_and_folds_spaces() {
        let name = SubscriberName::parse("  Dinara\t\u{0007}  Saparova\u{202E}\n").unwrap();
        assert_eq!(name.unwrap().as_str(), "Dinara Saparova");
    }

    #[test]
    fn empty_is_none_and_long_is_refused() {
        assert_eq!(SubscriberName::parse(" \u{0000} ").unwrap(), None);
        assert_eq!(
            SubscriberName::parse(&"é".repeat(101)),
            Err(NameError::TooLong)
        );
        assert!(SubscriberName::parse(&"é".repeat(100)).unwrap().is_some());
    }

    #[test]
    fn names_that_carry_a_link_or_an_address_are_refused() {
        for raw in [
            "Win a prize at https://spam.example",
            "see www.spam.example",
            "bit.ly/abc",
            "write to me@spam.example",
            "Aigerim spam.kz",
            "пример.рф",
            "http:// spaced",
        ] {
            assert_eq!(SubscriberName::parse(raw), Err(NameError::HasLink), "{raw}");
        }
        for raw in [
            "A. Saparova",
            "J.-P. Dupont",
            "Dinara",
            "O'Brien",
            "A.B. Kim",
            "Nurlan Ü.",
        ] {
            assert!(SubscriberName::parse(raw).is_ok(), "{raw}");
        }
    }

    proptest! {
        #[test]
        fn accepted_names_hold_no_control_characters(raw in "\\PC{0,150}|[\\x00-\\x1f a-z]{0,40}") {
            if let Ok(Some(name)) = SubscriberName::parse(&raw) {
                prop_assert!(!name.as_str().chars().any(char::is_control));
                prop_assert!(name.as_str().chars().count() <= SubscriberName::MAX_CHARS);
                prop_assert_eq!(name.as_str().trim(), name.as_str());
            }
        }
    }
}
