//! The worker's per-issue copies: each issue rendered and encoded once per language and kept
//! for the process; apart because every delivery reads them and none renders.
use std::sync::Arc;

use super::DeliveryWorker;
use crate::delivery::PreparedIssue;
use crate::digest::{Medium, render_issue};
use crate::domain::Lang;

/// An issue as it is sent in one language: rendered and encoded once, or why it cannot be.
pub(super) type IssueCopy = Arc<Result<PreparedIssue, String>>;

impl DeliveryWorker {
    /// The issue rendered in `lang`, from the cache or rendered now (once per process).
    pub(super) async fn copy(&self, issue_id: i64, lang: Lang) -> IssueCopy {
        let mut copies = self.inner.copies.lock().await;
        if let Some(copy) = copies.get(&(issue_id, lang)) {
            return copy.clone();
        }
        let copy = Arc::new(self.render(issue_id, lang).await);
        if let Err(error) = copy.as_ref() {
            tracing::error!(issue_id, %error, "cannot render the issue");
        }
        copies.insert((issue_id, lang), copy.clone());
        copy
    }

    async fn render(&self, issue_id: i64, lang: Lang) -> Result<PreparedIssue, String> {
        let found = self
            .inner
            .store
            .issue_with_articles(issue_id)
            .await
            .map_err(|e| format!("cannot load issue {issue_id}: {e}"))?;
        let (issue, articles) = found.ok_or_else(|| format!("issue {issue_id} is gone"))?;
        let rendered = render_issue(&issue, &articles, &self.inner.base_url, lang, Medium::Email)
            .map_err(|e| format!("cannot render issue {issue_id}: {e}"))?;
        let mut prepared = PreparedIssue::new(issue.slug, rendered);
        prepared.started_at = self
            .inner
            .store
            .issue_started_at(issue_id)
            .await
            .map_err(|e| format!("cannot load issue {issue_id}: {e}"))?;
        Ok(prepared)
    }
}
