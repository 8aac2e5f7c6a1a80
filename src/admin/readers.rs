//! `/admin/readers`: search and filter page by page (keyset on the id, fast at a million
//! rows), one reader's history, unsubscribe or erase, and the CSV export. Editors search,
//! read and unsubscribe; erasing and exporting are for admins ([`Admin`]), and audited.
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use futures_util::StreamExt;
use serde::Deserialize;

use super::chrome::{Chrome, local_time};
use super::error::{AdminError, AdminErrorKind};
use super::issue_list::{CsrfForm, see_other};
use super::notice::Notice;
use super::session::{Admin, Editor};
use super::texts::AdminTexts;
use crate::store::{
    DeliveryStatus, ReaderDelivery, Subscriber, SubscriberFilter, SubscriberStatus,
};
use crate::web::{AppState, render};

const PAGE: i64 = 50;
const HISTORY: i64 = 100;

#[derive(Deserialize)]
pub struct ListQuery {
    q: Option<String>,
    status: Option<String>,
    before: Option<i64>,
}

struct Line {
    reader: Subscriber,
    status: &'static str,
    status_label: &'static str,
    since: String,
}

#[derive(Template)]
#[template(path = "admin/readers.html")]
struct ReadersPage {
    c: Chrome,
    lines: Vec<Line>,
    q: String,
    status: String,
    older_href: Option<String>,
    /// Only admins see the export and import links.
    export_href: Option<String>,
}

struct HistoryLine {
    delivery: ReaderDelivery,
    label: &'static str,
    when: String,
}

#[derive(Template)]
#[template(path = "admin/reader.html")]
struct ReaderPage {
    c: Chrome,
    reader: Subscriber,
    status: &'static str,
    status_label: &'static str,
    created: String,
    confirmed: Option<String>,
    unsubscribed: Option<String>,
    history: Vec<HistoryLine>,
    suppression: Option<super::reader_bounces::Suppression>,
    events: Vec<super::reader_bounces::EventLine>,
    /// Their topics as check boxes, named in the editor's language.
    topics: crate::subscriptions::TopicBoxes,
    every_topic: bool,
    paused: Option<String>,
}

fn status_label(t: &AdminTexts, status: SubscriberStatus) -> &'static str {
    match status {
        SubscriberStatus::Pending => t.reader_pending,
        SubscriberStatus::Confirmed => t.reader_confirmed,
        SubscriberStatus::Unsubscribed => t.reader_unsubscribed,
    }
}

fn delivery_label(t: &AdminTexts, status: DeliveryStatus) -> &'static str {
    match status {
        DeliveryStatus::Pending => t.delivery_pending,
        DeliveryStatus::Retrying => t.delivery_retrying,
        DeliveryStatus::Sent => t.delivery_sent,
        DeliveryStatus::Bounced => t.delivery_bounced,
        DeliveryStatus::Skipped => t.delivery_skipped,
        DeliveryStatus::Failed => t.delivery_failed,
    }
}

/// The filter of a list or export query; an unknown status is ignored (shows everyone).
fn filter_of(q: Option<&str>, status: Option<&str>) -> SubscriberFilter {
    SubscriberFilter {
        status: status.and_then(|s| s.parse().ok()),
        search: q
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(str::to_owned),
    }
}

fn query_string(filter: &SubscriberFilter, before: Option<i64>) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    if let Some(q) = &filter.search {
        query.append_pair("q", q);
    }
    if let Some(status) = &filter.status {
        query.append_pair("status", status.as_str());
    }
    if let Some(before) = before {
        query.append_pair("before", &before.to_string());
    }
    query.finish()
}

