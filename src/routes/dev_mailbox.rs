//! `GET /dev/mailbox`: the `.eml` files the file transport wrote, readable in a browser, so a
//! newcomer without an SMTP relay can read the confirmation e-mail and click its link. Only
//! routed when no `CARAVAN_SMTP_URL` is set.
use std::path::PathBuf;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use mail_parser::MessageParser;

use crate::i18n::Texts;
use crate::web::{AppState, PageCtx, PageError, PageErrorKind, render};

/// The newest messages shown; older files stay on disk.
const LIST_LIMIT: usize = 200;

pub struct MailSummary {
    pub file: String,
    pub date: String,
    pub to: String,
    pub subject: String,
}

#[derive(Template)]
#[template(path = "dev/mailbox.html")]
struct MailboxPage {
    t: &'static Texts,
    switch_href: String,
    dir: String,
    messages: Vec<MailSummary>,
}

/// A run of the text part: plain text, or a link to make clickable.
pub struct TextRun {
    pub text: String,
    pub is_link: bool,
}

#[derive(Template)]
#[template(path = "dev/message.html")]
struct MessagePage {
    t: &'static Texts,
    switch_href: String,
    summary: MailSummary,
    headers: String,
    text: Vec<TextRun>,
}

/// Only names the file transport writes: no path separators, no hidden files.
fn checked_name(name: &str) -> bool {
    let stem = name.strip_suffix(".eml").unwrap_or_default();
    !stem.is_empty()
        && stem
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The mailbox folder; 404 when an SMTP relay is configured (the route is not even mounted
/// then, this guards against a future mounting mistake).
fn mailbox_dir(ctx: &PageCtx, state: &AppState) -> Result<PathBuf, PageError> {
    state
        .dev_mailbox
        .clone()
        .ok_or_else(|| PageError::new(ctx, PageErrorKind::NotFound))
}

/// The raw bytes of one message file, or a 404 page.
async fn load(ctx: &PageCtx, state: &AppState, name: &str) -> Result<Vec<u8>, PageError> {
    let dir = mailbox_dir(ctx, state)?;
    let not_found = || PageError::new(ctx, PageErrorKind::NotFound);
    if !checked_name(name) {
        return Err(not_found());
    }
    tokio::fs::read(dir.join(name))
        .await
        .map_err(|_| not_found())
}

/// The decoded text (or HTML) part of a raw message, empty when it has none.
fn body_part(raw: &[u8], html: bool) -> String {
    let parsed = MessageParser::default().parse(raw);
    let part = parsed
        .as_ref()
        .and_then(|m| if html { m.body_html(0) } else { m.body_text(0) });
    part.unwrap_or_default().into_owned()
}

fn summarize(file: String, raw: &[u8]) -> MailSummary {
    let parsed = MessageParser::default().parse(raw);
    let get = |f: &dyn Fn(&mail_parser::Message) -> Option<String>| {
        parsed.as_ref().and_then(f).unwrap_or_default()
    };
    MailSummary {
        date: get(&|m| m.date().map(|d| d.to_rfc3339())),
        to: get(&|m| m.to()?.first()?.address().map(str::to_owned)),
        subject: get(&|m| m.subject().map(str::to_owned)),
        file,
    }
}

#[tracing::instrument(name = "GET /dev/mailbox", skip_all)]
pub async fn mailbox(ctx: PageCtx, state: web::Data<AppState>) -> Result<HttpResponse, PageError> {
    let dir = mailbox_dir(&ctx, &state)?;
    let mut names = Vec::new();
    if let Ok(mut entries) = tokio::fs::read_dir(&dir).await {
        while let Ok(Some(entry)) = entries.next_entry().await {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".eml") && !name.starts_with('.') {
                names.push(name);
            }
        }
    }
    // File names start with the creation time, so the newest sort last.
    names.sort_unstable_by(|a, b| b.cmp(a));
    let mut messages = Vec::new();
    for name in names.into_iter().take(LIST_LIMIT) {
        if let Ok(raw) = tokio::fs::read(dir.join(&name)).await {
            messages.push(summarize(name, &raw));
        }
    }
    let page = MailboxPage {
        t: ctx.t,
        switch_href: ctx.switch_href.clone(),
        dir: dir.display().to_string(),
        messages,
    };
    Ok(render(StatusCode::OK, &page))
}

#[tracing::instrument(name = "GET /dev/mailbox/{file}", skip_all)]
pub async fn mailbox_message(
    ctx: PageCtx,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let raw = load(&ctx, &state, &path).await?;
    let header_end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(raw.len());
    let page = MessagePage {
        t: ctx.t,
        switch_href: ctx.switch_href.clone(),
        headers: String::from_utf8_lossy(&raw[..header_end]).into_owned(),
        text: linkify(&body_part(&raw, false)),
        summary: summarize(path.into_inner(), &raw),
    };
    Ok(render(StatusCode::OK, &page))
}

/// The HTML part alone, shown in a sandboxed frame; links open in the whole window.
#[tracing::instrument(name = "GET /dev/mailbox/{file}/html", skip_all)]
pub async fn mailbox_html(
    ctx: PageCtx,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let raw = load(&ctx, &state, &path).await?;
    let html = body_part(&raw, true);
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((
            "Content-Security-Policy",
            "sandbox allow-popups allow-top-navigation-by-user-activation; script-src 'none'",
        ))
        .body(format!("<base target=\"_top\">{html}")))
}

fn linkify(text: &str) -> Vec<TextRun> {
    let next_link = |s: &str| {
        [s.find("http://"), s.find("https://")]
            .into_iter()
            .flatten()
            .min()
    };
    let mut runs = Vec::new();
    let mut rest = text;
    while let Some(start) = next_link(rest) {
        let end = rest[start..]
            .find(|c: char| c.is_whitespace() || c == '>' || c == '"')
            .map_or(rest.len(), |len| start + len);
        runs.push(TextRun {
            text: rest[..start].to_owned(),
            is_link: false,
        });
        runs.push(TextRun {
            text: rest[start..end].to_owned(),
            is_link: true,
        });
        rest = &rest[end..];
    }
    runs.push(TextRun {
        text: rest.to_owned(),
        is_link: false,
    });
    runs
}
