//! What every signed-in page shows around its content: navigation, the account, the language
//! switch, the CSRF token for its forms, and the notice a previous action left.
use crate::store::IssueStatus;
use actix_web::HttpRequest;

use super::notice::{Notice, NoticeLine};
use super::session::Editor;
use super::texts::AdminTexts;

pub struct Chrome {
    pub t: &'static AdminTexts,
    pub email: String,
    pub is_admin: bool,
    pub csrf: String,
    /// Which navigation entry is current: `dashboard`, `issues`, `readers`, `articles`, `users`,
    /// `audit`, `account`.
    pub section: &'static str,
    pub lang_href: String,
    pub notice: Option<NoticeLine>,
}

impl Chrome {
    pub fn new(editor: &Editor, req: &HttpRequest, section: &'static str) -> Self {
        let here = match req.query_string() {
            "" => req.path().to_owned(),
            query => format!("{}?{query}", req.path()),
        };
        let lang_href = format!(
            "/admin/lang?to={}&back={}",
            editor.t.other_lang_code,
            url::form_urlencoded::byte_serialize(here.as_bytes()).collect::<String>()
        );
        let notice = url::form_urlencoded::parse(req.query_string().as_bytes())
            .find(|(k, _)| k == "notice")
            .and_then(|(_, code)| Notice::from_code(&code))
            .map(|notice| notice.line(editor.t));
        Self {
            t: editor.t,
            email: editor.user.email.clone(),
            is_admin: editor.is_admin(),
            csrf: editor.user.csrf_token.clone(),
            section,
            lang_href,
            notice,
        }
    }
}

/// A local date and time as the editor reads it.
pub fn local_time(t: &AdminTexts, at: chrono::DateTime<chrono::Utc>, tz: chrono_tz::Tz) -> String {
    let local = at.with_timezone(&tz);
    match t.lang_code {
        "fr" => local.format("%d/%m/%Y %H:%M").to_string(),
        _ => local.format("%Y-%m-%d %H:%M").to_string(),
    }
}

/// The label of an issue status.
pub fn issue_status(t: &AdminTexts, status: IssueStatus) -> &'static str {
    match status {
        IssueStatus::Draft => t.status_draft,
        IssueStatus::Queued => t.status_queued,
        IssueStatus::Sending => t.status_sending,
        IssueStatus::Sent => t.status_sent,
        IssueStatus::Cancelled => t.status_cancelled,
    }
}

/// Topic slugs as the editor reads them: their names, in the editor's language.
pub fn topic_names(t: &AdminTexts, slugs: &[String]) -> String {
    let lang = crate::domain::Lang::from_code(t.lang_code).unwrap_or_default();
    let catalogue = crate::topics::catalogue();
    slugs
        .iter()
        .map(|slug| match catalogue.index_of(slug) {
            Some(index) => catalogue.topic(index).name(lang).to_owned(),
            None => slug.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}
