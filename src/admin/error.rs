use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};
use askama::Template;

use super::notice::Notice;
use super::request_texts::current_texts;
use super::texts::AdminTexts;
use crate::digest::PreviewError;
use crate::store::StoreError;
use crate::web::{current_request_id, log_failure, render};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminErrorKind {
    /// No live session: the editor is sent to the login page, then back to `next`.
    NotSignedIn {
        next: String,
    },
    Forbidden,
    /// `CARAVAN_REQUIRE_2FA`: an admin without TOTP is sent to set it up first.
    SetUpTwoFactor,
    Csrf,
    NotFound,
    /// The issue is no longer a draft.
    NotEditable,
    BadForm,
    Internal {
        request_id: String,
    },
}

/// A refusal on an admin page, in the editor's language.
pub struct AdminError {
    pub t: &'static AdminTexts,
    pub kind: AdminErrorKind,
}

#[derive(Template)]
#[template(path = "admin/error.html")]
struct ErrorPage<'a> {
    t: &'static AdminTexts,
    message: &'a str,
    reference: Option<&'a str>,
}

impl AdminError {
    pub fn new(t: &'static AdminTexts, kind: AdminErrorKind) -> Self {
        Self { t, kind }
    }

    /// A failure of ours: the cause chain is logged with the request id, and the editor sees
    /// only that id to quote, in the language of the request.
    pub fn internal(error: impl Into<anyhow::Error>) -> Self {
        let request_id = current_request_id();
        log_failure("admin", &request_id, &error.into());
        Self::new(current_texts(), AdminErrorKind::Internal { request_id })
    }
}

/// A database failure is ours: `?` on the store shows the 500 page.
impl From<StoreError> for AdminError {
    fn from(error: StoreError) -> Self {
        Self::internal(error)
    }
}

/// A preview that cannot be read or rendered is ours too.
impl From<PreviewError> for AdminError {
    fn from(error: PreviewError) -> Self {
        Self::internal(error)
    }
}

impl std::fmt::Debug for AdminError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AdminError({:?})", self.kind)
    }
}

impl std::fmt::Display for AdminError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.kind)
    }
}

impl ResponseError for AdminError {
    fn status_code(&self) -> StatusCode {
        match self.kind {
            AdminErrorKind::NotSignedIn { .. } | AdminErrorKind::SetUpTwoFactor => {
                StatusCode::SEE_OTHER
            }
            AdminErrorKind::Forbidden | AdminErrorKind::Csrf => StatusCode::FORBIDDEN,
            AdminErrorKind::NotFound => StatusCode::NOT_FOUND,
            AdminErrorKind::NotEditable => StatusCode::CONFLICT,
            AdminErrorKind::BadForm => StatusCode::BAD_REQUEST,
            AdminErrorKind::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let t = self.t;
        let (message, reference) = match &self.kind {
            AdminErrorKind::NotSignedIn { next } => {
                let location = format!(
                    "/admin/login?next={}",
                    url::form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
                );
                return HttpResponse::SeeOther()
                    .insert_header((header::LOCATION, location))
                    .insert_header((header::CACHE_CONTROL, "no-store"))
                    .finish();
            }
            AdminErrorKind::SetUpTwoFactor => {
                return HttpResponse::SeeOther()
                    .insert_header((
                        header::LOCATION,
                        format!("/admin/account?notice={}#two-factor", Notice::TotpRequired),
                    ))
                    .insert_header((header::CACHE_CONTROL, "no-store"))
                    .finish();
            }
            AdminErrorKind::Forbidden => (t.forbidden, None),
            AdminErrorKind::Csrf => (t.csrf_failed, None),
            AdminErrorKind::NotFound => (t.not_found, None),
            AdminErrorKind::NotEditable => (t.not_editable, None),
            AdminErrorKind::BadForm => (t.bad_form, None),
            AdminErrorKind::Internal { request_id } => (t.internal, Some(request_id.as_str())),
        };
        render(
            self.status_code(),
            &ErrorPage {
                t,
                message,
                reference,
            },
        )
    }
}
