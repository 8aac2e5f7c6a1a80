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

/// A reader the ledger says was sent an issue: with the topics their copy was cut by and
/// the topics they want now (each the `topics` column form: NULL, every topic).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SentReader {
    pub subscriber_id: i64,
    pub sent_topics: Option<String>,
    pub topics: Option<String>,
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

    /// The readers an issue was sent to who are still confirmed, with their topics.
    #[tracing::instrument(name = "store.sent_readers", skip(self))]
    pub async fn sent_readers(&self, issue_id: i64) -> Result<Vec<SentReader>, StoreError> {
        Ok(on_read_pool!(self, pool => {
            sqlx::query_as(
                "SELECT d.subscriber_id, d.sent_topics, s.topics FROM deliveries d \
                 JOIN subscribers s ON s.id = d.subscriber_id \
                 WHERE d.issue_id = $1 AND d.status = 'sent' AND s.status = 'confirmed' \
                   AND s.suppressed IS NULL",
            )
            .bind(issue_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Records a correction and, when `readers` is not empty, puts it in a correction letter
    /// to them: the letter about the same story still waiting if there is one (it now
    /// carries both notes, each reader once), or a new one going out after `hold`. All in
    /// one transaction.
    #[tracing::instrument(name = "store.record_correction", skip(self, note, readers), fields(readers = readers.len()))]
    pub async fn record_correction(
        &self,
        article_id: i64,
        note: &str,
        readers: &[i64],
        hold: Duration,
    ) -> Result<RecordedCorrection, StoreError> {
        let now = super::now();
        let recorded = on_write_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let mut letter: Option<(i64, Option<DateTime<Utc>>)> = None;
            let mut merged = false;
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
                for chunk in readers.chunks(500) {
                    let mut query = sqlx::QueryBuilder::new(
                        "INSERT INTO correction_readers (issue_id, subscriber_id) ",
                    );
                    query.push_values(chunk, |mut row, reader| {
                        row.push_bind(issue_id).push_bind(*reader);
                    });
                    query.push(" ON CONFLICT (issue_id, subscriber_id) DO NOTHING");
                    query.build().execute(&mut *tx).await?;
                }
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
