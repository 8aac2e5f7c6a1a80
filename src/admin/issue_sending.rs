//! What an editor does to send an issue: a test, now, at a time (newsroom time), cancel; and
//! the JSON the issue page polls to show progress live.
use actix_web::{HttpResponse, web};
use chrono::{NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use super::chrome::issue_status;
use super::error::{AdminError, AdminErrorKind};
use super::issue_list::{CsrfForm, see_other};
use super::notice::Notice;
use super::session::Editor;
use crate::domain::Lang;
use crate::issues::{CancelOutcome, QueueOutcome, TestCopyError, TestRecipients};
use crate::web::AppState;

#[derive(Deserialize)]
pub struct TestForm {
    csrf: String,
    to: String,
    lang: Option<String>,
}

#[derive(Deserialize)]
pub struct ScheduleForm {
    csrf: String,
    /// `YYYY-MM-DDTHH:MM` as a `datetime-local` field sends it, in `CARAVAN_TIMEZONE`.
    send_at: String,
}

fn back(id: i64, notice: Notice) -> HttpResponse {
    see_other(format!("/admin/issues/{id}?notice={notice}#sending"))
}

/// The addresses of the test form: one per line, or separated by commas, semicolons or
/// spaces; `None` when any is not an address or there are none or too many.
fn test_recipients(raw: &str) -> Option<TestRecipients> {
    let addresses: Vec<&str> = raw
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|a| !a.is_empty())
        .collect();
    TestRecipients::parse(&addresses).ok()
}

#[tracing::instrument(name = "admin.test_send", skip_all, fields(user_id = editor.user.user_id))]
pub async fn test(
    editor: Editor,
    state: web::Data<AppState>,
    id: web::Path<String>,
    form: web::Form<TestForm>,
) -> Result<HttpResponse, AdminError> {
    editor.check_csrf(&form.csrf)?;
    let id = editor.path_id(&id)?;
    let Some(recipients) = test_recipients(&form.to) else {
        return Ok(back(id, Notice::TestBad));
    };
    let lang = form
        .lang
        .as_deref()
        .and_then(Lang::from_code)
        .unwrap_or(Lang::Fr);
    let queued = crate::issues::queue_test_copies(
        &state.store,
        state.base_url.as_str(),
        state.click_counts,
        &state.mail_from,
        id,
        &recipients,
        lang,
    )
    .await;
    match queued {
        Ok(n) => {
            tracing::info!(issue_id = id, copies = n, "test copies queued");
            state.outbox_wake.notify_one();
            Ok(back(id, Notice::TestSent))
        }
        Err(TestCopyError::NoIssue(_)) => Err(editor.refuse(AdminErrorKind::NotFound)),
        Err(e) => Err(AdminError::internal(e)),
    }
}

/// Queues a draft at `send_at` (`None`: now). A second click, or another editor's, finds it
/// queued already and changes nothing.
async fn queue(
    editor: &Editor,
    state: &AppState,
    id: i64,
    send_at: Option<chrono::DateTime<Utc>>,
    notice: Notice,
) -> Result<HttpResponse, AdminError> {
    match crate::issues::queue(&state.store, id, send_at).await? {
        QueueOutcome::Queued => Ok(back(id, notice)),
        QueueOutcome::Unknown => Err(editor.refuse(AdminErrorKind::NotFound)),
        QueueOutcome::AlreadyQueued(_) | QueueOutcome::Finished(_) => {
            Ok(back(id, Notice::AlreadyQueued))
        }
    }
}

