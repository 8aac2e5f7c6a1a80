//! Sent issues' pages, rendered once per language and kept: a sent issue no longer changes,
//! except by a correction on one of its stories. Each page remembers the newest correction
//! it shows (its mark); at most every `CHECK_EVERY` a request compares it with the database,
//! so a correction published by any process (the admin, the API, `caravan articles correct`)
//! reaches the page within seconds. Bounded: past `CAPACITY` pages the cache starts over.
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::domain::Lang;

const CAPACITY: usize = 256;
const CHECK_EVERY: Duration = Duration::from_secs(10);

struct Kept {
    page: Arc<str>,
    mark: i64,
    checked_at: Instant,
}

/// Pages by issue slug and language.
type Pages = HashMap<(String, Lang), Kept>;

/// What the cache holds for a page.
pub enum Cached {
    /// Checked lately: serve it.
    Fresh(Arc<str>),
    /// Serve it if the corrections mark is still this one (then call `checked`).
    Check(Arc<str>, i64),
    Missing,
}

#[derive(Clone, Default)]
pub struct PageCache {
    pages: Arc<Mutex<Pages>>,
}

impl PageCache {
    pub fn get(&self, slug: &str, lang: Lang) -> Cached {
        let pages = self.pages.lock().unwrap_or_else(PoisonError::into_inner);
        match pages.get(&(slug.to_owned(), lang)) {
            None => Cached::Missing,
            Some(kept) if kept.checked_at.elapsed() < CHECK_EVERY => {
                Cached::Fresh(kept.page.clone())
            }
            Some(kept) => Cached::Check(kept.page.clone(), kept.mark),
        }
    }

    /// The page's mark was found unchanged: fresh for another while.
    pub fn checked(&self, slug: &str, lang: Lang) {
        let mut pages = self.pages.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(kept) = pages.get_mut(&(slug.to_owned(), lang)) {
            kept.checked_at = Instant::now();
        }
    }

    pub fn keep(&self, slug: &str, lang: Lang, page: Arc<str>, mark: i64) {
        let mut pages = self.pages.lock().unwrap_or_else(PoisonError::into_inner);
        if pages.len() >= CAPACITY {
            pages.clear();
        }
        let kept = Kept {
            page,
            mark,
            checked_at: Instant::now(),
        };
        pages.insert((slug.to_owned(), lang), kept);
    }
}
