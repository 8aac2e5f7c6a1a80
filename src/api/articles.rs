//! `/api/v1/articles`: list (cursor pages), add one (written to the articles folder, stored
//! at once), and re-read the folder.
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::bodies::ArticleListRow;
use super::bodies::ErrorBody;
use super::{ApiCaller, ApiError, Page};
use crate::articles::{ArticleDraft, CreateArticleError, SyncError, create_article, sync_folder};
use crate::web::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct ArticlePage {
    pub items: Vec<ArticleListRow>,
    pub next_cursor: Option<String>,
}

/// A new article: the fields of an article file's front matter, and its Markdown body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewArticleRequest {
    title: String,
    /// YYYY-MM-DD.
    date: Option<String>,
    summary: Option<String>,
    caption: Option<String>,
    source: Option<String>,
    /// http:// or https://.
    url: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    /// Slugs of the newsroom's topics (`GET /api/v1/topics`); absent or empty: found in the
    /// text by the tagger.
    #[serde(default)]
    topics: Vec<String>,
    /// fr (default) or en.
    lang: Option<String>,
    /// Markdown.
    body: String,
    /// The file name without `.md`; made from the title when absent.
    slug: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ArticleCreated {
    pub id: i64,
    pub slug: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SyncSummary {
    /// Slugs of the articles added.
    pub added: Vec<String>,
    /// Slugs of the articles whose file changed.
    pub updated: Vec<String>,
    pub unchanged: usize,
    /// Files refused, each with why; the others still loaded.
    pub problems: Vec<SyncProblemBody>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SyncProblemBody {
    pub file: String,
    pub reason: String,
}

/// `GET /api/v1/articles?limit=&cursor=`: newest first.
#[utoipa::path(get, path = "/api/v1/articles", tag = "articles",
    params(
        ("limit" = Option<i64>, Query, description = "1 to 100 (default 20)", minimum = 1, maximum = 100),
        ("cursor" = Option<String>, Query, description = "next_cursor of the previous page", pattern = "^[0-9]*$"),
    ),
    responses(
        (status = 200, description = "Articles, newest first", body = ArticlePage),
        (status = 401, description = "No live bearer token", body = ErrorBody),
        (status = 422, description = "Bad limit or cursor", body = ErrorBody),
    ),
    security(("bearer" = [])))]
#[tracing::instrument(name = "api.articles.list", skip_all, fields(caller = %caller.token_name))]
pub async fn list(
    caller: ApiCaller,
    state: web::Data<AppState>,
    page: web::Query<Page>,
) -> Result<HttpResponse, ApiError> {
    let (before, limit) = page.bounds()?;
    let items: Vec<ArticleListRow> = state
        .store
        .articles_page(before, limit)
        .await?
        .into_iter()
        .map(ArticleListRow::from)
        .collect();
    let next_cursor = page.next_cursor(items.iter().map(|a| a.id), limit);
    Ok(HttpResponse::Ok().json(ArticlePage { items, next_cursor }))
}

/// `POST /api/v1/articles`: writes `<slug>.md` into the articles folder and stores it.
#[utoipa::path(post, path = "/api/v1/articles", tag = "articles",
    request_body(content = NewArticleRequest, content_type = "application/json"),
    responses(
        (status = 201, description = "Written and stored", body = ArticleCreated),
        (status = 400, description = "The body is not the JSON expected", body = ErrorBody),
        (status = 401, description = "No live bearer token", body = ErrorBody),
        (status = 409, description = "An article with this slug exists", body = ErrorBody),
        (status = 422, description = "A field is missing or wrong (named in `field`)", body = ErrorBody),
    ),
    security(("bearer" = [])))]
#[tracing::instrument(name = "api.articles.create", skip_all, fields(caller = %caller.token_name))]
pub async fn create(
    caller: ApiCaller,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let request: NewArticleRequest = serde_json::from_slice(&body)
        .map_err(|e| ApiError::BadRequest(format!("the body is not the JSON expected: {e}")))?;
    let draft = ArticleDraft {
        title: request.title,
        date: request.date.unwrap_or_default(),
        summary: request.summary.unwrap_or_default(),
        caption: request.caption.unwrap_or_default(),
        source: request.source.unwrap_or_default(),
        url: request.url.unwrap_or_default(),
        tags: request.tags,
        topics: request.topics,
        lang: request.lang.unwrap_or_default(),
        body: request.body,
        slug: request.slug.unwrap_or_default(),
    };
    let (id, slug) = create_article(&state.store, &state.articles_dir, &draft)
        .await
        .map_err(|e| match e {
            CreateArticleError::Invalid { field, .. } => ApiError::Invalid {
                field,
                message: e.to_string(),
            },
            CreateArticleError::SlugTaken(_) => ApiError::Conflict(e.to_string()),
            // The folder cannot be written, the database refuses…: ours, not the caller's.
            ours => ApiError::internal(ours),
        })?;
    Ok(HttpResponse::Created().json(ArticleCreated { id, slug }))
}

/// `POST /api/v1/articles/sync`: re-reads the articles folder, as `caravan articles sync`.
#[utoipa::path(post, path = "/api/v1/articles/sync", tag = "articles",
    responses(
        (status = 200, description = "What changed, and the files refused", body = SyncSummary),
        (status = 401, description = "No live bearer token", body = ErrorBody),
        (status = 422, description = "The folder cannot be read", body = ErrorBody),
    ),
    security(("bearer" = [])))]
#[tracing::instrument(name = "api.articles.sync", skip_all, fields(caller = %caller.token_name))]
pub async fn sync(caller: ApiCaller, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let report = sync_folder(&state.store, &state.articles_dir)
        .await
        .map_err(|e| match e {
            SyncError::Store(e) => e.into(),
            folder => ApiError::Invalid {
                field: "articles_dir",
                message: folder.to_string(),
            },
        })?;
    Ok(HttpResponse::Ok().json(SyncSummary {
        added: report.added,
        updated: report.updated,
        unchanged: report.unchanged,
        problems: report
            .problems
            .into_iter()
            .map(|p| SyncProblemBody {
                file: p
                    .path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                reason: p.reason,
            })
            .collect(),
    }))
}
