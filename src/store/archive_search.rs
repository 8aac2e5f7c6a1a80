//! The archive's search index (`issue_search`): SQLite's FTS5 over words Caravan has already
//! reduced to French stems, PostgreSQL's `french` configuration over the folded text. Both
//! are derived from sent issues and filled on demand (`unindexed_sent_issues`).
use super::{Backend, IssueRow, Store, StoreError};

impl Store {
    /// Sent issues the index does not hold yet.
    #[tracing::instrument(name = "store.unindexed_sent_issues", skip(self))]
    pub async fn unindexed_sent_issues(&self) -> Result<Vec<i64>, StoreError> {
        let ids = on_read_pool!(self, pool => {
            sqlx::query_scalar::<_, i64>(
                "SELECT id FROM issues WHERE status = 'sent' AND audience IS NULL \
                 AND id NOT IN (SELECT issue_id FROM issue_search) ORDER BY id",
            )
            .fetch_all(pool)
            .await?
        });
        Ok(ids)
    }

    /// Indexes one sent issue's words: `stems` for SQLite (already French stems),
    /// `folded` for PostgreSQL (its `french` configuration stems them).
    #[tracing::instrument(name = "store.index_issue", skip(self, stems, folded))]
    pub async fn index_issue(
        &self,
        issue_id: i64,
        stems: &str,
        folded: &str,
    ) -> Result<(), StoreError> {
        match &self.backend {
            Backend::Sqlite { write, .. } => {
                // FTS5 has no unique key: a row already there is left as it is.
                sqlx::query(
                    "INSERT INTO issue_search (issue_id, words) SELECT $1, $2 \
                     WHERE NOT EXISTS (SELECT 1 FROM issue_search WHERE issue_id = $1)",
                )
                .bind(issue_id)
                .bind(stems)
                .execute(write)
                .await?;
            }
            Backend::Postgres(pool) => {
                sqlx::query(
                    "INSERT INTO issue_search (issue_id, document) \
                     VALUES ($1, to_tsvector('french', $2)) ON CONFLICT (issue_id) DO NOTHING",
                )
                .bind(issue_id)
                .bind(folded)
                .execute(pool)
                .await?;
            }
        }
        Ok(())
    }

    /// Sent issues whose words hold every term, best first. `fts_query` is for SQLite (stems,
    /// quoted), `folded_query` for PostgreSQL.
    #[tracing::instrument(name = "store.search_issues", skip(self))]
    pub async fn search_issues(
        &self,
        fts_query: &str,
        folded_query: &str,
        limit: i64,
    ) -> Result<Vec<IssueRow>, StoreError> {
        let rows = match &self.backend {
            Backend::Sqlite { read, .. } => {
                sqlx::query_as::<_, IssueRow>(
                    "SELECT i.id, i.slug, i.kind, i.subject, i.intro, i.status, i.created_at, \
                         i.sent_at \
                     FROM issue_search s JOIN issues i ON i.id = s.issue_id \
                     WHERE issue_search MATCH $1 AND i.status = 'sent' AND i.audience IS NULL \
                     ORDER BY bm25(issue_search), i.sent_at DESC LIMIT $2",
                )
                .bind(fts_query)
                .bind(limit)
                .fetch_all(read)
                .await?
            }
            Backend::Postgres(pool) => {
                sqlx::query_as::<_, IssueRow>(
                    "SELECT i.id, i.slug, i.kind, i.subject, i.intro, i.status, i.created_at, \
                         i.sent_at \
                     FROM issue_search s JOIN issues i ON i.id = s.issue_id \
                     WHERE s.document @@ plainto_tsquery('french', $1) AND i.status = 'sent' AND i.audience IS NULL \
                     ORDER BY ts_rank(s.document, plainto_tsquery('french', $1)) DESC, \
                         i.sent_at DESC LIMIT $2",
                )
                .bind(folded_query)
                .bind(limit)
                .fetch_all(pool)
                .await?
            }
        };
        Ok(rows)
    }
}
