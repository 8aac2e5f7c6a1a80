//! Clicks on the stories of sent letters, per story and issue (never per reader): what the
//! `/r/{issue}/{story}` redirect needs to know of an issue, the counts it adds, and what the
//! issue page reads back.
use chrono::{DateTime, Utc};

use super::statuses::{IssueStatus, decode};
use super::{Store, StoreError};

/// Where an issue's copies stand, for the click counter: clicks count only once the issue
/// is going out, and those soon after a copy went out are left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendState {
    pub status: IssueStatus,
    pub last_sent_at: Option<DateTime<Utc>>,
}

/// One story a letter links to: where its redirect goes.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoryLink {
    pub article_id: i64,
    pub slug: String,
    /// The article's own page; `None` when it lives in the archive only.
    pub url: Option<String>,
}

/// An issue as the redirect sees it.
#[derive(Debug, Clone)]
pub struct LinkedIssue {
    pub slug: String,
    pub state: SendState,
    pub stories: Vec<StoryLink>,
}

/// Counts to add for one story of one issue.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClickCounts {
    /// People's clicks.
    pub clicks: i64,
    /// Clicks while copies were still going out: likely link scanners, left out.
    pub early: i64,
    /// HEAD requests, prefetches and known scanners, left out.
    pub robots: i64,
}

impl ClickCounts {
    pub fn add(&mut self, other: ClickCounts) {
        self.clicks += other.clicks;
        self.early += other.early;
        self.robots += other.robots;
    }
}

/// A story of an issue with its counts, for the issue page.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoryClicks {
    pub article_id: i64,
    pub title: String,
    pub clicks: i64,
    pub early: i64,
    pub robots: i64,
}

/// A story among the most read of recent weeks.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct TopStory {
    pub issue_id: i64,
    pub issue_subject: String,
    pub title: String,
    pub clicks: i64,
}

type StateRow = (String, String, Option<DateTime<Utc>>);

impl Store {
    /// The issue's stories and send state, or `None` when there is no such issue.
    #[tracing::instrument(name = "store.linked_issue", skip(self))]
    pub async fn linked_issue(&self, issue_id: i64) -> Result<Option<LinkedIssue>, StoreError> {
        let (row, stories): (Option<StateRow>, Vec<StoryLink>) = on_read_pool!(self, pool => {
            let row = sqlx::query_as(
                "SELECT slug, status, last_sent_at FROM issues WHERE id = $1",
            )
            .bind(issue_id)
            .fetch_optional(pool)
            .await?;
            let stories = sqlx::query_as(
                "SELECT a.id AS article_id, a.slug, a.url FROM issue_articles ia \
                 JOIN articles a ON a.id = ia.article_id WHERE ia.issue_id = $1 \
                 ORDER BY ia.position",
            )
            .bind(issue_id)
            .fetch_all(pool)
            .await?;
            (row, stories)
        });
        let Some((slug, status, last_sent_at)) = row else {
            return Ok(None);
        };
        Ok(Some(LinkedIssue {
            slug,
            state: SendState {
                status: decode(&status)?,
                last_sent_at,
            },
            stories,
        }))
    }

    /// Adds counts, all in one transaction: every count is added once or not at all.
    #[tracing::instrument(name = "store.add_story_clicks", skip_all, fields(stories = counts.len()))]
    pub async fn add_story_clicks(
        &self,
        counts: &[((i64, i64), ClickCounts)],
    ) -> Result<(), StoreError> {
        if counts.is_empty() {
            return Ok(());
        }
        on_write_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            for ((issue_id, article_id), c) in counts {
                sqlx::query(
                    "INSERT INTO story_clicks (issue_id, article_id, clicks, early, robots) \
                     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (issue_id, article_id) DO UPDATE \
                     SET clicks = story_clicks.clicks + excluded.clicks, \
                         early = story_clicks.early + excluded.early, \
                         robots = story_clicks.robots + excluded.robots",
                )
                .bind(issue_id)
                .bind(article_id)
                .bind(c.clicks)
                .bind(c.early)
                .bind(c.robots)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Every story of the issue in its order, with its counts (zero when none came).
    #[tracing::instrument(name = "store.issue_story_clicks", skip(self))]
    pub async fn issue_story_clicks(&self, issue_id: i64) -> Result<Vec<StoryClicks>, StoreError> {
        Ok(on_read_pool!(self, pool => {
            sqlx::query_as(
                "SELECT a.id AS article_id, a.title, \
                        CAST(COALESCE(c.clicks, 0) AS BIGINT) AS clicks, \
                        CAST(COALESCE(c.early, 0) AS BIGINT) AS early, \
                        CAST(COALESCE(c.robots, 0) AS BIGINT) AS robots \
                 FROM issue_articles ia JOIN articles a ON a.id = ia.article_id \
                 LEFT JOIN story_clicks c ON c.issue_id = ia.issue_id AND c.article_id = ia.article_id \
                 WHERE ia.issue_id = $1 ORDER BY ia.position",
            )
            .bind(issue_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// The most clicked stories of issues that started going out since `since`.
    #[tracing::instrument(name = "store.top_stories", skip(self))]
    pub async fn top_stories(
        &self,
        since: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<TopStory>, StoreError> {
        Ok(on_read_pool!(self, pool => {
            sqlx::query_as(
                "SELECT i.id AS issue_id, i.subject AS issue_subject, a.title, \
                        CAST(c.clicks AS BIGINT) AS clicks \
                 FROM story_clicks c JOIN issues i ON i.id = c.issue_id \
                 JOIN articles a ON a.id = c.article_id \
                 WHERE c.clicks > 0 AND i.started_at >= $1 \
                 ORDER BY c.clicks DESC, i.id DESC, a.id LIMIT $2",
            )
            .bind(since)
            .bind(limit)
            .fetch_all(pool)
            .await?
        }))
    }
}
