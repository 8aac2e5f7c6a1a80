//! `POST /admin/readers/{id}/topics`: an editor sets a reader's topics (at the reader's
//! request, by mail or phone), audited. The form is the reader page's check boxes.
use actix_web::{HttpResponse, web};

use super::error::{AdminError, AdminErrorKind};
use super::issue_list::see_other;
use super::notice::Notice;
use super::session::Editor;
use crate::topics::{ChoiceError, TopicChoice};
use crate::web::{AppState, parse_form};

#[tracing::instrument(name = "admin.reader_topics", skip_all, fields(user_id = editor.user.user_id))]
pub async fn save(
    editor: Editor,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, AdminError> {
    let pairs = parse_form(&body).map_err(|_| editor.refuse(AdminErrorKind::BadForm))?;
    let csrf = pairs
        .iter()
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.as_str())
        .unwrap_or_default();
    editor.check_csrf(csrf)?;
    let id = editor.path_id(&id)?;
    let slugs: Vec<&str> = pairs
        .iter()
        .filter(|(k, _)| k == "topics")
        .map(|(_, v)| v.as_str())
        .collect();
    let notice = match TopicChoice::from_slugs(&slugs) {
        Ok(choice) => {
            if !state
                .store
                .set_reader_topics(id, choice, Some(&editor.actor()))
                .await?
            {
                return Err(editor.refuse(AdminErrorKind::NotFound));
            }
            tracing::info!(subscriber_id = id, "reader's topics set by an editor");
            Notice::ReaderTopicsSaved
        }
        Err(ChoiceError::Empty) => Notice::ReaderTopicsEmpty,
        Err(ChoiceError::Unknown(_)) => return Err(editor.refuse(AdminErrorKind::BadForm)),
    };
    Ok(see_other(format!("/admin/readers/{id}?notice={notice}")))
}
