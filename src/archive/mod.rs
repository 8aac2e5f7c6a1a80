//! The public side of sent issues: the archive list, each issue's web version, the Atom feed.
mod feed;
mod pages;

pub use feed::feed;
pub use pages::{archive, archived_issue};

/// How many issues the list and the feed show.
pub const ARCHIVE_LIMIT: i64 = 100;
