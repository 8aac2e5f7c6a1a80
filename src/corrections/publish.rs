//! Publishing a correction, the same for the admin, the API and the command line: the note
//! checked once, the readers chosen from the ledger, the note and the letter recorded in one
//! transaction, then the article's file given the note.
use std::path::Path;

use chrono::Duration;

use crate::store::{RecordedCorrection, Store, StoreError};

/// How long a correction letter waits before it goes out: a second correction within the
/// hour joins it, so readers get one letter. An editor may send it at once from its page.
pub const LETTER_HOLD: Duration = Duration::hours(1);

/// The longest note, in characters.
const NOTE_MAX: usize = 1000;

/// An editor's note, checked: one paragraph of plain text, 1 to 1000 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note(String);

impl Note {
    pub fn parse(raw: &str) -> Result<Self, CorrectionError> {
        let note = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if note.is_empty() {
            return Err(CorrectionError::EmptyNote);
        }
        let length = note.chars().count();
        if length > NOTE_MAX {
            return Err(CorrectionError::NoteTooLong(length));
        }
        if note.chars().any(char::is_control) {
            return Err(CorrectionError::ControlCharacters);
        }
        Ok(Self(note))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CorrectionError {
    #[error("there is no article {0:?}")]
    NoArticle(String),
    #[error("the note is empty: say what was wrong and what is right")]
    EmptyNote,
    #[error("the note is {0} characters long; at most 1000")]
    NoteTooLong(usize),
    #[error("the note holds control characters")]
    ControlCharacters,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What publishing did, or would do.
#[derive(Debug, Clone)]
pub struct Published {
    pub article_id: i64,
    /// Readers the letter goes to.
    pub readers: usize,
    /// `None` for a dry run.
    pub recorded: Option<RecordedCorrection>,
    /// Why the article's file could not be given the note, if it could not (the
    /// correction stands in the database all the same).
    pub file_problem: Option<String>,
}

/// Publishes `note` on the article `slug`, or with `dry_run` only counts its readers.
#[tracing::instrument(name = "corrections.publish", skip(store, articles_dir, note))]
pub async fn publish(
    store: &Store,
    articles_dir: &Path,
    slug: &str,
    note: &Note,
    dry_run: bool,
) -> Result<Published, CorrectionError> {
    if !crate::articles::is_slug(slug) {
        return Err(CorrectionError::NoArticle(slug.to_owned()));
    }
    let article_id = store
        .article_id(slug)
        .await?
        .ok_or_else(|| CorrectionError::NoArticle(slug.to_owned()))?;
    let (filter, readers) = super::audience(store, article_id).await?;
    let mut published = Published {
        article_id,
        readers: usize::try_from(readers).unwrap_or_default(),
        recorded: None,
        file_problem: None,
    };
    if dry_run {
        return Ok(published);
    }
    // No reader left to write to: the note alone, no letter.
    let filter = match readers {
        0 => crate::store::AudienceFilter::default(),
        _ => filter,
    };
    let recorded = store
        .record_correction(article_id, note.as_str(), &filter, LETTER_HOLD)
        .await?;
    tracing::info!(
        article_id,
        correction_id = recorded.correction_id,
        letter_issue_id = recorded.letter_issue_id,
        merged = recorded.merged,
        readers = recorded.listed,
        "correction published"
    );
    let today = crate::store::now().date_naive();
    if let Err(problem) = super::add_to_file(articles_dir, slug, today, note.as_str()) {
        tracing::warn!(article_id, %problem, "the article's file does not hold the correction");
        published.file_problem = Some(problem);
    }
    published.readers = usize::try_from(recorded.listed).unwrap_or_default();
    published.recorded = Some(recorded);
    Ok(published)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_is_one_paragraph_of_text() {
        let note = Note::parse("  Le sommet a eu lieu\n à Astana, pas à Almaty.  ").unwrap();
        assert_eq!(note.as_str(), "Le sommet a eu lieu à Astana, pas à Almaty.");
        assert!(matches!(
            Note::parse(" \n "),
            Err(CorrectionError::EmptyNote)
        ));
        assert!(matches!(
            Note::parse(&"é".repeat(1001)),
            Err(CorrectionError::NoteTooLong(1001))
        ));
        assert!(Note::parse(&"é".repeat(1000)).is_ok());
        assert!(matches!(
            Note::parse("a\u{7}b"),
            Err(CorrectionError::ControlCharacters)
        ));
    }
}
