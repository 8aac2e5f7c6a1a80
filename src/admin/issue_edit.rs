//! Saving a draft from its page, and starting a blank letter.
use actix_web::{HttpResponse, web};

use super::error::{AdminError, AdminErrorKind};
use super::issue_list::{CsrfForm, see_other};
use super::issue_page::issue_id;
use super::session::Editor;
use crate::store::{DraftChanges, DraftEdit, MAX_SUBJECT_CHARS, NewLetter};
use crate::web::AppState;

/// The subject as typed, if it is one: not blank, not too long.
fn subject_of(raw: &str) -> Option<String> {
    // Line breaks are white space, folded below; other control characters are refused.
    if crate::domain::has_control_characters(raw, true) {
        return None;
    }
    let subject = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    (!subject.is_empty() && subject.chars().count() <= MAX_SUBJECT_CHARS).then_some(subject)
}

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
    let id = issue_id(&editor, &id)?;
    let back = |notice: &str| see_other(format!("/admin/issues/{id}?notice={notice}"));
    let Some(subject) = subject_of(field(&fields, "subject").unwrap_or_default()) else {
        return Ok(back("subject_required"));
    };
    let article_ids =
        ordered_articles(&fields).ok_or_else(|| editor.refuse(AdminErrorKind::BadForm))?;
    if crate::domain::has_control_characters(field(&fields, "intro").unwrap_or_default(), true) {
        return Ok(back("intro_bad"));
    }
    let intro = field(&fields, "intro")
        .map(|i| i.replace("\r\n", "\n").trim().to_owned())
        .filter(|i| !i.is_empty());
    let changes = DraftChanges {
        subject,
        intro,
        article_ids: Some(article_ids),
    };
    match state
        .store
        .update_draft(id, &changes)
        .await
        .map_err(|e| editor.fail(e))?
    {
        DraftEdit::Updated => {
            tracing::info!(issue_id = id, "draft saved");
            Ok(back("saved"))
        }
        DraftEdit::NotFound => Err(editor.refuse(AdminErrorKind::NotFound)),
        DraftEdit::NotDraft => Err(editor.refuse(AdminErrorKind::NotEditable)),
        DraftEdit::UnknownArticles(_) => Ok(back("unknown_article")),
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
    match state
        .store
        .create_letter(&changes)
        .await
        .map_err(|e| editor.fail(e))?
    {
        NewLetter::Created(id) => Ok(see_other(format!(
            "/admin/issues/{id}?notice=letter_created"
        ))),
        NewLetter::UnknownArticles(_) => Err(editor.refuse(AdminErrorKind::BadForm)),
    }
}

#[cfg(test)]
mod tests {
    use super::{ordered_articles, subject_of};

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

    #[test]
    fn a_subject_is_one_line_and_not_empty() {
        assert_eq!(
            subject_of("  Semaine 48 :\n  Khiva "),
            Some("Semaine 48 : Khiva".into())
        );
        assert_eq!(subject_of("   "), None);
        assert_eq!(subject_of(&"é".repeat(201)), None);
    }
}
