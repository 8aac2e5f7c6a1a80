//! The page's buttons: pause for four weeks, resume, leave, erase for good.
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::access::{Access, open};
use super::page::{AskPage, done};
use crate::store::Actor;
use crate::subscriptions::TokenQuery;
use crate::web::{AppState, MessagePage, PageCtx, PageError, Tone, parse_form, render};

/// How long "pause" pauses.
pub const PAUSE: chrono::Duration = chrono::Duration::weeks(4);

/// The reader behind the request's token, or the page that says why there is none.
macro_rules! opened_or_refused {
    ($ctx:expr, $state:expr, $query:expr) => {{
        let token = $query.token.as_deref().unwrap_or_default();
        match open(&$ctx, &$state, token).await? {
            Access::Open(opened) => opened,
            Access::Refused(refusal) => {
                return Ok(render(
                    refusal.status,
                    &AskPage::new(&$ctx, Some(refusal.message)),
                ));
            }
        }
    }};
}

/// Pauses the reader behind the link until `until` (`None`: resumes), then back to the page.
async fn set_pause(
    ctx: PageCtx,
    query: web::Query<TokenQuery>,
    state: web::Data<AppState>,
    until: Option<chrono::DateTime<chrono::Utc>>,
    done_as: &str,
) -> Result<HttpResponse, PageError> {
    let opened = opened_or_refused!(ctx, state, query);
    state
        .store
        .pause_reader(opened.reader.id, until)
        .await
        .map_err(|e| PageError::internal(&ctx, e))?;
    tracing::info!(
        subscriber_id = opened.reader.id,
        paused = until.is_some(),
        "pause set by the reader"
    );
    Ok(done(&ctx, &opened.token, done_as))
}

/// `POST /preferences/pause?token=`: no letter for four weeks.
#[tracing::instrument(name = "POST /preferences/pause", skip_all, fields(subscriber_id))]
pub async fn pause(
    ctx: PageCtx,
    query: web::Query<TokenQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let until = crate::store::now() + PAUSE;
    set_pause(ctx, query, state, Some(until), "paused").await
}

/// `POST /preferences/resume?token=`: letters again from the next one.
#[tracing::instrument(name = "POST /preferences/resume", skip_all, fields(subscriber_id))]
pub async fn resume(
    ctx: PageCtx,
    query: web::Query<TokenQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    set_pause(ctx, query, state, None, "resumed").await
}

/// `POST /preferences/leave?token=`: unsubscribed from every letter, as the one-click link.
#[tracing::instrument(name = "POST /preferences/leave", skip_all, fields(subscriber_id))]
pub async fn leave(
    ctx: PageCtx,
    query: web::Query<TokenQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let opened = opened_or_refused!(ctx, state, query);
    state
        .store
        .unsubscribe(opened.reader.id)
        .await
        .map_err(|e| PageError::internal(&ctx, e))?;
    tracing::info!(
        subscriber_id = opened.reader.id,
        "unsubscribed from the preference page"
    );
    Ok(done(&ctx, &opened.token, "left"))
}

/// `POST /preferences/erase?token=` with the box `confirm=yes` ticked: the reader, their
/// deliveries, e-mails and reports are deleted (as an admin's erasure, audited as the
/// reader's own, without their address).
#[tracing::instrument(name = "POST /preferences/erase", skip_all, fields(subscriber_id))]
pub async fn erase(
    ctx: PageCtx,
    query: web::Query<TokenQuery>,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let opened = opened_or_refused!(ctx, state, query);
    let confirmed = parse_form(&body)
        .unwrap_or_default()
        .iter()
        .any(|(k, v)| k == "confirm" && v == "yes");
    if !confirmed {
        return Ok(done(&ctx, &opened.token, "erase_unconfirmed"));
    }
    let files = state.outbox_files.as_deref();
    crate::subscriptions::erase_reader(&state.store, files, opened.reader.id, &Actor::Reader)
        .await
        .map_err(|e| PageError::internal(&ctx, e))?;
    let p = ctx.t.prefs;
    let mut page = MessagePage::new(&ctx, Tone::Ok, p.erased_title, p.erased_body);
    page.link = Some((
        format!("/?lang={}", ctx.lang.code()),
        ctx.t.resubscribe_link,
    ));
    Ok(render(StatusCode::OK, &page))
}
