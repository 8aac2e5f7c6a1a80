//! `/admin/audit`, for admins only: the audit log newest first, 50 entries a page (keyset on
//! the id, like `/admin/readers`), filtered by action.
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::chrome::{Chrome, local_time};
use super::error::AdminError;
use super::session::Admin;
use super::texts::AdminTexts;
use crate::store::{AuditAction, AuditRow};
use crate::web::{AppState, render};

const PAGE: i64 = 50;

#[derive(Deserialize)]
pub struct AuditQuery {
    action: Option<String>,
    before: Option<i64>,
}

struct Line {
    entry: AuditRow,
    when: String,
    /// The account's e-mail, the token's name, or what stands for the command line.
    who: String,
    what: &'static str,
}

/// One choice of the action filter.
struct Choice {
    code: &'static str,
    label: &'static str,
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    c: Chrome,
    lines: Vec<Line>,
    choices: Vec<Choice>,
    action: String,
    older_href: Option<String>,
}

fn label(t: &AdminTexts, action: AuditAction) -> &'static str {
    match action {
        AuditAction::SignIn => t.audit_sign_in,
        AuditAction::SignInFailed => t.audit_sign_in_failed,
        AuditAction::Export => t.audit_export,
        AuditAction::Import => t.audit_import,
        AuditAction::Erase => t.audit_erase,
        AuditAction::UnsubscribeReader => t.audit_unsubscribe,
        AuditAction::LiftSuppression => t.audit_lift_suppression,
        AuditAction::ReaderTopics => t.audit_reader_topics,
        AuditAction::RoleChange => t.audit_role_change,
        AuditAction::AccountAdded => t.audit_account_added,
        AuditAction::AccountDeleted => t.audit_account_deleted,
    }
}

fn who(t: &AdminTexts, entry: &AuditRow) -> String {
    match entry.actor_kind.as_str() {
        "account" => entry.actor_name.clone(),
        "token" => format!("{} « {} »", t.audit_token, entry.actor_name),
        "cli" => t.audit_cli.to_owned(),
        "reader" => t.audit_reader.to_owned(),
        _ => t.audit_unknown.to_owned(),
    }
}

fn older_href(action: Option<AuditAction>, before: i64) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    if let Some(action) = action {
        query.append_pair("action", action.as_str());
    }
    query.append_pair("before", &before.to_string());
    format!("/admin/audit?{}", query.finish())
}

/// `GET /admin/audit?action=&before=`: an unknown action is ignored (shows every entry).
#[tracing::instrument(name = "admin.audit", skip_all, fields(user_id = admin.0.user.user_id))]
pub async fn list(
    admin: Admin,
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, AdminError> {
    let editor = &admin.0;
    let t = editor.t;
    let action = query.action.as_deref().and_then(AuditAction::from_code);
    let entries = state.store.audit_page(action, query.before, PAGE).await?;
    let older_href = (entries.len() as i64 == PAGE)
        .then(|| entries.last().map(|e| older_href(action, e.id)))
        .flatten();
    let lines = entries
        .into_iter()
        .map(|entry| Line {
            when: local_time(t, entry.at, state.timezone),
            who: who(t, &entry),
            what: label(t, entry.action),
            entry,
        })
        .collect();
    let choices = AuditAction::ALL
        .into_iter()
        .map(|a| Choice {
            code: a.as_str(),
            label: label(t, a),
        })
        .collect();
    Ok(render(
        StatusCode::OK,
        &AuditPage {
            c: Chrome::new(editor, &req, "audit"),
            lines,
            choices,
            action: action.map(|a| a.as_str().to_owned()).unwrap_or_default(),
            older_href,
        },
    ))
}
