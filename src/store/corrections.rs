//! Corrections: the notes on articles, the ledger's answer to "who was sent this story", and
//! the correction letter that carries a note to them (an issue whose audience is the readers
//! listed for it, held an hour so that corrections of a story close together make one
//! letter).
use chrono::{DateTime, Duration, Utc};

use super::{Store, StoreError};

/// A note on an article, as pages and letters show it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ArticleCorrection {
    pub article_id: i64,
    pub note: String,
    pub corrected_at: DateTime<Utc>,
    /// The correction letter that carries it, if any.
    pub letter_issue_id: Option<i64>,
}

/// A correction as the public list shows it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CorrectionRow {
    pub id: i64,
    pub note: String,
    pub corrected_at: DateTime<Utc>,
    pub article_slug: String,
    pub article_title: String,
    /// The first sent issue that carried the story, where the story is read in the archive.
    pub issue_slug: Option<String>,
}

/// Which readers a correction letter goes to, as the database can select them: for each issue
/// that carried the story, the topic cuts (`deliveries.sent_topics`) whose copies carried it;
/// and the topic choices (`subscribers.topics`) that still take it. Each value is the
/// column's own (`None`: NULL, every topic). Built by `corrections::audience` from the few
/// dozen distinct values there are, so a million readers are chosen by one statement.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AudienceFilter {
    pub issues: Vec<(i64, Vec<Option<String>>)>,
    pub wanting: Vec<Option<String>>,
}

impl AudienceFilter {
    /// No reader at all.
    pub fn is_empty(&self) -> bool {
        self.wanting.is_empty() || self.issues.iter().all(|(_, cuts)| cuts.is_empty())
    }

    /// `FROM … WHERE …` of the readers chosen (`d.subscriber_id`), confirmed and mailable.
    fn push_readers<'a, DB: sqlx::Database>(&'a self, query: &mut sqlx::QueryBuilder<'a, DB>)
    where
        i64: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
        String: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    {
        query.push(
            " FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id \
             WHERE d.status = 'sent' AND s.status = 'confirmed' AND s.suppressed IS NULL AND (",
        );
        let mut first = true;
        for (issue_id, cuts) in self.issues.iter().filter(|(_, cuts)| !cuts.is_empty()) {
            if !first {
                query.push(" OR ");
            }
            first = false;
            query
                .push("(d.issue_id = ")
                .push_bind(*issue_id)
                .push(" AND ");
            push_one_of(query, "d.sent_topics", cuts);
            query.push(")");
        }
        if first {
            query.push("1 = 0");
        }
        query.push(") AND ");
        push_one_of(query, "s.topics", &self.wanting);
    }
}

/// The topics a sent copy was cut by, and the topics its reader wants now (column values).
pub type SentCut = (Option<String>, Option<String>);

/// `(column IN (…) OR column IS NULL)`, as the values say; `1 = 0` for none.
fn push_one_of<'a, DB: sqlx::Database>(
    query: &mut sqlx::QueryBuilder<'a, DB>,
    column: &str,
    values: &'a [Option<String>],
) where
    String: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    let texts: Vec<&'a String> = values.iter().flatten().collect();
    let null = values.iter().any(Option::is_none);
    let mut parts = 0;
    query.push("(");
    if !texts.is_empty() {
        query.push(format!("{column} IN ("));
        let mut list = query.separated(", ");
        for text in texts {
            list.push_bind(text.clone());
        }
        query.push(")");
        parts += 1;
    }
    if null {
        if parts > 0 {
            query.push(" OR ");
        }
        query.push(format!("{column} IS NULL"));
        parts += 1;
    }
    if parts == 0 {
        query.push("1 = 0");
    }
    query.push(")");
}

/// What publishing a correction did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedCorrection {
    pub correction_id: i64,
    /// The letter carrying it (`None` when no reader is to get one).
    pub letter_issue_id: Option<i64>,
    /// When that letter goes out.
    pub send_at: Option<DateTime<Utc>>,
    /// It joined a letter already waiting, which now carries both.
    pub merged: bool,
    /// The readers the letter goes to (those of the letter it joined included).
    pub listed: i64,
}

/// Who an issue goes to, when not every confirmed reader.
pub const CORRECTION_AUDIENCE: &str = "correction";

