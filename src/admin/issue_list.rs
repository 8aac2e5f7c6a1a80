//! `GET /admin/issues` and the two ways to start one: this week's digest, or a blank letter.
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;

use super::chrome::{Chrome, issue_status, local_time};
use super::error::AdminError;
use super::notice::Notice;
use super::session::Editor;
use crate::digest::{DigestOutcome, build_digest};
use crate::store::IssueRow;
use crate::web::{AppState, render};

const PAGE: i64 = 30;

struct Line {
    issue: IssueRow,
    status_label: &'static str,
    when: String,
}

#[derive(Template)]
#[template(path = "admin/issues.html")]
struct IssuesPage {
    c: Chrome,
    lines: Vec<Line>,
    older: Option<i64>,
}

#[derive(Deserialize)]
pub struct ListQuery {
    before: Option<i64>,
}

#[derive(Deserialize)]
pub struct CsrfForm {
    pub csrf: String,
}

pub fn see_other(location: String) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}

#[tracing::instrument(name = "admin.issues", skip_all, fields(user_id = editor.user.user_id))]
pub async fn list(
    editor: Editor,
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AdminError> {
    let t = editor.t;
    let issues = state.store.issues_page(query.before, PAGE).await?;
    let older = (issues.len() as i64 == PAGE)
        .then(|| issues.last().map(|i| i.id))
        .flatten();
    let lines = issues
        .into_iter()
        .map(|issue| Line {
            status_label: issue_status(t, issue.status),
            when: local_time(t, issue.sent_at.unwrap_or(issue.created_at), state.timezone),
            issue,
        })
        .collect();
    Ok(render(
        StatusCode::OK,
        &IssuesPage {
            c: Chrome::new(&editor, &req, "issues"),
            lines,
            older,
        },
    ))
}

/// `POST /admin/issues/digest`: builds this week's digest (or finds it) and opens it.
#[tracing::instrument(name = "admin.build_digest", skip_all, fields(user_id = editor.user.user_id))]
pub async fn build(
    editor: Editor,
    state: web::Data<AppState>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, AdminError> {
    editor.check_csrf(&form.csrf)?;
    let outcome = build_digest(&state.store, Utc::now(), state.timezone).await?;
    Ok(see_other(match outcome {
        DigestOutcome::Built(id) => format!("/admin/issues/{id}?notice={}", Notice::DigestBuilt),
        DigestOutcome::AlreadyBuilt(id) => {
            format!("/admin/issues/{id}?notice={}", Notice::DigestExists)
        }
        DigestOutcome::NothingNew => format!("/admin/issues?notice={}", Notice::NothingNew),
    }))
}
