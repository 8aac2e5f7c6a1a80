//! What every signed-in page shows around its content: navigation, the account, the language
//! switch, the CSRF token for its forms, and the notice a previous action left.
use crate::store::IssueStatus;
use actix_web::HttpRequest;

use super::session::Editor;
use super::texts::AdminTexts;

pub struct Notice {
    pub text: &'static str,
    pub bad: bool,
}

pub struct Chrome {
    pub t: &'static AdminTexts,
    pub email: String,
    pub is_admin: bool,
    pub csrf: String,
    /// Which navigation entry is current: `dashboard`, `issues`, `readers`, `articles`, `users`,
    /// `audit`, `account`.
    pub section: &'static str,
    pub lang_href: String,
    pub notice: Option<Notice>,
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
            .and_then(|(_, code)| notice_text(editor.t, &code));
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

/// Actions redirect with `?notice=CODE`; only these codes are shown, so a link cannot make
/// the page say anything else.
fn notice_text(t: &'static AdminTexts, code: &str) -> Option<Notice> {
    let ok = |text| Some(Notice { text, bad: false });
    let bad = |text| Some(Notice { text, bad: true });
    match code {
        "saved" => ok(t.saved),
        "digest_built" => ok(t.digest_built),
        "digest_exists" => ok(t.digest_exists),
        "nothing_new" => bad(t.nothing_new),
        "letter_created" => ok(t.letter_created),
        "not_editable" => bad(t.not_editable),
        "subject_required" => bad(t.subject_required),
        "intro_bad" => bad(t.intro_bad),
        "unknown_article" => bad(t.unknown_article),
        "test_sent" => ok(t.test_sent),
        "test_bad" => bad(t.test_bad),
        "queued" => ok(t.queued),
        "scheduled" => ok(t.scheduled),
        "schedule_past" => bad(t.schedule_past),
        "schedule_bad" => bad(t.schedule_bad),
        "already_queued" => bad(t.already_queued),
        "cancelled" => ok(t.cancelled),
        "not_cancellable" => bad(t.not_cancellable),
        "reader_unsubscribed" => ok(t.reader_unsubscribed_notice),
        "reader_deleted" => ok(t.reader_deleted),
        "article_created" => ok(t.article_created),
        "user_added" => ok(t.user_added),
        "user_exists" => bad(t.user_exists),
        "user_bad_email" => bad(t.user_bad_email),
        "user_short_password" => bad(t.user_short_password),
        "user_deleted" => ok(t.user_deleted),
        "user_role_changed" => ok(t.user_role_changed),
        "last_admin" => bad(t.last_admin),
        "password_changed" => ok(t.password_changed),
        "password_wrong" => bad(t.password_wrong),
        "password_mismatch" => bad(t.password_mismatch),
        "password_short" => bad(t.user_short_password),
        "totp_enabled" => ok(t.totp_enabled),
        "totp_disabled" => ok(t.totp_disabled),
        "totp_wrong_code" => bad(t.totp_wrong_code),
        "totp_required" => bad(t.totp_required),
        "session_ended" => ok(t.session_ended),
        "sessions_ended" => ok(t.sessions_ended),
        "throttled" => bad(t.login_throttled),
        _ => None,
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
