/// A reader's name as they typed it: control characters removed, white space folded, at most
/// [`SubscriberName::MAX_CHARS`] characters. An empty name is no name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriberName(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("the name is too long (100 characters at most)")]
    TooLong,
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
        Ok(Some(Self(cleaned)))
    }

    pub fn from_stored(value: String) -> Self {
        Self(value)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
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
