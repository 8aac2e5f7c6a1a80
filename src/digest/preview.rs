//! An issue's e-mail as a reader will get it, addressed to a sample reader: what the admin's
//! preview frames and `GET /api/v1/issues/{id}/preview` show.
use super::{Medium, ReaderSlots, render_issue};
use crate::domain::Lang;
use crate::store::{Store, StoreError};

/// The reader a preview greets, so the greeting shows as readers will see it.
pub const SAMPLE_READER: &str = "Aïgerim";

pub struct Preview {
    pub subject: String,
    pub html: String,
    pub text: String,
}

#[derive(Debug, thiserror::Error)]
pub enum PreviewError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the issue cannot be rendered: {0}")]
    Render(#[from] askama::Error),
}

/// `None` when there is no issue `id`.
pub async fn preview_issue(
    store: &Store,
    base_url: &str,
    id: i64,
    lang: Lang,
) -> Result<Option<Preview>, PreviewError> {
    let Some((issue, articles)) = store.issue_with_articles(id).await? else {
        return Ok(None);
    };
    let base = base_url.trim_end_matches('/');
    let rendered = render_issue(&issue, &articles, base, lang, Medium::Email)?;
    let (html, text) = rendered.for_reader(&ReaderSlots {
        name: Some(SAMPLE_READER),
        unsubscribe_url: &format!("{base}/unsubscribe"),
        preferences_url: &format!("{base}/preferences"),
    });
    Ok(Some(Preview {
        subject: rendered.subject,
        html,
        text,
    }))
}
