//! `POST /preferences/data?token=`: everything Caravan holds about the reader, as one JSON
//! file: their row, topics, every letter sent or tried, every single e-mail, every report
//! mail servers sent about their mail.
use actix_web::http::header;
use actix_web::{HttpResponse, web};
use serde_json::json;

use super::access::{Access, open};
use super::page::AskPage;
use crate::subscriptions::TokenQuery;
use crate::web::{AppState, PageCtx, PageError, render};

#[tracing::instrument(name = "POST /preferences/data", skip_all, fields(subscriber_id))]
pub async fn download(
    ctx: PageCtx,
    query: web::Query<TokenQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let token = query.token.as_deref().unwrap_or_default();
    let opened = match open(&ctx, &state, token).await? {
        Access::Open(opened) => opened,
        Access::Refused(refusal) => {
            return Ok(render(
                refusal.status,
                &AskPage::new(&ctx, Some(refusal.message)),
            ));
        }
    };
    let r = &opened.reader;
    let internal = |e| PageError::internal(&ctx, e);
    let letters = state
        .store
        .reader_history(r.id, i64::MAX)
        .await
        .map_err(internal)?;
    let messages = state.store.reader_messages(r.id).await.map_err(internal)?;
    let events = state.store.bounce_events_of(r.id).await.map_err(internal)?;
    let body = json!({
        "exported_at": crate::store::now(),
        "profile": {
            "email": r.email,
            "name": r.name,
            "status": r.status.as_str(),
            "lang": r.lang,
            "signed_up_at": r.created_at,
            "confirmation_sent_at": r.confirmation_sent_at,
            "confirmed_at": r.confirmed_at,
            "unsubscribed_at": r.unsubscribed_at,
            "paused_until": r.paused_until,
            "suppressed": r.suppressed,
            "suppressed_at": r.suppressed_at,
            "hard_bounces": r.hard_bounces,
        },
        "topics": r.topics.slugs(),
        "letters": letters.iter().map(|l| json!({
            "issue_id": l.issue_id,
            "subject": l.subject,
            "status": l.status.as_str(),
            "sent_at": l.sent_at,
            "error": l.last_error,
        })).collect::<Vec<_>>(),
        "emails": messages.iter().map(|m| json!({
            "kind": m.kind,
            "subject": m.subject,
            "queued_at": m.created_at,
            "sent_at": m.sent_at,
        })).collect::<Vec<_>>(),
        "events": events.iter().map(|e| json!({
            "kind": e.kind.as_str(),
            "issue_id": e.issue_id,
            "status": e.status,
            "diagnostic": e.diagnostic,
            "source": e.source,
            "received_at": e.received_at,
        })).collect::<Vec<_>>(),
    });
    tracing::info!(subscriber_id = r.id, "data downloaded by the reader");
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "application/json; charset=utf-8"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"caravan-data.json\"",
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(serde_json::to_string_pretty(&body).unwrap_or_default()))
}
