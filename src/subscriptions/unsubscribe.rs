use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::confirm::TokenQuery;
use crate::i18n::Texts;
use crate::store::UnsubscribeOutcome;
use crate::web::{AppState, MessagePage, PageCtx, PageError, PageErrorKind, Tone, render};

#[derive(Template)]
#[template(path = "unsubscribe.html")]
struct UnsubscribePage {
    t: &'static Texts,
    switch_href: String,
    action: String,
}

fn reader_id(ctx: &PageCtx, state: &AppState, query: &TokenQuery) -> Result<i64, PageError> {
    let token = query.token.as_deref().unwrap_or_default();
    state
        .signer
        .verify_unsubscribe(token)
        .map_err(|_| PageError::new(ctx, PageErrorKind::LinkInvalid))
}

/// `GET /unsubscribe?token=`: one button. A GET never unsubscribes, because mail scanners
/// follow links on their own.
#[tracing::instrument(name = "GET /unsubscribe", skip_all)]
pub async fn unsubscribe_page(
    ctx: PageCtx,
    query: web::Query<TokenQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    reader_id(&ctx, &state, &query)?;
    let token = query.token.as_deref().unwrap_or_default();
    let action = super::confirm::button_action("/unsubscribe", token, ctx.lang);
    let page = UnsubscribePage {
        t: ctx.t,
        switch_href: ctx.switch_href.clone(),
        action,
    };
    Ok(render(StatusCode::OK, &page))
}

/// `POST /unsubscribe?token=`: RFC 8058 one-click (body `List-Unsubscribe=One-Click`), and the
/// page's button. The token alone decides; doing it twice is the same as once.
#[tracing::instrument(name = "POST /unsubscribe", skip_all, fields(subscriber_id))]
pub async fn unsubscribe_one_click(
    ctx: PageCtx,
    query: web::Query<TokenQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let id = reader_id(&ctx, &state, &query)?;
    tracing::Span::current().record("subscriber_id", id);
    let outcome = state
        .store
        .unsubscribe(id)
        .await
        .map_err(|e| PageError::internal(&ctx, e))?;
    if outcome == UnsubscribeOutcome::Unknown {
        return Err(PageError::new(&ctx, PageErrorKind::UnknownReader));
    }
    let t = ctx.t;
    let mut page = MessagePage::new(&ctx, Tone::Ok, t.unsubscribed_title, t.unsubscribed_body);
    page.link = Some((format!("/?lang={}", ctx.lang.code()), t.resubscribe_link));
    Ok(render(StatusCode::OK, &page))
}
