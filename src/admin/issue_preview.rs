//! Previews of an issue as a reader gets it: the HTML part in a phone-wide and a desktop-wide
//! frame, and the plain-text part.
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::chrome::Chrome;
use super::error::{AdminError, AdminErrorKind};
use super::session::Editor;
use crate::digest::{Preview, preview_issue};
use crate::domain::Lang;
use crate::web::{AppState, render};

#[derive(Deserialize)]
pub struct PreviewQuery {
    lang: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/preview.html")]
struct PreviewPage {
    c: Chrome,
    id: i64,
    subject: String,
    lang: &'static str,
    text: String,
}

/// The issue's e-mail for the sample reader.
async fn rendered(
    editor: &Editor,
    state: &AppState,
    id: i64,
    lang: Lang,
) -> Result<Preview, AdminError> {
    preview_issue(&state.store, state.base_url.as_str(), id, lang)
        .await?
        .ok_or_else(|| editor.refuse(AdminErrorKind::NotFound))
}

fn lang_of(query: &PreviewQuery) -> Lang {
    query
        .lang
        .as_deref()
        .and_then(Lang::from_code)
        .unwrap_or(Lang::Fr)
}

#[tracing::instrument(name = "admin.preview", skip_all, fields(user_id = editor.user.user_id))]
pub async fn page(
    editor: Editor,
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
    query: web::Query<PreviewQuery>,
) -> Result<HttpResponse, AdminError> {
    let id = editor.path_id(&id)?;
    let lang = lang_of(&query);
    let Preview { subject, text, .. } = rendered(&editor, &state, id, lang).await?;
    Ok(render(
        StatusCode::OK,
        &PreviewPage {
            c: Chrome::new(&editor, &req, "issues"),
            id,
            subject,
            lang: lang.code(),
            text,
        },
    ))
}

/// `GET /admin/issues/{id}/preview.html`: the HTML part alone, for the preview frames. It
/// may run no script, whatever an article contains.
#[tracing::instrument(name = "admin.preview_html", skip_all, fields(user_id = editor.user.user_id))]
pub async fn html(
    editor: Editor,
    state: web::Data<AppState>,
    id: web::Path<String>,
    query: web::Query<PreviewQuery>,
) -> Result<HttpResponse, AdminError> {
    let id = editor.path_id(&id)?;
    let html = rendered(&editor, &state, id, lang_of(&query)).await?.html;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            "script-src 'none'; frame-ancestors 'self'",
        ))
        .body(html))
}
