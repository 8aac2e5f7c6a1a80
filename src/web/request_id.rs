//! The request id a person quotes from an error page or body, and that every log line of the
//! request carries. `TracingLogger` gives each request one ([`RequestId`]); an error type's
//! `error_response` has no access to the request, so [`within_request_id`] keeps the id in a
//! task-local around the handler's future (where actix builds error responses), and
//! [`current_request_id`] reads it there.
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage, HttpRequest};
use tracing_actix_web::RequestId;

tokio::task_local! {
    static REQUEST_ID: String;
}

/// The request's id; a fresh one if `TracingLogger` did not run (an error reference must
/// never be empty).
pub fn request_id(req: &HttpRequest) -> String {
    req.extensions()
        .get::<RequestId>()
        .map(ToString::to_string)
        .unwrap_or_else(fresh)
}

/// The id of the request being handled; a fresh one outside [`within_request_id`], so that
/// what is shown still matches what is logged.
pub fn current_request_id() -> String {
    REQUEST_ID
        .try_with(Clone::clone)
        .unwrap_or_else(|_| fresh())
}

/// Middleware (`from_fn`): runs the rest of the request with its id in reach of
/// [`current_request_id`].
pub async fn within_request_id(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let id = request_id(req.request());
    REQUEST_ID.scope(id, next.call(req)).await
}

fn fresh() -> String {
    uuid::Uuid::new_v4().to_string()
}

#[cfg(test)]
mod tests {
    use super::{REQUEST_ID, current_request_id};

    #[tokio::test]
    async fn the_id_in_scope_else_a_fresh_one_never_empty() {
        let inside = REQUEST_ID
            .scope("abc".to_owned(), async { current_request_id() })
            .await;
        assert_eq!(inside, "abc");
        let (a, b) = (current_request_id(), current_request_id());
        assert!(uuid::Uuid::parse_str(&a).is_ok(), "{a}");
        assert_ne!(a, b, "outside a request each failure gets its own id");
    }
}
