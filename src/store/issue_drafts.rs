//! Editing drafts: a new letter, and changes to a draft's subject, introduction and articles.
//! Only a draft changes, checked in the same statement that changes it, so an issue queued
//! meanwhile by another editor or process is never altered half-way.
use super::{Store, StoreError};

/// What an edit of a draft did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftEdit {
    Updated,
    NotFound,
    /// Queued, sending, sent or cancelled: no longer editable.
    NotDraft,
    /// These article ids do not exist; nothing was changed.
    UnknownArticles(Vec<i64>),
}

/// What creating a letter did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewLetter {
    Created(i64),
    UnknownArticles(Vec<i64>),
}

/// The new content of a draft. `article_ids: None` leaves its articles as they are.
#[derive(Debug, Clone)]
pub struct DraftChanges {
    pub subject: String,
    pub intro: Option<String>,
    pub article_ids: Option<Vec<i64>>,
}

/// Changes to a draft; a field left `None` stays as it is (`intro: Some(None)` removes it),
/// so a caller need not read the draft first to resend what it keeps.
#[derive(Debug, Clone, Default)]
pub struct DraftUpdate {
    pub subject: Option<String>,
    pub intro: Option<Option<String>>,
    pub article_ids: Option<Vec<i64>>,
}

impl From<DraftChanges> for DraftUpdate {
    fn from(changes: DraftChanges) -> Self {
        DraftUpdate {
            subject: Some(changes.subject),
            intro: Some(changes.intro),
            article_ids: changes.article_ids,
        }
    }
}

impl Store {
    /// A new draft letter named `slug` (`issues::create_letter` names it), with its articles.
    #[tracing::instrument(name = "store.create_letter", skip(self, changes))]
    pub async fn create_letter(
        &self,
        slug: &str,
        changes: &DraftChanges,
    ) -> Result<NewLetter, StoreError> {
        let now = super::now();
        let outcome = on_write_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let ids = changes.article_ids.clone().unwrap_or_default();
            let unknown = unknown_articles(&mut tx, &ids).await?;
            if !unknown.is_empty() {
                return Ok(NewLetter::UnknownArticles(unknown));
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO issues (slug, kind, subject, intro, status, created_at) \
                 VALUES ($1, 'letter', $2, $3, 'draft', $4) RETURNING id",
            )
            .bind(slug)
            .bind(&changes.subject)
            .bind(&changes.intro)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            put_articles(&mut tx, id, &ids).await?;
            tx.commit().await?;
            tracing::info!(issue_id = id, %slug, "letter created");
            NewLetter::Created(id)
        });
        Ok(outcome)
    }

    /// Changes a draft in one transaction, or says why not.
    #[tracing::instrument(name = "store.update_draft", skip(self, changes))]
    pub async fn update_draft(
        &self,
        issue_id: i64,
        changes: &DraftUpdate,
    ) -> Result<DraftEdit, StoreError> {
        let outcome = on_write_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            if let Some(ids) = &changes.article_ids {
                let unknown = unknown_articles(&mut tx, ids).await?;
                if !unknown.is_empty() {
                    return Ok(DraftEdit::UnknownArticles(unknown));
                }
            }
            let changed = sqlx::query(
                "UPDATE issues SET subject = COALESCE($2, subject), \
                     intro = CASE WHEN $4 THEN $3 ELSE intro END \
                 WHERE id = $1 AND status = 'draft'",
            )
            .bind(issue_id)
            .bind(&changes.subject)
            .bind(changes.intro.clone().flatten())
            .bind(changes.intro.is_some())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 0 {
                let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM issues WHERE id = $1")
                    .bind(issue_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                return Ok(match exists {
                    Some(_) => DraftEdit::NotDraft,
                    None => DraftEdit::NotFound,
                });
            }
            if let Some(ids) = &changes.article_ids {
                put_articles(&mut tx, issue_id, ids).await?;
            }
            tx.commit().await?;
            DraftEdit::Updated
        });
        Ok(outcome)
    }
}

/// The ids among `ids` that name no article.
async fn unknown_articles<'c, DB>(
    tx: &mut sqlx::Transaction<'c, DB>,
    ids: &[i64],
) -> Result<Vec<i64>, StoreError>
where
    DB: sqlx::Database,
    for<'e> &'e mut DB::Connection: sqlx::Executor<'e, Database = DB>,
    i64: sqlx::Type<DB> + for<'r> sqlx::Decode<'r, DB> + for<'q> sqlx::Encode<'q, DB>,
    for<'q> DB::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    (i64,): for<'r> sqlx::FromRow<'r, DB::Row>,
{
    let mut unknown = Vec::new();
    for &id in ids {
        let found: Option<(i64,)> = sqlx::query_as("SELECT id FROM articles WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?;
        if found.is_none() {
            unknown.push(id);
        }
    }
    Ok(unknown)
}

/// Replaces an issue's articles with `ids`, in order. An article keeps the lead story it was
/// grouped under when that lead is still in the issue; any other leads itself.
async fn put_articles<'c, DB>(
    tx: &mut sqlx::Transaction<'c, DB>,
    issue_id: i64,
    ids: &[i64],
) -> Result<(), StoreError>
where
    DB: sqlx::Database,
    for<'e> &'e mut DB::Connection: sqlx::Executor<'e, Database = DB>,
    i64: sqlx::Type<DB> + for<'r> sqlx::Decode<'r, DB> + for<'q> sqlx::Encode<'q, DB>,
    i32: sqlx::Type<DB> + for<'q> sqlx::Encode<'q, DB>,
    for<'q> DB::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    (i64, i64): for<'r> sqlx::FromRow<'r, DB::Row>,
{
    let leads: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT article_id, lead_article_id FROM issue_articles WHERE issue_id = $1",
    )
    .bind(issue_id)
    .fetch_all(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM issue_articles WHERE issue_id = $1")
        .bind(issue_id)
        .execute(&mut **tx)
        .await?;
    let mut seen = std::collections::HashSet::new();
    for (position, &id) in ids.iter().filter(|id| seen.insert(**id)).enumerate() {
        let kept = leads
            .iter()
            .find(|(article, _)| *article == id)
            .map(|(_, lead)| *lead)
            .filter(|lead| ids.contains(lead));
        sqlx::query(
            "INSERT INTO issue_articles (issue_id, article_id, position, lead_article_id) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(issue_id)
        .bind(id)
        .bind(position as i32)
        .bind(kept.unwrap_or(id))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
