//! The issues table: what an issue, its articles and a digest candidate look like. Building a
//! digest (`digest`), reading issues (`read`) and moving their status (`status`) each have
//! their own file here.
use super::statuses::IssueStatus;
use chrono::{DateTime, NaiveDate, Utc};

mod digest;
mod queue;
mod read;

/// An article that no queued or sent issue has carried yet.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DigestCandidate {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub date: Option<NaiveDate>,
    pub summary: Option<String>,
    pub caption: Option<String>,
    pub body_md: String,
    pub created_at: DateTime<Utc>,
}

/// One article of a new issue: its place and the lead story it is grouped under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IssueItem {
    pub article_id: i64,
    pub position: i32,
    pub lead_article_id: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreateIssue {
    Created(i64),
    /// An issue with this slug already exists (another process, or an earlier run this week).
    Exists(i64),
}

/// An article as an issue carries it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct IssueArticle {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub summary: Option<String>,
    pub caption: Option<String>,
    pub url: Option<String>,
    pub body_md: String,
    pub lead_article_id: i64,
    /// The article's topics (slugs): a reader's copy of a digest is cut by them.
    #[sqlx(try_from = "String")]
    pub topics: crate::store::Slugs,
    /// The corrections published on the article, oldest first (filled by
    /// `issue_with_articles`).
    #[sqlx(skip)]
    pub corrections: Vec<crate::store::ArticleCorrection>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct IssueRow {
    pub id: i64,
    pub slug: String,
    pub kind: String,
    pub subject: String,
    /// The editor's introduction, shown above the stories.
    pub intro: Option<String>,
    #[sqlx(try_from = "String")]
    pub status: IssueStatus,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    /// A correction letter: to the readers who were sent the stories it corrects, kept out
    /// of the archive. Read by `issue_with_articles`; false elsewhere.
    #[sqlx(default)]
    pub is_correction: bool,
}
