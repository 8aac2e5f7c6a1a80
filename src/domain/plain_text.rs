//! Text an editor or a tool types into a field: control characters are refused, not stored.
//! PostgreSQL cannot store a NUL in text at all (the insert fails), and the others are never
//! meant in a subject, a title or a paragraph; tabs and line breaks are allowed where a text
//! has lines.

/// Whether `text` holds a control character other than the line breaks and tabs that
/// `multiline` text may contain.
pub fn has_control_characters(text: &str, multiline: bool) -> bool {
    text.chars()
        .any(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t')))
}

#[cfg(test)]
mod tests {
    use super::has_control_characters;

    #[test]
    fn nul_and_other_controls_are_caught() {
        assert!(has_control_characters("titre\u{0}", false));
        assert!(has_control_characters("a\u{8}b", true));
        assert!(has_control_characters("deux\nlignes", false));
        assert!(!has_control_characters("deux\r\nlignes\tet tab", true));
        assert!(!has_control_characters("Aïgerim « Ä » — 😀", false));
    }
}
