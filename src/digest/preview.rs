//! An issue's e-mail as a reader will get it, addressed to a sample reader: what the admin's
//! preview frames and `GET /api/v1/issues/{id}/preview` show.
use super::{Edition, Medium, ReaderSlots, render_issue};
use crate::clicks::StoryLinks;
use crate::domain::Lang;
use crate::store::{Store, StoreError};
use crate::topics::TopicChoice;

/// The reader a preview greets, so the greeting shows as readers will see it.
pub const SAMPLE_READER: &str = "Aïgerim";

pub struct Preview {
    pub subject: String,
    pub html: String,
    pub text: String,
    /// The groups of stories this copy carries, of the edition's.
    pub groups: usize,
    pub of_groups: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum PreviewError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the issue cannot be rendered: {0}")]
    Render(#[from] askama::Error),
}

/// The copy a reader with `topics` gets (`TopicChoice::Every`: the whole edition), or
/// `PreviewOf::NoIssue` / `PreviewOf::NothingForThem`.
pub async fn preview_issue(
    store: &Store,
    base_url: &str,
    links: StoryLinks,
    id: i64,
    lang: Lang,
    topics: TopicChoice,
) -> Result<PreviewOf, PreviewError> {
    let Some((issue, articles)) = store.issue_with_articles(id).await? else {
        return Ok(PreviewOf::NoIssue);
    };
    let edition = Edition::of(&articles);
    let selection = edition.selection_for(&issue, topics);
    if selection.is_empty() {
        return Ok(PreviewOf::NothingForThem);
    }
    let (issue, articles) = edition.copy(&issue, &articles, &selection, lang);
    let base = base_url.trim_end_matches('/');
    let rendered = render_issue(&issue, &articles, base, lang, Medium::Email(links))?;
    let (html, text) = rendered.for_reader(&ReaderSlots {
        name: Some(SAMPLE_READER),
        unsubscribe_url: &format!("{base}/unsubscribe"),
        preferences_url: &format!("{base}/preferences"),
    });
    Ok(PreviewOf::Copy(Preview {
        subject: rendered.subject,
        html,
        text,
        groups: selection.len(),
        of_groups: edition.group_count(),
    }))
}

/// What a preview finds.
pub enum PreviewOf {
    Copy(Preview),
    NoIssue,
    /// A digest none of whose stories is in the topics asked for: such a reader gets nothing.
    NothingForThem,
}
