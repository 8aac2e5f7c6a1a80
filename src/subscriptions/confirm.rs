use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::i18n::Texts;
use crate::store::ConfirmOutcome;
use crate::tokens::TokenError;
use crate::web::{AppState, MessagePage, PageCtx, PageError, PageErrorKind, Tone, render};

#[derive(Deserialize)]
pub struct TokenQuery {
    pub token: Option<String>,
}

/// Where a one-button page posts: the same signed link, in the page's language.
pub(super) fn button_action(path: &str, token: &str, lang: crate::domain::Lang) -> String {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("token", token)
        .append_pair("lang", lang.code())
        .finish();
    format!("{path}?{query}")
}

#[derive(Template)]
#[template(path = "confirm.html")]
struct ConfirmPage {
    t: &'static Texts,
    switch_href: String,
    action: String,
}

/// The reader a genuine, unexpired link names, and when the link was made.
fn reader_id(
    ctx: &PageCtx,
    state: &AppState,
    query: &TokenQuery,
) -> Result<(i64, chrono::DateTime<chrono::Utc>), PageError> {
    let token = query.token.as_deref().unwrap_or_default();
    state
        .signer
        .verify_confirmation_issued(token, crate::store::now())
        .map_err(|e| match e {
            TokenError::Expired => PageError::new(ctx, PageErrorKind::LinkExpired),
            TokenError::Invalid => PageError::new(ctx, PageErrorKind::LinkInvalid),
        })
}

/// `GET /subscriptions/confirm?token=`: the link in the confirmation e-mail shows one button.
/// A GET never confirms: the link scanners of webmail and corporate gateways open every link,
/// and would otherwise complete the double opt-in for people who never asked.
#[tracing::instrument(name = "GET /subscriptions/confirm", skip_all)]
pub async fn confirm_page(
    ctx: PageCtx,
    query: web::Query<TokenQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    reader_id(&ctx, &state, &query)?;
    let token = query.token.as_deref().unwrap_or_default();
    let action = button_action("/subscriptions/confirm", token, ctx.lang);
    let page = ConfirmPage {
        t: ctx.t,
        switch_href: ctx.switch_href.clone(),
        action,
    };
    Ok(render(StatusCode::OK, &page))
}

/// `POST /subscriptions/confirm?token=`: the page's button. Idempotent: a second press says
/// it is already done.
#[tracing::instrument(name = "POST /subscriptions/confirm", skip_all, fields(subscriber_id))]
pub async fn confirm(
    ctx: PageCtx,
    query: web::Query<TokenQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let (id, issued) = reader_id(&ctx, &state, &query)?;
    tracing::Span::current().record("subscriber_id", id);
    let outcome = state
        .store
        .confirm(id, issued)
        .await
        .map_err(|e| PageError::internal(&ctx, e))?;
    crate::metrics::count(
        &crate::metrics::METRICS.confirmations,
        match outcome {
            ConfirmOutcome::Confirmed => "confirmed",
            ConfirmOutcome::AlreadyConfirmed => "already_confirmed",
            ConfirmOutcome::Unsubscribed => "unsubscribed",
            ConfirmOutcome::Unknown => "unknown",
        },
    );
    if outcome == ConfirmOutcome::Confirmed {
        welcome(&state, id).await;
    }
    let t = ctx.t;
    // A confirmed reader can leave from here too, before any letter has reached them.
    let unsubscribe_link = || {
        let href = format!(
            "/unsubscribe?token={}&lang={}",
            state.signer.unsubscribe(id),
            ctx.lang.code()
        );
        Some((href, t.unsubscribe_offer))
    };
    let (status, page) = match outcome {
        ConfirmOutcome::Confirmed => (
            StatusCode::OK,
            MessagePage {
                link: unsubscribe_link(),
                ..MessagePage::new(&ctx, Tone::Ok, t.confirmed_title, t.confirmed_body)
            },
        ),
        ConfirmOutcome::AlreadyConfirmed => (
            StatusCode::OK,
            MessagePage {
                link: unsubscribe_link(),
                ..MessagePage::new(
                    &ctx,
                    Tone::Info,
                    t.already_confirmed_title,
                    t.already_confirmed_body,
                )
            },
        ),
        ConfirmOutcome::Unsubscribed => (
            StatusCode::GONE,
            MessagePage::new(
                &ctx,
                Tone::Bad,
                t.confirm_after_unsubscribe_title,
                t.confirm_after_unsubscribe_body,
            )
            .with_home_link(t.back_home),
        ),
        ConfirmOutcome::Unknown => return Err(PageError::new(&ctx, PageErrorKind::UnknownReader)),
    };
    Ok(render(status, &page))
}

/// Queues the welcome of a reader who has just confirmed. Their confirmation stands even if
/// this fails (logged once): a missing welcome is not worth a failed sign-up.
async fn welcome(state: &AppState, id: i64) {
    let base_url = state.base_url.as_str();
    let queued =
        crate::welcome::queue_welcome(&state.store, &state.signer, base_url, &state.mail_from, id)
            .await;
    match queued {
        Ok(true) => state.outbox_wake.notify_one(),
        Ok(false) => {}
        Err(error) => {
            tracing::error!(
                subscriber_id = id,
                error = format!("{error:#}"),
                "cannot queue the welcome"
            )
        }
    }
}
