use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};

use super::{MessagePage, PageCtx, Tone, render};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageErrorKind {
    LinkInvalid,
    LinkExpired,
    UnknownReader,
    NotFound,
    Internal,
}

/// A reader-facing error: a page in the reader's language with a status that says what
/// happened. Internal errors are logged with their cause chain and shown as an apology with
/// the request id, never with their details.
pub struct PageError {
    ctx: PageCtx,
    kind: PageErrorKind,
}

impl PageError {
    pub fn new(ctx: &PageCtx, kind: PageErrorKind) -> Self {
        Self {
            ctx: ctx.clone(),
            kind,
        }
    }

    pub fn internal(ctx: &PageCtx, error: impl Into<anyhow::Error>) -> Self {
        super::log_failure("page", &ctx.request_id, &error.into());
        Self::new(ctx, PageErrorKind::Internal)
    }
}

impl std::fmt::Debug for PageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PageError({:?})", self.kind)
    }
}

impl std::fmt::Display for PageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.kind)
    }
}

impl ResponseError for PageError {
    fn status_code(&self) -> StatusCode {
        match self.kind {
            PageErrorKind::LinkInvalid => StatusCode::BAD_REQUEST,
            PageErrorKind::LinkExpired => StatusCode::GONE,
            PageErrorKind::UnknownReader | PageErrorKind::NotFound => StatusCode::NOT_FOUND,
            PageErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let t = self.ctx.t;
        let (title, body) = match self.kind {
            PageErrorKind::LinkInvalid => (t.error_link_invalid_title, t.error_link_invalid_body),
            PageErrorKind::LinkExpired => (t.error_link_expired_title, t.error_link_expired_body),
            PageErrorKind::UnknownReader => {
                (t.error_unknown_reader_title, t.error_unknown_reader_body)
            }
            PageErrorKind::NotFound => (t.error_not_found_title, t.error_not_found_body),
            PageErrorKind::Internal => (t.error_server_title, t.error_server_body),
        };
        let mut page =
            MessagePage::new(&self.ctx, Tone::Bad, title, body).with_home_link(t.back_home);
        if self.kind == PageErrorKind::Internal {
            page.reference = Some(self.ctx.request_id.clone());
        }
        render(self.status_code(), &page)
    }
}
