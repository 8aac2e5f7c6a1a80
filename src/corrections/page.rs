//! `GET /corrections`: every correction published, newest first, each linked to the story in
//! the archive.
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::i18n::Texts;
use crate::store::CorrectionRow;
use crate::web::{AppState, PageCtx, PageError, ShareMeta, render};

/// The most corrections the page lists.
const LISTED: i64 = 1000;

#[derive(Template)]
#[template(path = "corrections.html")]
struct CorrectionsPage {
    t: &'static Texts,
    switch_href: String,
    meta: ShareMeta,
    corrections: Vec<CorrectionRow>,
}

#[tracing::instrument(name = "GET /corrections", skip_all)]
pub async fn corrections_page(
    ctx: PageCtx,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let corrections = state
        .store
        .corrections(LISTED)
        .await
        .map_err(|e| PageError::internal(&ctx, e))?;
    let page = CorrectionsPage {
        meta: ShareMeta::new(
            &state,
            ctx.lang,
            &format!("/corrections?lang={}", ctx.lang.code()),
            ctx.t.corrections.page_title,
            ctx.t.corrections.page_lead,
        ),
        t: ctx.t,
        switch_href: ctx.switch_href.clone(),
        corrections,
    };
    Ok(render(StatusCode::OK, &page))
}