#[tracing::instrument(name = "admin.queue_now", skip_all, fields(user_id = editor.user.user_id))]
pub async fn queue_now(
    editor: Editor,
    state: web::Data<AppState>,
    id: web::Path<String>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, AdminError> {
    editor.check_csrf(&form.csrf)?;
    let id = editor.path_id(&id)?;
    queue(&editor, &state, id, None, Notice::Queued).await
}

/// `POST /admin/issues/{id}/send-now`: a scheduled issue goes now instead.
#[tracing::instrument(name = "admin.send_now", skip_all, fields(user_id = editor.user.user_id))]
pub async fn send_now(
    editor: Editor,
    state: web::Data<AppState>,
    id: web::Path<String>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, AdminError> {
    editor.check_csrf(&form.csrf)?;
    let id = editor.path_id(&id)?;
    if state.store.send_queued_now(id).await? {
        tracing::info!(issue_id = id, "scheduled issue sent now");
        return Ok(back(id, Notice::Queued));
    }
    match state.store.issue_status(id).await? {
        None => Err(editor.refuse(AdminErrorKind::NotFound)),
        Some(_) => Ok(back(id, Notice::AlreadyQueued)),
    }
}

#[tracing::instrument(name = "admin.schedule", skip_all, fields(user_id = editor.user.user_id))]
pub async fn schedule(
    editor: Editor,
    state: web::Data<AppState>,
    id: web::Path<String>,
    form: web::Form<ScheduleForm>,
) -> Result<HttpResponse, AdminError> {
    editor.check_csrf(&form.csrf)?;
    let id = editor.path_id(&id)?;
    let raw = form.send_at.trim();
    let local = NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S"));
    // A time the clocks skip (a DST gap) has no instant: ask again rather than guess.
    let Some(at) = local.ok().and_then(|local| {
        state
            .timezone
            .from_local_datetime(&local)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
    }) else {
        return Ok(back(id, Notice::ScheduleBad));
    };
    if at <= Utc::now() {
        return Ok(back(id, Notice::SchedulePast));
    }
    queue(&editor, &state, id, Some(at), Notice::Scheduled).await
}

#[tracing::instrument(name = "admin.cancel", skip_all, fields(user_id = editor.user.user_id))]
pub async fn cancel(
    editor: Editor,
    state: web::Data<AppState>,
    id: web::Path<String>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, AdminError> {
    editor.check_csrf(&form.csrf)?;
    let id = editor.path_id(&id)?;
    match crate::issues::cancel(&state.store, id).await? {
        CancelOutcome::Cancelled { .. } => Ok(back(id, Notice::Cancelled)),
        CancelOutcome::Finished(_) => Ok(back(id, Notice::NotCancellable)),
        CancelOutcome::Unknown => Err(editor.refuse(AdminErrorKind::NotFound)),
    }
}

#[derive(Serialize)]
struct ProgressJson {
    status: String,
    status_label: &'static str,
    sent: i64,
    pending: i64,
    retrying: i64,
    bounced: i64,
    skipped: i64,
    failed: i64,
    done: i64,
    total: i64,
    rate: Option<String>,
}

/// `GET /admin/issues/{id}/progress.json`, polled by the issue page while it sends.
#[tracing::instrument(name = "admin.progress", skip_all, fields(user_id = editor.user.user_id))]
pub async fn progress(
    editor: Editor,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, AdminError> {
    let id = editor.path_id(&id)?;
    let progress = state
        .store
        .issue_progress(id)
        .await?
        .ok_or_else(|| editor.refuse(AdminErrorKind::NotFound))?;
    let c = &progress.counts;
    Ok(HttpResponse::Ok().json(ProgressJson {
        status_label: issue_status(editor.t, progress.status),
        status: progress.status.to_string(),
        sent: c.sent,
        pending: c.pending,
        retrying: c.retrying,
        bounced: c.bounced,
        skipped: c.skipped,
        failed: c.failed,
        done: progress.done(),
        total: progress.total(),
        rate: progress.rate(Utc::now()).map(|r| format!("{r:.0}")),
    }))
}

#[cfg(test)]
mod tests {
    use super::test_recipients;

    #[test]
    fn test_addresses_are_read_like_a_person_types_them() {
        let found = test_recipients("a@caravan.test, b@caravan.test\nc@caravan.test;").unwrap();
        assert_eq!(found.addresses().len(), 3);
        assert!(test_recipients("").is_none());
        assert!(test_recipients("a@caravan.test, not-an-address").is_none());
        let eleven = (0..11)
            .map(|n| format!("r{n}@caravan.test"))
            .collect::<Vec<_>>();
        assert!(test_recipients(&eleven.join(",")).is_none());
    }
}
