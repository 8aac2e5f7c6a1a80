//! What mail servers reported about one reader, on their page: why the address is blocked
//! (a refusal for good, a complaint, an imported list), the reports one by one, and the
//! editor's "lift the block" (audited). Apart from `readers.rs`, which is the list and the
//! reader's history.
use actix_web::{HttpResponse, web};
use chrono_tz::Tz;

use super::chrome::local_time;
use super::error::{AdminError, AdminErrorKind};
use super::issue_list::{CsrfForm, see_other};
use super::notice::Notice;
use super::session::Editor;
use super::texts::AdminTexts;
use crate::store::{BounceEventRow, BounceKind, Subscriber};
use crate::web::AppState;

/// Why the address is blocked, and since when.
pub struct Suppression {
    pub reason: &'static str,
    pub since: String,
}

/// One report, as the page shows it.
pub struct EventLine {
    pub event: BounceEventRow,
    pub label: &'static str,
    pub when: String,
}

pub fn suppression(t: &AdminTexts, reader: &Subscriber, tz: Tz) -> Option<Suppression> {
    let reason = match reader.suppressed.as_deref()? {
        "complaint" => t.suppressed_complaint,
        "import" => t.suppressed_import,
        _ => t.suppressed_hard,
    };
    Some(Suppression {
        reason,
        since: reader
            .suppressed_at
            .map(|at| local_time(t, at, tz))
            .unwrap_or_default(),
    })
}

pub fn event_lines(t: &AdminTexts, events: Vec<BounceEventRow>, tz: Tz) -> Vec<EventLine> {
    events
        .into_iter()
        .map(|event| EventLine {
            label: match event.kind {
                BounceKind::Hard => t.event_hard,
                BounceKind::Soft => t.event_soft,
                BounceKind::Complaint => t.event_complaint,
                BounceKind::Delivered => t.event_delivered,
            },
            when: local_time(t, event.received_at, tz),
            event,
        })
        .collect()
}

/// `POST /admin/readers/{id}/lift`: the address may be mailed again.
#[tracing::instrument(name = "admin.reader_lift", skip_all, fields(user_id = editor.user.user_id))]
pub async fn lift(
    editor: Editor,
    state: web::Data<AppState>,
    id: web::Path<String>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, AdminError> {
    editor.check_csrf(&form.csrf)?;
    let id = editor.path_id(&id)?;
    if state.store.subscriber_by_id(id).await?.is_none() {
        return Err(editor.refuse(AdminErrorKind::NotFound));
    }
    state.store.lift_suppression(id, &editor.actor()).await?;
    tracing::info!(subscriber_id = id, "address block lifted by an editor");
    Ok(see_other(format!(
        "/admin/readers/{id}?notice={}",
        Notice::SuppressionLifted
    )))
}
