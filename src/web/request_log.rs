use actix_web::Error;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use tracing::Span;
use tracing_actix_web::{DefaultRootSpanBuilder, RootSpanBuilder};

/// The default request span (method, route, request id…) plus one log line when the request
/// ends, so that every request shows in the logs with its status and request id.
pub struct RequestLog;

impl RootSpanBuilder for RequestLog {
    fn on_request_start(request: &ServiceRequest) -> Span {
        tracing_actix_web::root_span!(request)
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        let status = match outcome {
            Ok(response) => response.status().as_u16(),
            Err(error) => error.as_response_error().status_code().as_u16(),
        };
        span.in_scope(|| {
            if status >= 500 {
                tracing::error!(status, "request failed");
            } else {
                tracing::info!(status, "request");
            }
        });
        DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}
