//! The rows the API answers with, as its OpenAPI document describes them: built from the
//! store's rows, so that a column added to a table reaches the API only when it is meant to.
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::store::{self, IssueStatus, SubscriberStatus};
use crate::topics::TopicChoice;

#[derive(Debug, Serialize, ToSchema)]
pub struct IssueRow {
    pub id: i64,
    pub slug: String,
    pub kind: String,
    pub subject: String,
    /// The editor's introduction, shown above the stories.
    pub intro: Option<String>,
    pub status: IssueStatus,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

impl From<store::IssueRow> for IssueRow {
    fn from(row: store::IssueRow) -> Self {
        Self {
            id: row.id,
            slug: row.slug,
            kind: row.kind,
            subject: row.subject,
            intro: row.intro,
            status: row.status,
            created_at: row.created_at,
            sent_at: row.sent_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Subscriber {
    pub id: i64,
    pub email: String,
    pub name: Option<String>,
    pub status: SubscriberStatus,
    pub lang: String,
    pub created_at: DateTime<Utc>,
    pub confirmation_sent_at: Option<DateTime<Utc>>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub unsubscribed_at: Option<DateTime<Utc>>,
    /// Refusals from the reader's mail server (see `suppressed`).
    pub hard_bounces: i32,
    /// Why the address is no longer mailed: `hard_bounce` (refused for good, or soft bounces
    /// day after day), `complaint`, `import`; `null` when it may be mailed.
    pub suppressed: Option<String>,
    pub suppressed_at: Option<DateTime<Utc>>,
    /// Slugs of the topics they read about (`GET /api/v1/topics`).
    pub topics: Vec<String>,
    /// Whether they chose every topic (then topics added later are theirs too).
    pub every_topic: bool,
    /// Their letters wait until then (paused from the preference page).
    pub paused_until: Option<DateTime<Utc>>,
}

impl From<store::Subscriber> for Subscriber {
    fn from(row: store::Subscriber) -> Self {
        Self {
            id: row.id,
            email: row.email,
            name: row.name,
            status: row.status,
            lang: row.lang,
            created_at: row.created_at,
            confirmation_sent_at: row.confirmation_sent_at,
            confirmed_at: row.confirmed_at,
            unsubscribed_at: row.unsubscribed_at,
            suppressed: row.suppressed,
            suppressed_at: row.suppressed_at,
            hard_bounces: row.hard_bounces,
            topics: row.topics.slugs(),
            every_topic: row.topics == TopicChoice::Every,
            paused_until: row.paused_until,
        }
    }
}

/// An article as lists show it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ArticleListRow {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub date: Option<NaiveDate>,
    pub summary: Option<String>,
    pub url: Option<String>,
    pub tags: Vec<String>,
    /// Slugs of the newsroom's topics: the front matter's, or found in the text.
    pub topics: Vec<String>,
    pub lang: String,
    /// A queued, sending or sent issue carries it (the next digest will not).
    pub carried: bool,
}

impl From<store::ArticleListRow> for ArticleListRow {
    fn from(row: store::ArticleListRow) -> Self {
        Self {
            id: row.id,
            slug: row.slug,
            title: row.title,
            date: row.date,
            summary: row.summary,
            url: row.url,
            tags: row.tags,
            topics: row.topics,
            lang: row.lang,
            carried: row.carried,
        }
    }
}

/// Where an issue's deliveries stand.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DeliveryCounts {
    pub pending: i64,
    pub retrying: i64,
    pub sent: i64,
    pub bounced: i64,
    pub skipped: i64,
    pub failed: i64,
}

impl From<&store::DeliveryCounts> for DeliveryCounts {
    fn from(c: &store::DeliveryCounts) -> Self {
        Self {
            pending: c.pending,
            retrying: c.retrying,
            sent: c.sent,
            bounced: c.bounced,
            skipped: c.skipped,
            failed: c.failed,
        }
    }
}
