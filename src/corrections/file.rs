//! The article's file keeps its corrections, dated, in its front matter:
//!
//! ```toml
//! [[corrections]]
//! date = 2026-11-30
//! note = "Le sommet a eu lieu à Astana, pas à Almaty."
//! ```
//!
//! Added at the end of the front matter as text, so the editors' own layout of the file is
//! kept; the result is parsed back before it replaces the file (written beside it, then
//! renamed: a crash leaves the old file or the new one, never half of one).
use std::path::Path;

use chrono::NaiveDate;

use crate::articles::ArticleFile;

const FENCE: &str = "+++";

/// Adds the note to `{articles_dir}/{slug}.md`; a readable reason when it cannot.
pub fn add_to_file(
    articles_dir: &Path,
    slug: &str,
    date: NaiveDate,
    note: &str,
) -> Result<(), String> {
    let path = articles_dir.join(format!("{slug}.md"));
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("{} cannot be read: {e}", path.display()))?;
    let before = ArticleFile::parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let updated = with_note(&text, date, note)
        .ok_or_else(|| format!("{} has no closing {FENCE}", path.display()))?;
    let after = ArticleFile::parse(&updated).map_err(|e| format!("{}: {e}", path.display()))?;
    if after.front.corrections.len() != before.front.corrections.len() + 1 {
        return Err(format!("{}: the note did not read back", path.display()));
    }
    let partial = path.with_extension("md.partial");
    std::fs::write(&partial, &updated)
        .and_then(|()| std::fs::rename(&partial, &path))
        .map_err(|e| format!("{} cannot be written: {e}", path.display()))
}

/// The file's text with the note added at the end of its front matter.
fn with_note(text: &str, date: NaiveDate, note: &str) -> Option<String> {
    // The closing fence is the first line after the opening one that is only `+++`.
    let mut at = text.find('\n')? + 1;
    loop {
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
        if text[at..end].trim_end() == FENCE {
            break;
        }
        if end == text.len() {
            return None;
        }
        at = end;
    }
    let quoted = toml::Value::String(note.to_owned()).to_string();
    let block = format!("\n[[corrections]]\ndate = {date}\nnote = {quoted}\n");
    let front = text[..at].trim_end_matches(['\n', '\r']);
    Some(format!("{front}\n{block}{}", &text[at..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_are_added_to_the_front_matter_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let text = "+++\n# the editors' comment stays\ntitle = \"Sommet à Almaty\"\nlang = \"fr\"\n+++\n\nLe sommet s'est tenu.\n";
        std::fs::write(dir.path().join("sommet.md"), text).unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        add_to_file(dir.path(), "sommet", day, "À Astana, pas à \"Almaty\".").unwrap();
        add_to_file(dir.path(), "sommet", day, "Le 29, pas le 28.").unwrap();
        let written = std::fs::read_to_string(dir.path().join("sommet.md")).unwrap();
        assert!(
            written.contains("# the editors' comment stays"),
            "{written}"
        );
        let file = ArticleFile::parse(&written).unwrap();
        assert_eq!(file.body, "Le sommet s'est tenu.");
        let notes: Vec<_> = file
            .front
            .corrections
            .iter()
            .map(|c| c.note.as_str())
            .collect();
        assert_eq!(notes, ["À Astana, pas à \"Almaty\".", "Le 29, pas le 28."]);
        assert_eq!(file.front.corrections[0].date, Some(day));
    }

    #[test]
    fn a_missing_file_is_said_plainly() {
        let dir = tempfile::tempdir().unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let why = add_to_file(dir.path(), "absent", day, "Note.").unwrap_err();
        assert!(why.contains("absent.md cannot be read"), "{why}");
    }
}
