//! `/admin/articles/{slug}/correction`: an editor publishes a correction on an article. The
//! page says, before anything is sent, how many readers the letter will reach; publishing
//! leads to the correction letter's own page (it goes out within the hour, or at once from
//! there).
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::chrome::Chrome;
use super::error::{AdminError, AdminErrorKind};
use super::issue_list::see_other;
use super::notice::Notice;
use super::session::Editor;
use crate::corrections::{CorrectionError, Note, publish};
use crate::store::ArticleCorrection;
use crate::web::{AppState, render};

#[derive(Template)]
#[template(path = "admin/article_correction.html")]
struct CorrectionPage {
    c: Chrome,
    slug: String,
    title: String,
    notes: Vec<ArticleCorrection>,
    readers: i64,
    note: String,
    error: Option<&'static str>,
}

#[derive(Deserialize)]
pub struct CorrectionForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    note: String,
}

/// The page, with what was typed and what is wrong with it when it comes back.
async fn page(
    editor: &Editor,
    req: &HttpRequest,
    state: &AppState,
    slug: &str,
    note: String,
    error: Option<&'static str>,
) -> Result<HttpResponse, AdminError> {
    if !crate::articles::is_slug(slug) {
        return Err(editor.refuse(AdminErrorKind::NotFound));
    }
    let (id, title, notes) = state
        .store
        .article_corrections(slug)
        .await?
        .ok_or_else(|| editor.refuse(AdminErrorKind::NotFound))?;
    let (_, readers) = crate::corrections::audience(&state.store, id).await?;
    let status = match error {
        Some(_) => StatusCode::UNPROCESSABLE_ENTITY,
        None => StatusCode::OK,
    };
    Ok(render(
        status,
        &CorrectionPage {
            c: Chrome::new(editor, req, "articles"),
            slug: slug.to_owned(),
            title,
            notes,
            readers,
            note,
            error,
        },
    ))
}

#[tracing::instrument(name = "admin.correction_form", skip_all, fields(user_id = editor.user.user_id))]
pub async fn form(
    editor: Editor,
    req: HttpRequest,
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> Result<HttpResponse, AdminError> {
    page(&editor, &req, &state, &slug, String::new(), None).await
}

#[tracing::instrument(name = "admin.correction_publish", skip_all, fields(user_id = editor.user.user_id))]
pub async fn publish_form(
    editor: Editor,
    req: HttpRequest,
    state: web::Data<AppState>,
    slug: web::Path<String>,
    form: web::Form<CorrectionForm>,
) -> Result<HttpResponse, AdminError> {
    let form = form.into_inner();
    editor.check_csrf(&form.csrf)?;
    let t = editor.t;
    let note = match Note::parse(&form.note) {
        Ok(note) => note,
        Err(CorrectionError::EmptyNote) => {
            return page(
                &editor,
                &req,
                &state,
                &slug,
                form.note,
                Some(t.correction_empty),
            )
            .await;
        }
        Err(_) => {
            return page(
                &editor,
                &req,
                &state,
                &slug,
                form.note,
                Some(t.correction_bad),
            )
            .await;
        }
    };
    let published = match publish(&state.store, &state.articles_dir, &slug, &note, false).await {
        Ok(published) => published,
        Err(CorrectionError::NoArticle(_)) => return Err(editor.refuse(AdminErrorKind::NotFound)),
        Err(e) => return Err(AdminError::internal(e)),
    };
    let letter = published.recorded.and_then(|r| r.letter_issue_id);
    Ok(see_other(match letter {
        Some(letter) => format!("/admin/issues/{letter}?notice={}", Notice::CorrectionQueued),
        None => format!("/admin/articles?notice={}", Notice::CorrectionNoReaders),
    }))
}
