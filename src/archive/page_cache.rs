//! Sent issues' pages, rendered once per language and kept: a sent issue no longer changes,
//! so its page is the same bytes for every visitor. Bounded: past `CAPACITY` pages the
//! cache starts over (a handful of issues are read at a time; old ones render again).
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use crate::domain::Lang;

const CAPACITY: usize = 256;

/// Pages by issue slug and language.
type Pages = HashMap<(String, Lang), Arc<str>>;

#[derive(Clone, Default)]
pub struct PageCache {
    pages: Arc<Mutex<Pages>>,
}

impl PageCache {
    pub fn get(&self, slug: &str, lang: Lang) -> Option<Arc<str>> {
        let pages = self.pages.lock().unwrap_or_else(PoisonError::into_inner);
        pages.get(&(slug.to_owned(), lang)).cloned()
    }

    pub fn keep(&self, slug: &str, lang: Lang, page: Arc<str>) {
        let mut pages = self.pages.lock().unwrap_or_else(PoisonError::into_inner);
        if pages.len() >= CAPACITY {
            pages.clear();
        }
        pages.insert((slug.to_owned(), lang), page);
    }
}
