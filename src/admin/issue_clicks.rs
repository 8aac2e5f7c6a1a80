//! The issue page's clicks: each story's count, what was left out, and the most read
//! stories of the last eight weeks, to compare with.
use chrono::{Duration, Utc};

use crate::store::{Store, StoreError, StoryClicks, TopStory};

/// Weeks the "most read" list looks back.
const TOP_WEEKS: i64 = 8;
/// Stories the list shows.
const TOP_STORIES: i64 = 10;

pub struct Clicks {
    pub stories: Vec<StoryClicks>,
    pub top: Vec<TopStory>,
    /// `CARAVAN_CLICK_COUNTS` is on.
    pub counting: bool,
}

/// The clicks of issue `id`, shown once it started going out.
pub async fn clicks(store: &Store, id: i64, counting: bool) -> Result<Clicks, StoreError> {
    let since = Utc::now() - Duration::weeks(TOP_WEEKS);
    Ok(Clicks {
        stories: store.issue_story_clicks(id).await?,
        top: store.top_stories(since, TOP_STORIES).await?,
        counting,
    })
}
