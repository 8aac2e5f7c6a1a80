//! An issue's subject and introduction as an editor or a tool types them, checked once for
//! the admin pages and the API alike.
use super::has_control_characters;

/// Longest subject accepted (mail clients show far less).
pub const MAX_SUBJECT_CHARS: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IssueTextError {
    #[error("a subject is 1 to {MAX_SUBJECT_CHARS} characters")]
    SubjectLength,
    #[error("the text holds control characters (such as NUL) that cannot be stored")]
    ControlCharacters,
}

/// The subject on one line, white space folded.
pub fn issue_subject(raw: &str) -> Result<String, IssueTextError> {
    // Line breaks and tabs are white space, folded below; other control characters are not.
    if has_control_characters(raw, true) {
        return Err(IssueTextError::ControlCharacters);
    }
    let subject = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if subject.is_empty() || subject.chars().count() > MAX_SUBJECT_CHARS {
        return Err(IssueTextError::SubjectLength);
    }
    Ok(subject)
}

/// The introduction with its paragraphs, or `None` when blank.
pub fn issue_intro(raw: &str) -> Result<Option<String>, IssueTextError> {
    if has_control_characters(raw, true) {
        return Err(IssueTextError::ControlCharacters);
    }
    let intro = raw.replace("\r\n", "\n").trim().to_owned();
    Ok((!intro.is_empty()).then_some(intro))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_are_one_line_and_intros_keep_paragraphs() {
        assert_eq!(
            issue_subject("  Semaine 48 :\n  Khiva ").as_deref(),
            Ok("Semaine 48 : Khiva")
        );
        assert_eq!(issue_subject("   "), Err(IssueTextError::SubjectLength));
        assert_eq!(
            issue_subject(&"é".repeat(201)),
            Err(IssueTextError::SubjectLength)
        );
        assert_eq!(
            issue_subject("a\u{0}"),
            Err(IssueTextError::ControlCharacters)
        );
        assert_eq!(
            issue_intro(" Un.\r\n\r\nDeux. ").unwrap().as_deref(),
            Some("Un.\n\nDeux.")
        );
        assert_eq!(issue_intro("  "), Ok(None));
        assert_eq!(
            issue_intro("a\u{8}"),
            Err(IssueTextError::ControlCharacters)
        );
    }
}
