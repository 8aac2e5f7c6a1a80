//! The one shape of every JSON error, as a type: the API and the sign-up form build their
//! error bodies from it, and the OpenAPI document describes it, so the two cannot drift apart.
use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;

use crate::subscriptions::RejectedRow;

/// `{"error": {"code", "message", "field"?, "rejected"?, "request_id"?}}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Default, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// unauthorized, not_found, method_not_allowed, conflict, not_editable, nothing_new,
    /// invalid, bad_request, unsupported_media_type, internal.
    pub code: String,
    /// A sentence for a person.
    pub message: String,
    /// The parameter or body field at fault, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// For a refused CSV import: every bad row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rejected: Option<Vec<RejectedRow>>,
    /// For a failure on our side (`internal`): the id to quote, found in our logs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

impl ErrorDetail {
    pub fn new(code: &str, message: &str) -> Self {
        Self {
            code: code.to_owned(),
            message: message.to_owned(),
            ..Self::default()
        }
    }

    pub fn respond(self, status: StatusCode) -> HttpResponse {
        HttpResponse::build(status).json(ErrorBody { error: self })
    }
}

/// An error body with its code, message and, when there is one, the field at fault.
pub fn json_error(
    status: StatusCode,
    code: &str,
    message: &str,
    field: Option<&str>,
) -> HttpResponse {
    ErrorDetail {
        field: field.map(str::to_owned),
        ..ErrorDetail::new(code, message)
    }
    .respond(status)
}
