//! `/admin/welcome`: the welcome e-mail's body in French and English, edited like an issue's
//! introduction. Under it, readers get the latest letter's stories for their topics.
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::chrome::Chrome;
use super::error::{AdminError, AdminErrorKind};
use super::issue_list::see_other;
use super::notice::Notice;
use super::session::Editor;
use crate::domain::{Lang, issue_intro};
use crate::web::{AppState, render};
use crate::welcome::{welcome_body, welcome_key};

#[derive(Template)]
#[template(path = "admin/welcome.html")]
struct WelcomePage {
    c: Chrome,
    body_fr: String,
    body_en: String,
}

#[derive(Deserialize)]
pub struct WelcomeForm {
    csrf: String,
    body_fr: String,
    body_en: String,
}

#[tracing::instrument(name = "admin.welcome", skip_all, fields(user_id = editor.user.user_id))]
pub async fn show(
    editor: Editor,
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AdminError> {
    Ok(render(
        StatusCode::OK,
        &WelcomePage {
            c: Chrome::new(&editor, &req, "issues"),
            body_fr: welcome_body(&state.store, Lang::Fr).await?,
            body_en: welcome_body(&state.store, Lang::En).await?,
        },
    ))
}

/// `POST /admin/welcome`: both bodies; one left empty goes back to the default text.
#[tracing::instrument(name = "admin.welcome_save", skip_all, fields(user_id = editor.user.user_id))]
pub async fn save(
    editor: Editor,
    state: web::Data<AppState>,
    form: web::Form<WelcomeForm>,
) -> Result<HttpResponse, AdminError> {
    editor.check_csrf(&form.csrf)?;
    for (lang, raw) in [(Lang::Fr, &form.body_fr), (Lang::En, &form.body_en)] {
        let body = issue_intro(raw).map_err(|_| editor.refuse(AdminErrorKind::BadForm))?;
        let body = body.unwrap_or_else(|| crate::i18n::texts(lang).welcome.default_body.to_owned());
        state.store.set_setting(&welcome_key(lang), &body).await?;
    }
    tracing::info!("welcome e-mail edited");
    Ok(see_other(format!(
        "/admin/welcome?notice={}",
        Notice::Saved
    )))
}
