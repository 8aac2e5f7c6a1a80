use actix_web::Error;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::{HttpMessage, web};
use tracing::Span;
use tracing::field::Empty;
use tracing_actix_web::{DefaultRootSpanBuilder, RequestId, RootSpanBuilder};

use super::AppState;

/// The request span (method, route, target, client, request id…) plus one log line when the
/// request ends, so that every request shows in the logs with its status and request id.
///
/// Unlike tracing-actix-web's own span, it never writes what acts on a reader: query values
/// are replaced (a token in `/unsubscribe?token=…` is a reader's key to their subscription,
/// a search `q=` may be their address) except for a few harmless parameters, and the client
/// address is the one the trusted-proxy rule gives, not whatever `X-Forwarded-For` claims.
pub struct RequestLog;

/// Query parameters whose values say nothing about a reader and help reading a log.
const SHOWN_PARAMETERS: &[&str] = &[
    "lang",
    "status",
    "limit",
    "cursor",
    "format",
    "notice",
    "signed_out",
];

/// The path, and the query with every value not in [`SHOWN_PARAMETERS`] replaced by `…`.
pub fn loggable_target(path: &str, query: &str) -> String {
    if query.is_empty() {
        return path.to_owned();
    }
    let shown: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, value)) if SHOWN_PARAMETERS.contains(&name) && value.len() <= 32 => {
                format!("{name}={value}")
            }
            Some((name, _)) if name.len() <= 32 => format!("{name}=…"),
            _ => "…".to_owned(),
        })
        .collect();
    format!("{path}?{}", shown.join("&"))
}

impl RootSpanBuilder for RequestLog {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let request_id = request
            .extensions()
            .get::<RequestId>()
            .map(ToString::to_string)
            .unwrap_or_default();
        let route = request
            .match_pattern()
            .unwrap_or_else(|| "default".to_owned());
        let client = request
            .app_data::<web::Data<AppState>>()
            .and_then(|state| {
                super::client_ip(
                    request.peer_addr().map(|a| a.ip()),
                    request.headers(),
                    &state.trusted_proxies,
                )
            })
            .map(|ip| ip.to_string())
            .unwrap_or_default();
        let target = loggable_target(request.path(), request.query_string());
        let method = request.method().as_str();
        tracing::info_span!(
            "HTTP request",
            http.method = %method,
            http.route = %route,
            http.target = %target,
            http.client_ip = %client,
            http.status_code = Empty,
            otel.name = %format!("{method} {route}"),
            otel.kind = "server",
            otel.status_code = Empty,
            request_id = %request_id,
            exception.message = Empty,
            exception.details = Empty,
        )
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

#[cfg(test)]
mod tests {
    use super::loggable_target;

    #[test]
    fn tokens_and_searches_are_not_logged() {
        assert_eq!(
            loggable_target("/unsubscribe", "token=abc.def&lang=en"),
            "/unsubscribe?token=…&lang=en"
        );
        assert_eq!(
            loggable_target("/admin/readers", "q=aigerim%40example.kz&status=confirmed"),
            "/admin/readers?q=…&status=confirmed"
        );
        assert_eq!(loggable_target("/archive", ""), "/archive");
        assert_eq!(
            loggable_target("/x", "lang=aigerim%40example.kz.very.long.value"),
            "/x?lang=…"
        );
    }
}
