use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};

use crate::store::StoreError;
use crate::web::{ErrorDetail, current_request_id, log_failure};

/// Every refusal of the API, answered as [`crate::web::ErrorBody`]. A failure of ours is
/// [`ApiError::Internal`]: a 500 with the request id, its cause chain logged once.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("send `Authorization: Bearer <token>` with a token from `caravan tokens create`")]
    MissingToken,
    #[error("this token is unknown or revoked")]
    BadToken,
    #[error("there is no {0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("issue {0} is no longer a draft: it cannot change")]
    NotEditable(i64),
    #[error("no article is new since the last issue: there is no digest to build")]
    NothingNew,
    #[error("{message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error("{} bad rows; nothing imported", .0.len())]
    RejectedRows(Vec<crate::subscriptions::RejectedRow>),
    #[error("{0}")]
    BadRequest(String),
    #[error("send the body as {0}")]
    UnsupportedType(&'static str),
    #[error("there is no such API route")]
    NoRoute,
    #[error("this route does not take this method (see /api/v1/openapi.json)")]
    /// The methods the route does take.
    MethodNotAllowed(&'static str),
    #[error("the service could not do this; try again, or quote the request id")]
    Internal(#[from] anyhow::Error),
}

/// A database failure is ours: `?` on the store answers 500.
impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        Self::Internal(error.into())
    }
}

impl ApiError {
    /// Any failure of ours (a file that cannot be written, a template that does not render…).
    pub fn internal(error: impl Into<anyhow::Error>) -> Self {
        Self::Internal(error.into())
    }

    fn code(&self) -> &'static str {
        match self {
            ApiError::MissingToken | ApiError::BadToken => "unauthorized",
            ApiError::NotFound(_) | ApiError::NoRoute => "not_found",
            ApiError::MethodNotAllowed(_) => "method_not_allowed",
            ApiError::Conflict(_) => "conflict",
            ApiError::NotEditable(_) => "not_editable",
            ApiError::NothingNew => "nothing_new",
            ApiError::Invalid { .. } | ApiError::RejectedRows(_) => "invalid",
            ApiError::BadRequest(_) => "bad_request",
            ApiError::UnsupportedType(_) => "unsupported_media_type",
            ApiError::Internal(_) => "internal",
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::MissingToken | ApiError::BadToken => StatusCode::UNAUTHORIZED,
            ApiError::NotFound(_) | ApiError::NoRoute => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Conflict(_) | ApiError::NotEditable(_) => StatusCode::CONFLICT,
            ApiError::NothingNew => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Invalid { .. } | ApiError::RejectedRows(_) => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::UnsupportedType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let mut detail = ErrorDetail::new(self.code(), &self.to_string());
        match self {
            ApiError::Invalid { field, .. } => detail.field = Some((*field).to_owned()),
            // The same shape, with each bad row and why.
            ApiError::RejectedRows(rows) => {
                detail.field = Some("csv".to_owned());
                detail.rejected = Some(rows.clone());
            }
            // Built inside the handler's future, where the request's id is in reach.
            ApiError::Internal(error) => {
                let request_id = current_request_id();
                log_failure("api", &request_id, error);
                detail.request_id = Some(request_id);
            }
            _ => {}
        }
        let mut response = detail.respond(self.status_code());
        if let ApiError::MethodNotAllowed(allow) = self
            && let Ok(value) = actix_web::http::header::HeaderValue::from_str(allow)
        {
            response
                .headers_mut()
                .insert(actix_web::http::header::ALLOW, value);
        }
        if matches!(self, ApiError::MissingToken | ApiError::BadToken) {
            response.headers_mut().insert(
                actix_web::http::header::WWW_AUTHENTICATE,
                actix_web::http::header::HeaderValue::from_static("Bearer"),
            );
        }
        response
    }
}
