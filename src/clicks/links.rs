//! The URLs a letter's stories link to.

/// How a letter links to its stories (`CARAVAN_CLICK_COUNTS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StoryLinks {
    /// Through `/r/{issue}/{story}`, which counts the click and redirects.
    #[default]
    Counted,
    /// Straight to the article.
    Direct,
}

/// The counted link to a story: the same for every reader of the issue.
pub fn story_link(base_url: &str, issue_id: i64, article_slug: &str) -> String {
    format!("{base_url}/r/{issue_id}/{article_slug}")
}

/// Where a story without a page of its own is read: its place in the issue's archive page.
pub fn archive_anchor(base_url: &str, issue_slug: &str, article_slug: &str) -> String {
    format!("{base_url}/archive/{issue_slug}#{article_slug}")
}
