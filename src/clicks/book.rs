//! What the redirect knows of each issue: where each story link goes and whether a click
//! counts now. Read from the database once, then kept; an issue still going out is read
//! again at most once a second (one request does it, the others use what is there), one
//! whose copies all went out long ago never again.
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use super::archive_anchor;
use crate::store::{IssueStatus, SendState, Store, StoreError};

/// Clicks less than this after a copy of the issue went out are left out: mail security
/// gateways open a message's links seconds after it arrives, and a relay may hold a message
/// for a while before it arrives.
pub const EARLY_WINDOW: Duration = Duration::from_secs(60);

/// How long an issue still going out is taken as read.
const FRESH_FOR: Duration = Duration::from_secs(1);

/// Past this many issues the book starts over (a few issues are clicked at a time).
const CAPACITY: usize = 1024;

/// How a click on an issue's story counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment {
    /// A copy went out less than [`EARLY_WINDOW`] ago.
    Early,
    /// Copies went out, none in the last [`EARLY_WINDOW`].
    Counted,
    /// No copy went out: a test copy of a draft, or an issue not sent yet.
    NotSent,
}

/// One issue's story links.
pub struct Page {
    /// Story slug ─▶ (article id, where the link goes).
    targets: HashMap<String, (i64, Arc<str>)>,
    state: SendState,
    read_at: Instant,
    /// Set while one request reads the issue again.
    reading: AtomicBool,
}

impl Page {
    pub fn target(&self, story: &str) -> Option<(i64, Arc<str>)> {
        self.targets.get(story).cloned()
    }

    pub fn moment(&self, now: DateTime<Utc>) -> Moment {
        let Some(last) = self.state.last_sent_at else {
            return Moment::NotSent;
        };
        let since = (now - last).to_std().unwrap_or_default();
        match since < EARLY_WINDOW {
            true => Moment::Early,
            false => Moment::Counted,
        }
    }

    /// Nothing more will be sent: every copy is out and the window is over.
    fn settled(&self, now: DateTime<Utc>) -> bool {
        matches!(
            self.state.status,
            IssueStatus::Sent | IssueStatus::Cancelled
        ) && self.moment(now) != Moment::Early
    }
}

/// Every issue's links this process has been asked for.
#[derive(Clone)]
pub struct LinkBook {
    store: Store,
    base_url: Arc<str>,
    pages: Arc<RwLock<HashMap<i64, Arc<Page>>>>,
}

impl LinkBook {
    pub fn new(store: Store, base_url: &str) -> Self {
        Self {
            store,
            base_url: base_url.trim_end_matches('/').into(),
            pages: Arc::default(),
        }
    }

    /// The issue's links, or `None` when there is no such issue.
    pub async fn page(&self, issue_id: i64) -> Result<Option<Arc<Page>>, StoreError> {
        let known = self
            .pages
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&issue_id)
            .cloned();
        if let Some(page) = known {
            let stale = page.read_at.elapsed() >= FRESH_FOR && !page.settled(Utc::now());
            // Only one request reads it again; the others go on with what is known.
            if !stale || page.reading.swap(true, Ordering::AcqRel) {
                return Ok(Some(page));
            }
            let read = self.read(issue_id).await;
            page.reading.store(false, Ordering::Release);
            return read;
        }
        self.read(issue_id).await
    }

    async fn read(&self, issue_id: i64) -> Result<Option<Arc<Page>>, StoreError> {
        let Some(issue) = self.store.linked_issue(issue_id).await? else {
            self.pages
                .write()
                .unwrap_or_else(PoisonError::into_inner)
                .remove(&issue_id);
            return Ok(None);
        };
        let targets = issue
            .stories
            .into_iter()
            .map(|story| {
                let target = story
                    .url
                    .unwrap_or_else(|| archive_anchor(&self.base_url, &issue.slug, &story.slug));
                (story.slug, (story.article_id, Arc::from(target)))
            })
            .collect();
        let page = Arc::new(Page {
            targets,
            state: issue.state,
            read_at: Instant::now(),
            reading: AtomicBool::new(false),
        });
        let mut pages = self.pages.write().unwrap_or_else(PoisonError::into_inner);
        if pages.len() >= CAPACITY {
            pages.clear();
        }
        pages.insert(issue_id, page.clone());
        Ok(Some(page))
    }
}
