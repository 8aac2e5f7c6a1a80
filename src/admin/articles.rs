//! `/admin/articles`: what the digest can carry, and re-reading the articles folder.
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::chrome::{Chrome, topic_names};
use super::error::AdminError;
use super::issue_list::CsrfForm;
use super::session::Editor;
use crate::articles::{SyncError, sync_folder};
use crate::store::ArticleRow;
use crate::web::{AppState, render};

/// What the last re-read found, shown above the list.
pub struct SyncSummary {
    added: usize,
    updated: usize,
    problems: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "admin/articles.html")]
struct ArticlesPage {
    c: Chrome,
    articles: Vec<ArticleRow>,
    synced: Option<SyncSummary>,
    folder_error: Option<String>,
}

impl ArticlesPage {
    fn topics_of(&self, article: &ArticleRow) -> String {
        topic_names(self.c.t, &article.topics.0)
    }
}

async fn page(
    editor: &Editor,
    req: &HttpRequest,
    state: &AppState,
    synced: Option<SyncSummary>,
    folder_error: Option<String>,
) -> Result<HttpResponse, AdminError> {
    let articles = state.store.list_articles().await?;
    let status = match folder_error {
        Some(_) => StatusCode::UNPROCESSABLE_ENTITY,
        None => StatusCode::OK,
    };
    Ok(render(
        status,
        &ArticlesPage {
            c: Chrome::new(editor, req, "articles"),
            articles,
            synced,
            folder_error,
        },
    ))
}

#[tracing::instrument(name = "admin.articles", skip_all, fields(user_id = editor.user.user_id))]
pub async fn list(
    editor: Editor,
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AdminError> {
    page(&editor, &req, &state, None, None).await
}

/// `POST /admin/articles/sync`: the same sync as `caravan articles sync`; a broken file is
/// listed with its reason while the others load.
#[tracing::instrument(name = "admin.articles_sync", skip_all, fields(user_id = editor.user.user_id))]
pub async fn sync(
    editor: Editor,
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, AdminError> {
    editor.check_csrf(&form.csrf)?;
    match sync_folder(&state.store, &state.articles_dir).await {
        Ok(report) => {
            let summary = SyncSummary {
                added: report.added.len(),
                updated: report.updated.len(),
                problems: report
                    .problems
                    .iter()
                    .map(|p| (p.path.display().to_string(), p.reason.clone()))
                    .collect(),
            };
            page(&editor, &req, &state, Some(summary), None).await
        }
        Err(SyncError::Store(e)) => Err(e.into()),
        Err(folder) => page(&editor, &req, &state, None, Some(folder.to_string())).await,
    }
}
