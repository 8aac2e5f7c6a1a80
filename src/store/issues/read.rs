//! Reading issues: their articles, pages of the list, the sent ones the archive shows, an
//! issue's introduction. Apart from building and moving issues, which write.
use super::{IssueArticle, IssueItem, IssueRow};
use crate::store::{Store, StoreError};

impl Store {
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

    /// When the issue's fan-out started (`None`: not yet, or no such issue). One row, where
    /// `issue_progress` would also count every delivery.
    pub async fn issue_started_at(
        &self,
        issue_id: i64,
    ) -> Result<Option<chrono::DateTime<chrono::Utc>>, StoreError> {
        let started = on_read_pool!(self, pool => {
            sqlx::query_scalar::<_, Option<chrono::DateTime<chrono::Utc>>>(
                "SELECT started_at FROM issues WHERE id = $1",
            )
            .bind(issue_id)
            .fetch_optional(pool)
            .await?
        });
        Ok(started.flatten())
    }

    /// An issue and its articles in order, with what the digest shows of each.
    #[tracing::instrument(name = "store.issue_with_articles", skip(self))]
    pub async fn issue_with_articles(
        &self,
        issue_id: i64,
    ) -> Result<Option<(IssueRow, Vec<IssueArticle>)>, StoreError> {
        let found = on_read_pool!(self, pool => {
            let issue = sqlx::query_as::<_, IssueRow>(
                "SELECT id, slug, kind, subject, intro, status, created_at, sent_at, \
                   CASE WHEN audience IS NULL THEN FALSE ELSE TRUE END AS is_correction \
                 FROM issues WHERE id = $1",
            )
            .bind(issue_id)
            .fetch_optional(pool)
            .await?;
            match issue {
                None => None,
                Some(issue) => {
                    let articles = sqlx::query_as::<_, IssueArticle>(
                        "SELECT a.id, a.slug, a.title, a.summary, a.caption, a.url, a.body_md, a.topics,                              ia.lead_article_id                          FROM issue_articles ia JOIN articles a ON a.id = ia.article_id                          WHERE ia.issue_id = $1 ORDER BY ia.position",
                    )
                    .bind(issue_id)
                    .fetch_all(pool)
                    .await?;
                    Some((issue, articles))
                }
            }
        });
        let Some((issue, mut articles)) = found else {
            return Ok(None);
        };
        // A correction letter shows its own notes; any other issue every note on its stories.
        let corrections = self.issue_corrections(issue.id).await?;
        let shown = corrections
            .into_iter()
            .filter(|c| !issue.is_correction || c.letter_issue_id == Some(issue.id));
        for correction in shown {
            if let Some(article) = articles.iter_mut().find(|a| a.id == correction.article_id) {
                article.corrections.push(correction);
            }
        }
        Ok(Some((issue, articles)))
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

    /// Sent issues, newest first: what the archive and the feed show.
    #[tracing::instrument(name = "store.sent_issues", skip(self))]
    pub async fn sent_issues(&self, limit: i64) -> Result<Vec<IssueRow>, StoreError> {
        let rows = on_read_pool!(self, pool => {
            sqlx::query_as::<_, IssueRow>(
                "SELECT id, slug, kind, subject, intro, status, created_at, sent_at FROM issues \
                 WHERE status = 'sent' AND audience IS NULL ORDER BY sent_at DESC, id DESC LIMIT $1",
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
                "SELECT id FROM issues WHERE slug = $1 AND status = 'sent' AND audience IS NULL",
            )
            .bind(slug)
            .fetch_optional(pool)
            .await?
        });
        Ok(id)
    }

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
