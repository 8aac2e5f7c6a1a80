use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use serde_json::json;

/// The one shape of every JSON error: `{"error": {"code", "message", "field"?}}`.
pub fn json_error(
    status: StatusCode,
    code: &str,
    message: &str,
    field: Option<&str>,
) -> HttpResponse {
    let mut error = json!({ "code": code, "message": message });
    if let Some(field) = field {
        error["field"] = json!(field);
    }
    HttpResponse::build(status).json(json!({ "error": error }))
}
