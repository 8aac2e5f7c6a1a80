//! Saving a draft from its page, and starting a blank letter.
use actix_web::{HttpResponse, web};

use super::error::{AdminError, AdminErrorKind};
use super::issue_list::{CsrfForm, see_other};
use super::notice::Notice;
use super::session::Editor;
use crate::domain::{issue_intro, issue_subject};
use crate::store::{DraftChanges, DraftEdit, NewLetter};
use crate::web::AppState;

/// The ticked articles (`article=ID`, repeated) in the order of their `pos_ID` numbers; ties
/// and blanks keep the order of the form.
fn ordered_articles(fields: &[(String, String)]) -> Option<Vec<i64>> {
    let mut chosen = Vec::new();
    for (index, (key, value)) in fields.iter().enumerate() {
        if key == "article" {
            let id: i64 = value.parse().ok()?;
            let position = fields
                .iter()
                .find(|(k, _)| *k == format!("pos_{id}"))
                .and_then(|(_, v)| v.trim().parse::<i64>().ok())
                .unwrap_or(i64::MAX);
            chosen.push((position, index, id));
        }
    }
    chosen.sort();
    Some(chosen.into_iter().map(|(_, _, id)| id).collect())
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// `POST /admin/issues/{id}`: subject, introduction and articles of a draft.
#[tracing::instrument(name = "admin.issue_save", skip_all, fields(user_id = editor.user.user_id))]
pub async fn save(
    editor: Editor,
    state: web::Data<AppState>,
    id: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AdminError> {
    let fields = form.into_inner();
    editor.check_csrf(field(&fields, "csrf").unwrap_or_default())?;
    let id = editor.path_id(&id)?;
    let back = |notice: Notice| see_other(format!("/admin/issues/{id}?notice={notice}"));
    let Ok(subject) = issue_subject(field(&fields, "subject").unwrap_or_default()) else {
        return Ok(back(Notice::SubjectRequired));
    };
    let article_ids =
        ordered_articles(&fields).ok_or_else(|| editor.refuse(AdminErrorKind::BadForm))?;
    let Ok(intro) = issue_intro(field(&fields, "intro").unwrap_or_default()) else {
        return Ok(back(Notice::IntroBad));
    };
    let changes = DraftChanges {
        subject,
        intro,
        article_ids: Some(article_ids),
    };
    match crate::issues::edit_draft(&state.store, id, &changes.into()).await? {
        DraftEdit::Updated => {
            tracing::info!(issue_id = id, "draft saved");
            Ok(back(Notice::Saved))
        }
        DraftEdit::NotFound => Err(editor.refuse(AdminErrorKind::NotFound)),
        DraftEdit::NotDraft => Err(editor.refuse(AdminErrorKind::NotEditable)),
        DraftEdit::UnknownArticles(_) => Ok(back(Notice::UnknownArticle)),
    }
}

/// `POST /admin/issues/new`: a blank letter, opened for editing.
#[tracing::instrument(name = "admin.new_letter", skip_all, fields(user_id = editor.user.user_id))]
pub async fn new_letter(
    editor: Editor,
    state: web::Data<AppState>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, AdminError> {
    editor.check_csrf(&form.csrf)?;
    let changes = DraftChanges {
        subject: editor.t.new_letter_subject.to_owned(),
        intro: None,
        article_ids: Some(Vec::new()),
    };
    match crate::issues::create_letter(&state.store, &changes).await? {
        NewLetter::Created(id) => Ok(see_other(format!(
            "/admin/issues/{id}?notice={}",
            Notice::LetterCreated
        ))),
        NewLetter::UnknownArticles(_) => Err(editor.refuse(AdminErrorKind::BadForm)),
    }
}

#[cfg(test)]
mod tests {
    use super::ordered_articles;

    fn pairs(raw: &[(&str, &str)]) -> Vec<(String, String)> {
        raw.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn ticked_articles_follow_their_numbers() {
        let fields = pairs(&[
            ("article", "7"),
            ("pos_7", "3"),
            ("pos_8", "1"),
            ("article", "9"),
            ("pos_9", "1"),
            ("article", "4"),
            ("pos_4", ""),
        ]);
        assert_eq!(
            ordered_articles(&fields),
            Some(vec![9, 7, 4]),
            "8 is not ticked"
        );
        assert_eq!(ordered_articles(&pairs(&[("article", "x")])), None);
    }
}
