use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::ARCHIVE_LIMIT;
use super::page_cache::Cached;
use crate::digest::{Medium, excerpt, render_issue};
use crate::i18n::Texts;
use crate::store::IssueRow;
use crate::web::{AppState, PageCtx, PageError, PageErrorKind, ShareMeta, render};

#[derive(Template)]
#[template(path = "archive.html")]
struct ArchivePage {
    t: &'static Texts,
    switch_href: String,
    issues: Vec<IssueRow>,
    meta: ShareMeta,
    /// The words searched, when the page answers a search.
    query: Option<String>,
}

#[derive(serde::Deserialize)]
pub struct ArchiveQuery {
    q: Option<String>,
}

/// `GET /archive[?q=]`: every sent issue, newest first; or those holding the words searched.
#[tracing::instrument(name = "GET /archive", skip_all)]
pub async fn archive(
    ctx: PageCtx,
    state: web::Data<AppState>,
    query: web::Query<ArchiveQuery>,
) -> Result<HttpResponse, PageError> {
    let searched = query
        .q
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty())
        .map(str::to_owned);
    let issues = match &searched {
        Some(q) => super::search_archive(&state.store, &state.search_index, q).await,
        None => state.store.sent_issues(ARCHIVE_LIMIT).await,
    }
    .map_err(|e| PageError::internal(&ctx, e))?;
    let description = issues
        .first()
        .map_or(ctx.t.signup_lead, |latest| latest.subject.as_str())
        .to_owned();
    let page = ArchivePage {
        meta: ShareMeta::new(
            &state,
            ctx.lang,
            &format!("/archive?lang={}", ctx.lang.code()),
            ctx.t.archive_title,
            &description,
        ),
        t: ctx.t,
        switch_href: ctx.switch_href.clone(),
        issues,
        query: searched,
    };
    Ok(render(StatusCode::OK, &page))
}

/// What the issue page's `<head>` adds to the e-mail's: icon, manifest, and what a shared
/// link shows.
#[derive(Template)]
#[template(path = "issue_head.html")]
struct IssueHead {
    meta: ShareMeta,
}

/// `GET /archive/{slug}`: the web version of a sent issue, the same content as the e-mail;
/// rendered once per language, then served from memory.
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
    let current_mark = || async {
        store
            .issue_corrections_mark(&slug)
            .await
            .map_err(|e| PageError::internal(&ctx, e))
    };
    let mark = match state.archive_pages.get(&slug, ctx.lang) {
        Cached::Fresh(page) => return Ok(issue_page(page)),
        Cached::Check(page, kept) => {
            let mark = current_mark().await?;
            if mark == kept {
                state.archive_pages.checked(&slug, ctx.lang);
                return Ok(issue_page(page));
            }
            mark
        }
        Cached::Missing => current_mark().await?,
    };
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
    let description = articles
        .first()
        .map(|lead| excerpt(lead.summary.as_deref(), &lead.body_md))
        .unwrap_or_default();
    let head = IssueHead {
        meta: ShareMeta::new(
            &state,
            ctx.lang,
            &format!("/archive/{slug}"),
            &issue.subject,
            &description,
        ),
    }
    .render()
    .map_err(|e| PageError::internal(&ctx, e))?;
    let page: std::sync::Arc<str> = rendered.html.replacen("</head>", &head, 1).into();
    state
        .archive_pages
        .keep(&slug, ctx.lang, page.clone(), mark);
    Ok(issue_page(page))
}

fn issue_page(page: std::sync::Arc<str>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((
            actix_web::http::header::CACHE_CONTROL,
            "public, max-age=300",
        ))
        .body(page.to_string())
}
