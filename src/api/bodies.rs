//! What the API answers, as types: the handlers build them and the OpenAPI document is
//! generated from them, so the two cannot drift apart.
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

pub use super::rows::{ArticleListRow, DeliveryCounts, IssueRow, Subscriber};
use crate::store::{IssueArticle, IssueProgress, IssueStatus};
/// The error body lives with `json_error` (the sign-up form answers it too).
pub use crate::web::{ErrorBody, ErrorDetail};

#[derive(Debug, Serialize, ToSchema)]
pub struct IssuePage {
    pub items: Vec<IssueRow>,
    /// Pass as `cursor` for the next page; `null` on the last one.
    pub next_cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SubscriberPage {
    pub items: Vec<Subscriber>,
    pub next_cursor: Option<String>,
}

/// Where an issue's sending stands.
#[derive(Debug, Serialize, ToSchema)]
pub struct Progress {
    pub status: IssueStatus,
    pub send_at: Option<DateTime<Utc>>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub counts: DeliveryCounts,
    /// Messages sent per second since the start (to the finish, or to now).
    pub rate: Option<f64>,
}

impl From<&IssueProgress> for Progress {
    fn from(progress: &IssueProgress) -> Self {
        Self {
            status: progress.status,
            send_at: progress.send_at,
            started_at: progress.started_at,
            finished_at: progress.finished_at,
            counts: DeliveryCounts::from(&progress.counts),
            rate: progress.rate(Utc::now()),
        }
    }
}

/// An article as an issue carries it: `lead_article_id` is the story it is grouped under.
#[derive(Debug, Serialize, ToSchema)]
pub struct ArticleRef {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub lead_article_id: i64,
}

impl From<&IssueArticle> for ArticleRef {
    fn from(article: &IssueArticle) -> Self {
        Self {
            id: article.id,
            slug: article.slug.clone(),
            title: article.title.clone(),
            lead_article_id: article.lead_article_id,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IssueDetail {
    pub issue: IssueRow,
    pub articles: Vec<ArticleRef>,
    pub progress: Progress,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ImportSummary {
    pub added: u64,
    /// Valid rows whose address was already known: left as they were.
    pub already_known: u64,
}