#[tracing::instrument(name = "admin.readers", skip_all, fields(user_id = editor.user.user_id))]
pub async fn list(
    editor: Editor,
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AdminError> {
    let t = editor.t;
    let filter = filter_of(query.q.as_deref(), query.status.as_deref());
    let readers = state
        .store
        .subscribers_page(&filter, query.before, PAGE)
        .await?;
    let older_href = (readers.len() as i64 == PAGE)
        .then(|| readers.last().map(|r| r.id))
        .flatten()
        .map(|before| format!("/admin/readers?{}", query_string(&filter, Some(before))));
    let lines = readers
        .into_iter()
        .map(|reader| Line {
            status: reader.status.as_str(),
            status_label: status_label(t, reader.status),
            since: local_time(t, reader.created_at, state.timezone),
            reader,
        })
        .collect();
    Ok(render(
        StatusCode::OK,
        &ReadersPage {
            c: Chrome::new(&editor, &req, "readers"),
            lines,
            q: filter.search.clone().unwrap_or_default(),
            status: filter
                .status
                .map(SubscriberStatus::as_str)
                .unwrap_or_default()
                .to_owned(),
            older_href,
            export_href: editor
                .is_admin()
                .then(|| format!("/admin/readers/export.csv?{}", query_string(&filter, None))),
        },
    ))
}

#[tracing::instrument(name = "admin.reader", skip_all, fields(user_id = editor.user.user_id))]
pub async fn show(
    editor: Editor,
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, AdminError> {
    let t = editor.t;
    let tz = state.timezone;
    let id = editor.path_id(&id)?;
    let reader = state
        .store
        .subscriber_by_id(id)
        .await?
        .ok_or_else(|| editor.refuse(AdminErrorKind::NotFound))?;
    let history = state
        .store
        .reader_history(id, HISTORY)
        .await?
        .into_iter()
        .map(|delivery| HistoryLine {
            label: delivery_label(t, delivery.status),
            when: delivery
                .sent_at
                .map(|at| local_time(t, at, tz))
                .unwrap_or_default(),
            delivery,
        })
        .collect();
    let events = state.store.bounce_events_of(id).await?;
    Ok(render(
        StatusCode::OK,
        &ReaderPage {
            suppression: super::reader_bounces::suppression(t, &reader, tz),
            events: super::reader_bounces::event_lines(t, events, tz),
            c: Chrome::new(&editor, &req, "readers"),
            status: reader.status.as_str(),
            status_label: status_label(t, reader.status),
            created: local_time(t, reader.created_at, tz),
            confirmed: reader.confirmed_at.map(|at| local_time(t, at, tz)),
            unsubscribed: reader.unsubscribed_at.map(|at| local_time(t, at, tz)),
            history,
            topics: crate::subscriptions::TopicBoxes::of(
                crate::domain::Lang::from_code(t.lang_code).unwrap_or_default(),
                reader.topics,
            ),
            every_topic: reader.topics == crate::topics::TopicChoice::Every,
            paused: reader
                .paused_until
                .filter(|until| *until > crate::store::now())
                .map(|until| local_time(t, until, tz)),
            reader,
        },
    ))
}

#[tracing::instrument(name = "admin.reader_unsubscribe", skip_all, fields(user_id = editor.user.user_id))]
pub async fn unsubscribe(
    editor: Editor,
    state: web::Data<AppState>,
    id: web::Path<String>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, AdminError> {
    editor.check_csrf(&form.csrf)?;
    let id = editor.path_id(&id)?;
    match state.store.unsubscribe_reader(id, &editor.actor()).await? {
        crate::store::UnsubscribeOutcome::Unknown => Err(editor.refuse(AdminErrorKind::NotFound)),
        _ => {
            tracing::info!(subscriber_id = id, "reader unsubscribed by an editor");
            Ok(see_other(format!(
                "/admin/readers/{id}?notice={}",
                Notice::ReaderUnsubscribed
            )))
        }
    }
}

#[tracing::instrument(name = "admin.reader_delete", skip_all, fields(user_id = admin.0.user.user_id))]
pub async fn delete(
    admin: Admin,
    state: web::Data<AppState>,
    id: web::Path<String>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, AdminError> {
    let editor = &admin.0;
    editor.check_csrf(&form.csrf)?;
    let id = editor.path_id(&id)?;
    let files = state.outbox_files.as_deref();
    if !crate::subscriptions::erase_reader(&state.store, files, id, &editor.actor()).await? {
        return Err(editor.refuse(AdminErrorKind::NotFound));
    }
    Ok(see_other(format!(
        "/admin/readers?notice={}",
        Notice::ReaderDeleted
    )))
}

/// `GET /admin/readers/export.csv`: the readers the list shows, streamed a page at a time.
/// Recorded before the first byte leaves: a download cut short still took readers out.
#[tracing::instrument(name = "admin.readers_export", skip_all, fields(user_id = admin.0.user.user_id))]
pub async fn export(
    admin: Admin,
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AdminError> {
    let editor = &admin.0;
    let filter = filter_of(query.q.as_deref(), query.status.as_deref());
    state.store.record_export(&editor.actor(), &filter).await?;
    let body = crate::subscriptions::csv_pages(state.store.clone(), filter).map(|chunk| {
        chunk.map(web::Bytes::from).map_err(|error| {
            tracing::error!(%error, "export stopped: the database failed");
            actix_web::error::ErrorInternalServerError("export stopped")
        })
    });
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"caravan-readers.csv\"",
        ))
        .streaming(body))
}
