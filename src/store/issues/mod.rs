use super::statuses::IssueStatus;
use chrono::{DateTime, NaiveDate, Utc};

use super::{Store, StoreError};

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
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
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
}

impl Store {
    /// Articles not carried by any queued, sending or sent issue, newest first. A draft that
    /// was never sent does not hold its articles back.
    #[tracing::instrument(name = "store.digest_candidates", skip(self))]
    pub async fn digest_candidates(&self) -> Result<Vec<DigestCandidate>, StoreError> {
        let rows = on_read_pool!(self, pool => {
            sqlx::query_as::<_, DigestCandidate>(
                "SELECT a.id, a.slug, a.title, a.date, a.summary, a.caption, a.body_md, \
                     a.created_at \
                 FROM articles a \
                 WHERE NOT EXISTS (SELECT 1 FROM issue_articles ia \
                     JOIN issues i ON i.id = ia.issue_id \
                     WHERE ia.article_id = a.id AND i.status IN ('queued', 'sending', 'sent')) \
                 ORDER BY COALESCE(a.date, '1970-01-01') DESC, a.created_at DESC, a.id DESC",
            )
            .fetch_all(pool)
            .await?
        });
        Ok(rows)
    }

    /// Creates a draft digest with its articles in one transaction; the unique slug makes a
    /// second build of the same week, from any process, find the first one instead.
    #[tracing::instrument(name = "store.create_digest", skip(self, items), fields(items = items.len()))]
    pub async fn create_digest(
        &self,
        slug: &str,
        subject: &str,
        items: &[IssueItem],
    ) -> Result<CreateIssue, StoreError> {
        let now = super::now();
        let outcome = on_write_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let created: Option<i64> = sqlx::query_scalar(
                "INSERT INTO issues (slug, kind, subject, status, created_at) \
                 VALUES ($1, 'digest', $2, 'draft', $3) \
                 ON CONFLICT (slug) DO NOTHING RETURNING id",
            )
            .bind(slug)
            .bind(subject)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
            let outcome = match created {
                Some(id) => {
                    for item in items {
                        sqlx::query(
                            "INSERT INTO issue_articles \
                                 (issue_id, article_id, position, lead_article_id) \
                             VALUES ($1, $2, $3, $4)",
                        )
                        .bind(id)
                        .bind(item.article_id)
                        .bind(item.position)
                        .bind(item.lead_article_id)
                        .execute(&mut *tx)
                        .await?;
                    }
                    CreateIssue::Created(id)
                }
                None => CreateIssue::Exists(
                    sqlx::query_scalar("SELECT id FROM issues WHERE slug = $1")
                        .bind(slug)
                        .fetch_one(&mut *tx)
                        .await?,
                ),
            };
            tx.commit().await?;
            outcome
        });
        Ok(outcome)
    }

    #[tracing::instrument(name = "store.issue_items", skip(self))]
    pub async fn issue_items(&self, issue_id: i64) -> Result<Vec<IssueItem>, StoreError> {
        let rows: Vec<(i64, i32, i64)> = on_read_pool!(self, pool => {
            sqlx::query_as(
                "SELECT article_id, position, lead_article_id FROM issue_articles \
                 WHERE issue_id = $1 ORDER BY position",
            )
            .bind(issue_id)
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|(article_id, position, lead_article_id)| IssueItem {
                article_id,
                position,
                lead_article_id,
            })
            .collect())
    }

    /// An issue and its articles in order, with what the digest shows of each.
    #[tracing::instrument(name = "store.issue_with_articles", skip(self))]
    pub async fn issue_with_articles(
        &self,
        issue_id: i64,
    ) -> Result<Option<(IssueRow, Vec<IssueArticle>)>, StoreError> {
        let found = on_read_pool!(self, pool => {
            let issue = sqlx::query_as::<_, IssueRow>(
                "SELECT id, slug, kind, subject, intro, status, created_at, sent_at FROM issues WHERE id = $1",
            )
            .bind(issue_id)
            .fetch_optional(pool)
            .await?;
            match issue {
                None => None,
                Some(issue) => {
                    let articles = sqlx::query_as::<_, IssueArticle>(
                        "SELECT a.id, a.slug, a.title, a.summary, a.caption, a.url, a.body_md,                              ia.lead_article_id                          FROM issue_articles ia JOIN articles a ON a.id = ia.article_id                          WHERE ia.issue_id = $1 ORDER BY ia.position",
                    )
                    .bind(issue_id)
                    .fetch_all(pool)
                    .await?;
                    Some((issue, articles))
                }
            }
        });
        Ok(found)
    }

    /// A page of issues, newest first, older than `before` (an id) when given.
    #[tracing::instrument(name = "store.issues_page", skip(self))]
    pub async fn issues_page(
        &self,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<IssueRow>, StoreError> {
        let rows = on_read_pool!(self, pool => {
            sqlx::query_as::<_, IssueRow>(
                "SELECT id, slug, kind, subject, intro, status, created_at, sent_at FROM issues \
                 WHERE id < $1 ORDER BY id DESC LIMIT $2",
            )
            .bind(before.unwrap_or(i64::MAX))
            .bind(limit)
            .fetch_all(pool)
            .await?
        });
        Ok(rows)
    }

    #[tracing::instrument(name = "store.list_issues", skip(self))]
    pub async fn list_issues(&self) -> Result<Vec<IssueRow>, StoreError> {
        let rows = on_read_pool!(self, pool => {
            sqlx::query_as::<_, IssueRow>(
                "SELECT id, slug, kind, subject, intro, status, created_at, sent_at FROM issues \
                 ORDER BY id DESC",
            )
            .fetch_all(pool)
            .await?
        });
        Ok(rows)
    }

    /// Moves an issue from one status to the next, only if it is still in `from`; records
    /// when it was sent. False when another process moved it first.
    #[tracing::instrument(name = "store.transition_issue", skip(self))]
    pub async fn transition_issue(
        &self,
        issue_id: i64,
        from: &str,
        to: &str,
    ) -> Result<bool, StoreError> {
        let now = super::now();
        let changed = on_write_pool!(self, pool => {
            sqlx::query(
                "UPDATE issues SET status = $3, \
                     sent_at = CASE WHEN $3 = 'sent' THEN $4 ELSE sent_at END \
                 WHERE id = $1 AND status = $2",
            )
            .bind(issue_id)
            .bind(from)
            .bind(to)
            .bind(now)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(changed == 1)
    }

    /// Sent issues, newest first: what the archive and the feed show.
    #[tracing::instrument(name = "store.sent_issues", skip(self))]
    pub async fn sent_issues(&self, limit: i64) -> Result<Vec<IssueRow>, StoreError> {
        let rows = on_read_pool!(self, pool => {
            sqlx::query_as::<_, IssueRow>(
                "SELECT id, slug, kind, subject, intro, status, created_at, sent_at FROM issues \
                 WHERE status = 'sent' ORDER BY sent_at DESC, id DESC LIMIT $1",
            )
            .bind(limit)
            .fetch_all(pool)
            .await?
        });
        Ok(rows)
    }

    /// A sent issue by slug; drafts and queued issues are not public.
    #[tracing::instrument(name = "store.sent_issue_id", skip(self))]
    pub async fn sent_issue_id(&self, slug: &str) -> Result<Option<i64>, StoreError> {
        let id = on_read_pool!(self, pool => {
            sqlx::query_scalar::<_, i64>(
                "SELECT id FROM issues WHERE slug = $1 AND status = 'sent'",
            )
            .bind(slug)
            .fetch_optional(pool)
            .await?
        });
        Ok(id)
    }

    /// Queues a draft for sending at `send_at` (now when `None`). False when the issue is not
    /// a draft (already queued, sent or cancelled), so queuing twice sends once.
    #[tracing::instrument(name = "store.queue_issue", skip(self))]
    pub async fn queue_issue(
        &self,
        issue_id: i64,
        send_at: Option<DateTime<Utc>>,
    ) -> Result<bool, StoreError> {
        let now = super::now();
        let changed = on_write_pool!(self, pool => {
            sqlx::query(
                "UPDATE issues SET status = 'queued', send_at = $2 \
                 WHERE id = $1 AND status = 'draft'",
            )
            .bind(issue_id)
            .bind(send_at.unwrap_or(now))
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(changed == 1)
    }
}

impl Store {
    /// The editor's introduction of an issue, if it has one.
    #[tracing::instrument(name = "store.issue_intro", skip(self))]
    pub async fn issue_intro(&self, issue_id: i64) -> Result<Option<String>, StoreError> {
        let intro = on_read_pool!(self, pool => {
            sqlx::query_scalar::<_, Option<String>>("SELECT intro FROM issues WHERE id = $1")
                .bind(issue_id)
                .fetch_optional(pool)
                .await?
        });
        Ok(intro.flatten())
    }
}
