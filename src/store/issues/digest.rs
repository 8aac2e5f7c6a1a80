//! Building a digest in the database: the articles no issue has carried yet, and the draft
//! created with its articles in one transaction. Apart from reading and moving issues.
use super::{CreateIssue, DigestCandidate, IssueItem};
use crate::store::{Store, StoreError};

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
        let now = crate::store::now();
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
}
