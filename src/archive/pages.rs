use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::ARCHIVE_LIMIT;
use crate::digest::{Medium, render_issue};
use crate::i18n::Texts;
use crate::store::IssueRow;
use crate::web::{AppState, PageCtx, PageError, PageErrorKind, render};

#[derive(Template)]
#[template(path = "archive.html")]
struct ArchivePage {
    t: &'static Texts,
    switch_href: String,
    issues: Vec<IssueRow>,
}

/// `GET /archive`: every sent issue, newest first.
#[tracing::instrument(name = "GET /archive", skip_all)]
pub async fn archive(ctx: PageCtx, state: web::Data<AppState>) -> Result<HttpResponse, PageError> {
    let issues = state
        .store
        .sent_issues(ARCHIVE_LIMIT)
        .await
        .map_err(|e| PageError::internal(&ctx, e))?;
    let page = ArchivePage {
        t: ctx.t,
        switch_href: ctx.switch_href.clone(),
        issues,
    };
    Ok(render(StatusCode::OK, &page))
}

/// `GET /archive/{slug}`: the web version of a sent issue, the same content as the e-mail.
#[tracing::instrument(name = "GET /archive/{slug}", skip_all, fields(slug = %slug))]
pub async fn archived_issue(
    ctx: PageCtx,
    slug: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let not_found = || PageError::new(&ctx, PageErrorKind::NotFound);
    // Slugs are ASCII words and hyphens: anything else (a NUL above all, which PostgreSQL
    // refuses even as a parameter) names no issue.
    if !slug.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(not_found());
    }
    let store = &state.store;
    let id = store
        .sent_issue_id(&slug)
        .await
        .map_err(|e| PageError::internal(&ctx, e))?;
    let (issue, articles) = match id {
        Some(id) => store
            .issue_with_articles(id)
            .await
            .map_err(|e| PageError::internal(&ctx, e))?,
        None => None,
    }
    .ok_or_else(not_found)?;
    let base = state.base_url.as_str().trim_end_matches('/');
    let rendered = render_issue(&issue, &articles, base, ctx.lang, Medium::Web)
        .map_err(|e| PageError::internal(&ctx, e))?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(rendered.html))
}
