//! The worker's copies of each issue: the issue loaded once (its stories and their groups),
//! and one rendering, encoded for the wire, per language and per set of groups readers'
//! topics select: a million readers choosing among six topics make at most 63 sets, so
//! nothing is rendered per reader. Kept for the few most recent issues of the process.
use std::collections::HashMap;
use std::sync::Arc;

use super::DeliveryWorker;
use crate::delivery::PreparedIssue;
use crate::digest::{Edition, Medium, Selection, render_issue};
use crate::domain::Lang;
use crate::store::{IssueArticle, IssueRow};
use crate::topics::TopicChoice;

/// An issue as it is sent in one language to one set of groups: rendered and encoded once,
/// or why it cannot be.
pub(super) type IssueCopy = Arc<Result<PreparedIssue, String>>;

/// Issues whose copies are kept; an older one is dropped when a newer one is loaded.
const KEPT_ISSUES: usize = 4;

/// An issue read once per process.
pub(super) struct IssueSource {
    issue: IssueRow,
    articles: Vec<IssueArticle>,
    edition: Edition,
    started_at: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Default)]
pub(super) struct Copies {
    sources: HashMap<i64, Arc<Result<IssueSource, String>>>,
    rendered: HashMap<(i64, Lang, Selection), IssueCopy>,
}

impl Copies {
    fn keep_source(&mut self, issue_id: i64, source: Arc<Result<IssueSource, String>>) {
        self.sources.insert(issue_id, source);
        while self.sources.len() > KEPT_ISSUES {
            let Some(&oldest) = self.sources.keys().min() else {
                break;
            };
            self.sources.remove(&oldest);
            self.rendered.retain(|(issue, _, _), _| *issue != oldest);
        }
    }
}

/// What a reader is sent of an issue.
pub(super) enum ReaderCopy {
    Copy(IssueCopy),
    /// A digest none of whose groups touches the reader's topics: no letter this time.
    NothingForThem,
}

impl DeliveryWorker {
    /// The copy for a reader of `issue_id` in `lang` with these topics: a digest carries the
    /// groups touching them; any other issue is the same for everyone.
    pub(super) async fn copy(&self, issue_id: i64, lang: Lang, topics: TopicChoice) -> ReaderCopy {
        let mut copies = self.inner.copies.lock().await;
        let source = match copies.sources.get(&issue_id) {
            Some(source) => source.clone(),
            None => {
                let source = Arc::new(self.load(issue_id).await);
                if let Err(error) = source.as_ref() {
                    tracing::error!(issue_id, %error, "cannot load the issue");
                }
                copies.keep_source(issue_id, source.clone());
                source
            }
        };
        let source = match source.as_ref() {
            Ok(source) => source,
            Err(error) => return ReaderCopy::Copy(Arc::new(Err(error.clone()))),
        };
        let selection = source.edition.selection_for(&source.issue, topics);
        if selection.is_empty() {
            return ReaderCopy::NothingForThem;
        }
        let key = (issue_id, lang, selection);
        if let Some(copy) = copies.rendered.get(&key) {
            return ReaderCopy::Copy(copy.clone());
        }
        let medium = Medium::Email(self.inner.config.story_links);
        let copy = Arc::new(render(source, &self.inner.base_url, lang, &key.2, medium));
        match copy.as_ref() {
            Ok(_) => tracing::info!(
                issue_id,
                lang = lang.code(),
                groups = key.2.len(),
                of_groups = source.edition.group_count(),
                "copy rendered"
            ),
            Err(error) => tracing::error!(issue_id, %error, "cannot render the issue"),
        }
        copies.rendered.insert(key, copy.clone());
        ReaderCopy::Copy(copy)
    }

    async fn load(&self, issue_id: i64) -> Result<IssueSource, String> {
        let store = &self.inner.store;
        let cannot = |e| format!("cannot load issue {issue_id}: {e}");
        let found = store.issue_with_articles(issue_id).await.map_err(cannot)?;
        let (issue, articles) = found.ok_or_else(|| format!("issue {issue_id} is gone"))?;
        let started_at = store.issue_started_at(issue_id).await.map_err(cannot)?;
        Ok(IssueSource {
            edition: Edition::of(&articles),
            issue,
            articles,
            started_at,
        })
    }
}

/// One copy, rendered and encoded.
fn render(
    source: &IssueSource,
    base_url: &str,
    lang: Lang,
    selection: &Selection,
    medium: Medium,
) -> Result<PreparedIssue, String> {
    let (issue, articles) = source
        .edition
        .copy(&source.issue, &source.articles, selection, lang);
    let rendered = render_issue(&issue, &articles, base_url, lang, medium)
        .map_err(|e| format!("cannot render issue {}: {e}", issue.id))?;
    let mut prepared = PreparedIssue::new(issue.slug, rendered);
    prepared.started_at = source.started_at;
    Ok(prepared)
}
