use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use askama::Template;

use super::PageCtx;
use crate::i18n::Texts;

/// Renders a page with `status`. A template that fails to render is a bug: it is logged and
/// the reader gets a plain apology rather than half a page.
pub fn render(status: StatusCode, page: &impl Template) -> HttpResponse {
    match page.render() {
        Ok(html) => HttpResponse::build(status)
            .content_type("text/html; charset=utf-8")
            .body(html),
        Err(error) => {
            tracing::error!(%error, "template failed to render");
            HttpResponse::InternalServerError()
                .content_type("text/plain; charset=utf-8")
                .body("Erreur interne / Internal error")
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Ok,
    Info,
    Bad,
}

/// A page that says one thing: a confirmation, a result, or an error.
#[derive(Template)]
#[template(path = "message.html")]
pub struct MessagePage {
    pub t: &'static Texts,
    pub switch_href: String,
    pub tone: &'static str,
    pub title: &'static str,
    pub body: &'static str,
    pub hint: Option<&'static str>,
    pub reference: Option<String>,
    pub link: Option<(String, &'static str)>,
}

impl MessagePage {
    pub fn new(ctx: &PageCtx, tone: Tone, title: &'static str, body: &'static str) -> Self {
        Self {
            t: ctx.t,
            switch_href: ctx.switch_href.clone(),
            tone: match tone {
                Tone::Ok => "ok",
                Tone::Info => "info",
                Tone::Bad => "bad",
            },
            title,
            body,
            hint: None,
            reference: None,
            link: None,
        }
    }

    pub fn with_home_link(mut self, label: &'static str) -> Self {
        self.link = Some((format!("/?lang={}", self.t.lang_code), label));
        self
    }

    pub fn with_hint(mut self, hint: &'static str) -> Self {
        self.hint = Some(hint);
        self
    }
}
