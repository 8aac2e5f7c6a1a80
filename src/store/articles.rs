use chrono::{DateTime, NaiveDate, Utc};

use super::{Store, StoreError};

/// An article as read from its file (`articles::ArticleFile`), ready to store.
#[derive(Debug, Clone)]
pub struct NewArticle {
    pub slug: String,
    pub title: String,
    pub date: Option<NaiveDate>,
    pub summary: Option<String>,
    pub caption: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub tags: Vec<String>,
    /// Slugs of `articles/topics.toml`: the front matter's, or the tagger's.
    pub topics: Vec<String>,
    pub lang: String,
    pub body_md: String,
    pub body_html: String,
    pub content_hash: String,
    /// The corrections its file keeps (date, note): added to the database if it lacks them.
    pub corrections: Vec<(Option<NaiveDate>, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpsertOutcome {
    Added,
    Updated,
    Unchanged,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ArticleRow {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub date: Option<NaiveDate>,
    pub summary: Option<String>,
    pub caption: Option<String>,
    pub lang: String,
    pub body_html: String,
    #[sqlx(try_from = "String")]
    pub topics: Slugs,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A JSON array of slugs as a column holds it (`articles.topics`, `articles.tags`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Slugs(pub Vec<String>);

impl From<String> for Slugs {
    /// Written by `upsert_article` from a Vec; anything else reads as none.
    fn from(json: String) -> Self {
        Self(serde_json::from_str(&json).unwrap_or_default())
    }
}

impl Store {
    /// Adds the article, or updates it when its file changed; concurrent syncs of the same
    /// folder (two instances starting at once) agree through the unique slug. Also answers
    /// the article's id, so a caller need not look it up again.
    #[tracing::instrument(name = "store.upsert_article", skip_all, fields(slug = %article.slug))]
    pub async fn upsert_article(
        &self,
        article: &NewArticle,
    ) -> Result<(UpsertOutcome, i64), StoreError> {
        let now = super::now();
        let front = article;
        let tags = serde_json::to_string(&front.tags).expect("strings serialise");
        let topics = serde_json::to_string(&front.topics).expect("strings serialise");
        let outcome = on_write_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let before: Option<(i64, String)> =
                sqlx::query_as("SELECT id, content_hash FROM articles WHERE slug = $1")
                    .bind(&article.slug)
                    .fetch_optional(&mut *tx)
                    .await?;
            let written: Option<i64> = sqlx::query_scalar(
                "INSERT INTO articles (slug, title, date, summary, caption, source, url, tags, \
                     lang, body_md, body_html, content_hash, created_at, updated_at, topics) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14) \
                 ON CONFLICT (slug) DO UPDATE SET title = excluded.title, date = excluded.date, \
                     summary = excluded.summary, caption = excluded.caption, \
                     source = excluded.source, url = excluded.url, tags = excluded.tags, \
                     lang = excluded.lang, body_md = excluded.body_md, \
                     body_html = excluded.body_html, content_hash = excluded.content_hash, \
                     updated_at = excluded.updated_at, topics = excluded.topics \
                 WHERE articles.content_hash <> excluded.content_hash \
                 RETURNING id",
            )
            .bind(&article.slug)
            .bind(&front.title)
            .bind(front.date)
            .bind(&front.summary)
            .bind(&front.caption)
            .bind(&front.source)
            .bind(&front.url)
            .bind(&tags)
            .bind(&front.lang)
            .bind(&article.body_md)
            .bind(&article.body_html)
            .bind(&article.content_hash)
            .bind(now)
            .bind(&topics)
            .fetch_optional(&mut *tx)
            .await?;
            // An unchanged row returns nothing: its id is the one read before, or, when
            // another sync added the same file meanwhile, the one it wrote.
            let id = match (written, before.as_ref().map(|(id, _)| *id)) {
                (Some(id), _) | (None, Some(id)) => id,
                (None, None) => {
                    sqlx::query_scalar("SELECT id FROM articles WHERE slug = $1")
                        .bind(&article.slug)
                        .fetch_one(&mut *tx)
                        .await?
                }
            };
            tx.commit().await?;
            let outcome = match before {
                None => UpsertOutcome::Added,
                Some((_, hash)) if hash == article.content_hash => UpsertOutcome::Unchanged,
                Some(_) => UpsertOutcome::Updated,
            };
            (outcome, id)
        });
        Ok(outcome)
    }

    /// Every article, newest first.
    #[tracing::instrument(name = "store.list_articles", skip(self))]
    pub async fn list_articles(&self) -> Result<Vec<ArticleRow>, StoreError> {
        let rows = on_read_pool!(self, pool => {
            sqlx::query_as::<_, ArticleRow>(
                "SELECT id, slug, title, date, summary, caption, lang, body_html, topics, \
                     created_at, updated_at \
                 FROM articles ORDER BY COALESCE(date, '1970-01-01') DESC, created_at DESC, id DESC",
            )
            .fetch_all(pool)
            .await?
        });
        Ok(rows)
    }

    /// The id of the article with this slug.
    #[tracing::instrument(name = "store.article_id", skip(self))]
    pub async fn article_id(&self, slug: &str) -> Result<Option<i64>, StoreError> {
        let id = on_read_pool!(self, pool => {
            sqlx::query_scalar("SELECT id FROM articles WHERE slug = $1")
                .bind(slug)
                .fetch_optional(pool)
                .await?
        });
        Ok(id)
    }

    /// A page of articles, newest first (by id), older than `before` when given; each says
    /// whether a queued or sent issue has carried it already.
    #[tracing::instrument(name = "store.articles_page", skip(self))]
    pub async fn articles_page(
        &self,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<ArticleListRow>, StoreError> {
        let rows = on_read_pool!(self, pool => {
            sqlx::query_as::<_, ListedArticle>(
                "SELECT a.id, a.slug, a.title, a.date, a.summary, a.url, a.tags, a.topics, a.lang, \
                     EXISTS (SELECT 1 FROM issue_articles ia JOIN issues i ON i.id = ia.issue_id \
                         WHERE ia.article_id = a.id \
                           AND i.status IN ('queued', 'sending', 'sent')) AS carried \
                 FROM articles a WHERE a.id < $1 ORDER BY a.id DESC LIMIT $2",
            )
            .bind(before.unwrap_or(i64::MAX))
            .bind(limit)
            .fetch_all(pool)
            .await?
        });
        Ok(rows.into_iter().map(ArticleListRow::from).collect())
    }
}

#[derive(sqlx::FromRow)]
struct ListedArticle {
    id: i64,
    slug: String,
    title: String,
    date: Option<NaiveDate>,
    summary: Option<String>,
    url: Option<String>,
    #[sqlx(try_from = "String")]
    tags: Slugs,
    #[sqlx(try_from = "String")]
    topics: Slugs,
    lang: String,
    carried: bool,
}

impl From<ListedArticle> for ArticleListRow {
    fn from(row: ListedArticle) -> Self {
        Self {
            id: row.id,
            slug: row.slug,
            title: row.title,
            date: row.date,
            summary: row.summary,
            url: row.url,
            tags: row.tags.0,
            topics: row.topics.0,
            lang: row.lang,
            carried: row.carried,
        }
    }
}

/// An article as lists show it.
#[derive(Debug, Clone)]
pub struct ArticleListRow {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub date: Option<NaiveDate>,
    pub summary: Option<String>,
    pub url: Option<String>,
    pub tags: Vec<String>,
    pub topics: Vec<String>,
    pub lang: String,
    /// A queued, sending or sent issue carries it (the next digest will not).
    pub carried: bool,
}