impl Store {
    /// Sent (or sending, or cancelled part-way) issues to every reader that carried the
    /// article: those whose readers may have read it.
    pub async fn issues_carrying(&self, article_id: i64) -> Result<Vec<i64>, StoreError> {
        Ok(on_read_pool!(self, pool => {
            sqlx::query_scalar(
                "SELECT i.id FROM issues i JOIN issue_articles ia ON ia.issue_id = i.id \
                 WHERE ia.article_id = $1 AND i.audience IS NULL \
                   AND i.status IN ('sending', 'sent', 'cancelled') ORDER BY i.id",
            )
            .bind(article_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// The distinct (topics a copy was cut by, topics the reader wants now) of the readers
    /// an issue was sent to who are still confirmed and mailable: a few dozen pairs.
    #[tracing::instrument(name = "store.sent_cuts", skip(self))]
    pub async fn sent_cuts(&self, issue_id: i64) -> Result<Vec<SentCut>, StoreError> {
        Ok(on_read_pool!(self, pool => {
            sqlx::query_as(
                "SELECT DISTINCT d.sent_topics, s.topics FROM deliveries d \
                 JOIN subscribers s ON s.id = d.subscriber_id \
                 WHERE d.issue_id = $1 AND d.status = 'sent' AND s.status = 'confirmed' \
                   AND s.suppressed IS NULL",
            )
            .bind(issue_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// How many readers the filter chooses, each once.
    #[tracing::instrument(name = "store.count_audience", skip_all)]
    pub async fn count_audience(&self, filter: &AudienceFilter) -> Result<i64, StoreError> {
        if filter.is_empty() {
            return Ok(0);
        }
        Ok(on_read_pool!(self, pool => {
            let mut query = sqlx::QueryBuilder::new("SELECT COUNT(DISTINCT d.subscriber_id)");
            filter.push_readers(&mut query);
            query.build_query_scalar::<i64>().fetch_one(pool).await?
        }))
    }

    /// Records a correction and, when `readers` is not empty, puts it in a correction letter
    /// to them: the letter about the same story still waiting if there is one (it now
    /// carries both notes, each reader once), or a new one going out after `hold`. All in
    /// one transaction.
    #[tracing::instrument(name = "store.record_correction", skip_all, fields(article_id))]
    pub async fn record_correction(
        &self,
        article_id: i64,
        note: &str,
        readers: &AudienceFilter,
        hold: Duration,
    ) -> Result<RecordedCorrection, StoreError> {
        let now = super::now();
        let recorded = on_write_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let mut letter: Option<(i64, Option<DateTime<Utc>>)> = None;
            let mut merged = false;
            let mut listed = 0;
            if !readers.is_empty() {
                // A letter about the same story still waiting takes this one too (its readers
                // are the same: those sent the story). Touching its row first keeps a worker
                // from starting it until this transaction is done.
                letter = sqlx::query_as(
                    "UPDATE issues SET created_at = created_at WHERE id = (SELECT MAX(i.id) FROM issues i \
                       JOIN issue_articles ia ON ia.issue_id = i.id AND ia.article_id = $3 \
                       WHERE i.audience = $1 AND i.status = 'queued' AND i.send_at > $2) \
                       AND status = 'queued' RETURNING id, send_at",
                )
                .bind(CORRECTION_AUDIENCE)
                .bind(now)
                .bind(article_id)
                .fetch_optional(&mut *tx)
                .await?;
                merged = letter.is_some();
                if letter.is_none() {
                    let send_at = now + hold;
                    let slug = format!("correction-{}-{article_id}", now.format("%Y%m%d-%H%M%S"));
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO issues (slug, kind, subject, status, created_at, send_at, audience) \
                         VALUES ($1, 'letter', 'Correction', 'queued', $2, $3, $4) RETURNING id",
                    )
                    .bind(&slug)
                    .bind(now)
                    .bind(send_at)
                    .bind(CORRECTION_AUDIENCE)
                    .fetch_one(&mut *tx)
                    .await?;
                    letter = Some((id, Some(send_at)));
                }
            }
            if let Some((issue_id, _)) = letter {
                sqlx::query(
                    "INSERT INTO issue_articles (issue_id, article_id, position, lead_article_id) \
                     SELECT $1, $2, COALESCE((SELECT MAX(position) + 1 FROM issue_articles \
                       WHERE issue_id = $1), 0), $2 \
                     WHERE NOT EXISTS (SELECT 1 FROM issue_articles WHERE issue_id = $1 AND article_id = $2)",
                )
                .bind(issue_id)
                .bind(article_id)
                .execute(&mut *tx)
                .await?;
                // The readers, chosen and written by the database in one statement.
                let mut query = sqlx::QueryBuilder::new(
                    "INSERT INTO correction_readers (issue_id, subscriber_id) SELECT DISTINCT ",
                );
                query.push_bind(issue_id).push(", d.subscriber_id");
                readers.push_readers(&mut query);
                query.push(" ON CONFLICT (issue_id, subscriber_id) DO NOTHING");
                query.build().execute(&mut *tx).await?;
                listed = sqlx::query_scalar::<_, i64>(
                    "SELECT COUNT(*) FROM correction_readers WHERE issue_id = $1",
                )
                .bind(issue_id)
                .fetch_one(&mut *tx)
                .await?;
            }
            let correction_id: i64 = sqlx::query_scalar(
                "INSERT INTO corrections (article_id, note, corrected_at, letter_issue_id) \
                 VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(article_id)
            .bind(note)
            .bind(now)
            .bind(letter.map(|(id, _)| id))
            .fetch_one(&mut *tx)
            .await?;
            tx.commit().await?;
            RecordedCorrection {
                correction_id,
                listed,
                letter_issue_id: letter.map(|(id, _)| id),
                send_at: letter.and_then(|(_, at)| at),
                merged,
            }
        });
        Ok(recorded)
    }

    /// Notes read from an article's file that the database lacks (by their text), added
    /// without a letter: the file is the article's record.
    pub async fn keep_file_corrections(
        &self,
        article_id: i64,
        notes: &[(DateTime<Utc>, String)],
    ) -> Result<usize, StoreError> {
        if notes.is_empty() {
            return Ok(0);
        }
        let added = on_write_pool!(self, pool => {
            let mut added = 0;
            for (at, note) in notes {
                added += sqlx::query(
                    "INSERT INTO corrections (article_id, note, corrected_at) SELECT $1, $2, $3 \
                     WHERE NOT EXISTS (SELECT 1 FROM corrections WHERE article_id = $1 AND note = $2)",
                )
                .bind(article_id)
                .bind(note)
                .bind(at)
                .execute(pool)
                .await?
                .rows_affected();
            }
            added
        });
        Ok(added as usize)
    }

    /// The notes on the articles of an issue, oldest first.
    pub async fn issue_corrections(
        &self,
        issue_id: i64,
    ) -> Result<Vec<ArticleCorrection>, StoreError> {
        Ok(on_read_pool!(self, pool => {
            sqlx::query_as(
                "SELECT c.article_id, c.note, c.corrected_at, c.letter_issue_id FROM corrections c \
                 JOIN issue_articles ia ON ia.article_id = c.article_id \
                 WHERE ia.issue_id = $1 ORDER BY c.corrected_at, c.id",
            )
            .bind(issue_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// The newest note on any article of the issue (its id), or 0: a cached page of the
    /// issue older than that is stale.
    pub async fn issue_corrections_mark(&self, slug: &str) -> Result<i64, StoreError> {
        let mark: Option<i64> = on_read_pool!(self, pool => {
            sqlx::query_scalar(
                "SELECT CAST(MAX(c.id) AS BIGINT) FROM corrections c \
                 JOIN issue_articles ia ON ia.article_id = c.article_id \
                 JOIN issues i ON i.id = ia.issue_id WHERE i.slug = $1",
            )
            .bind(slug)
            .fetch_one(pool)
            .await?
        });
        Ok(mark.unwrap_or(0))
    }

    /// Every correction, newest first.
    #[tracing::instrument(name = "store.corrections", skip(self))]
    pub async fn corrections(&self, limit: i64) -> Result<Vec<CorrectionRow>, StoreError> {
        Ok(on_read_pool!(self, pool => {
            sqlx::query_as(
                "SELECT c.id, c.note, c.corrected_at, a.slug AS article_slug, a.title AS article_title, \
                   (SELECT i.slug FROM issues i JOIN issue_articles ia ON ia.issue_id = i.id \
                    WHERE ia.article_id = a.id AND i.status = 'sent' AND i.audience IS NULL \
                    ORDER BY i.sent_at, i.id LIMIT 1) AS issue_slug \
                 FROM corrections c JOIN articles a ON a.id = c.article_id \
                 ORDER BY c.corrected_at DESC, c.id DESC LIMIT $1",
            )
            .bind(limit)
            .fetch_all(pool)
            .await?
        }))
    }

    /// For each issue carrying a corrected article, when its newest note was written: a
    /// feed entry's `updated`.
    pub async fn corrected_issues(
        &self,
    ) -> Result<std::collections::HashMap<i64, DateTime<Utc>>, StoreError> {
        let rows: Vec<(i64, DateTime<Utc>)> = on_read_pool!(self, pool => {
            sqlx::query_as(
                "SELECT ia.issue_id, MAX(c.corrected_at) FROM corrections c \
                 JOIN issue_articles ia ON ia.article_id = c.article_id GROUP BY ia.issue_id",
            )
            .fetch_all(pool)
            .await?
        });
        Ok(rows.into_iter().collect())
    }

    /// An article's title and the notes on it, oldest first; `None` when there is no such
    /// article.
    pub async fn article_corrections(
        &self,
        slug: &str,
    ) -> Result<Option<(i64, String, Vec<ArticleCorrection>)>, StoreError> {
        let found: Option<(i64, String)> = on_read_pool!(self, pool => {
            sqlx::query_as("SELECT id, title FROM articles WHERE slug = $1")
                .bind(slug)
                .fetch_optional(pool)
                .await?
        });
        let Some((id, title)) = found else {
            return Ok(None);
        };
        let notes = on_read_pool!(self, pool => {
            sqlx::query_as(
                "SELECT article_id, note, corrected_at, letter_issue_id FROM corrections WHERE article_id = $1 \
                 ORDER BY corrected_at, id",
            )
            .bind(id)
            .fetch_all(pool)
            .await?
        });
        Ok(Some((id, title, notes)))
    }
}
