//! `/admin/readers/import`: a CSV file uploaded from the browser, imported all or nothing,
//! with a summary of what was added, already known, or every line refused and why. Admins
//! only: imported readers are confirmed without a confirmation e-mail, or a suppression list.
use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use futures_util::StreamExt;

use super::chrome::Chrome;
use super::error::{AdminError, AdminErrorKind};
use super::session::{Admin, Editor};
use super::texts::AdminTexts;
use crate::subscriptions::{RejectedRow, RowProblem, parse_readers_csv};
use crate::web::{AppState, render};

/// The largest file accepted: about 500,000 readers, like the API.
pub const MAX_IMPORT_BYTES: usize = 32 * 1024 * 1024;

#[derive(Template)]
#[template(path = "admin/import.html")]
struct ImportPage {
    c: Chrome,
    outcome: Outcome,
}

enum Outcome {
    Form,
    NoFile,
    Imported {
        added: u64,
        known: u64,
    },
    /// Each refused line: its number, what is wrong (in the editor's language), the value.
    Refused(Vec<(u64, &'static str, String)>),
}

fn row_problem(t: &AdminTexts, row: &RejectedRow) -> (u64, &'static str, String) {
    let what = match row.problem {
        RowProblem::Unreadable => t.row_unreadable,
        RowProblem::Email => t.row_email,
        RowProblem::Name => t.row_name,
        RowProblem::Lang => t.row_lang,
        RowProblem::Status => t.row_status,
        RowProblem::Topics => t.row_topics,
    };
    (row.line, what, row.value.clone())
}

#[tracing::instrument(name = "admin.import_form", skip_all, fields(user_id = admin.0.user.user_id))]
pub async fn form(admin: Admin, req: HttpRequest) -> HttpResponse {
    render(
        StatusCode::OK,
        &ImportPage {
            c: Chrome::new(&admin.0, &req, "readers"),
            outcome: Outcome::Form,
        },
    )
}

/// The form's `csrf` text and `file` bytes; anything past the limit is refused.
async fn read_form(
    editor: &Editor,
    mut multipart: Multipart,
) -> Result<(String, Vec<u8>), AdminError> {
    let (mut csrf, mut file) = (String::new(), Vec::new());
    let mut total = 0usize;
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(|_| editor.refuse(AdminErrorKind::BadForm))?;
        let name = field.name().unwrap_or_default().to_owned();
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|_| editor.refuse(AdminErrorKind::BadForm))?;
            total += chunk.len();
            if total > MAX_IMPORT_BYTES {
                return Err(editor.refuse(AdminErrorKind::BadForm));
            }
            bytes.extend_from_slice(&chunk);
        }
        match name.as_str() {
            "csrf" => csrf = String::from_utf8(bytes).unwrap_or_default(),
            "file" => file = bytes,
            _ => {}
        }
    }
    Ok((csrf, file))
}

#[tracing::instrument(name = "admin.import", skip_all, fields(user_id = admin.0.user.user_id))]
pub async fn import(
    admin: Admin,
    req: HttpRequest,
    state: web::Data<AppState>,
    multipart: Multipart,
) -> Result<HttpResponse, AdminError> {
    let editor = admin.0;
    let (csrf, file) = read_form(&editor, multipart).await?;
    editor.check_csrf(&csrf)?;
    let (status, outcome) = if file.is_empty() {
        (StatusCode::UNPROCESSABLE_ENTITY, Outcome::NoFile)
    } else {
        let (readers, rejected) = parse_readers_csv(&file);
        if rejected.is_empty() {
            let added = state
                .store
                .import_confirmed_by(&readers, &editor.actor())
                .await?;
            tracing::info!(
                added,
                lines = readers.len(),
                "readers imported from the admin"
            );
            let known = readers.len() as u64 - added;
            (StatusCode::OK, Outcome::Imported { added, known })
        } else {
            let rows = rejected.iter().map(|r| row_problem(editor.t, r)).collect();
            (StatusCode::UNPROCESSABLE_ENTITY, Outcome::Refused(rows))
        }
    };
    Ok(render(
        status,
        &ImportPage {
            c: Chrome::new(&editor, &req, "readers"),
            outcome,
        },
    ))
}
