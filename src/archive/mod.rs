//! The public side of sent issues: the archive list, each issue's web version, the Atom feed.
mod feed;
mod page_cache;
mod pages;
mod search;
mod seo;

pub use feed::feed;
pub use page_cache::PageCache;
pub use pages::{archive, archived_issue};
pub use search::{IndexCheck, SEARCH_LIMIT, index_sent_issue, search_archive};
pub use seo::{robots, sitemap};

/// How many issues the list and the feed show.
pub const ARCHIVE_LIMIT: i64 = 100;
