//! `GET /metrics` (Prometheus text format), and the middleware that counts and times every
//! HTTP request by route.
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, web};
use secrecy::ExposeSecret;

use crate::metrics::{HttpLabels, METRICS, RouteLabels};
use crate::web::AppState;

/// The method as a label: any token is a valid HTTP method, so a stranger could make a new
/// series with each request; all but the standard ones count as `other`.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// Counts and times each request under its route pattern (`/archive/{slug}`) and a method
/// from a fixed set, so that arbitrary paths or methods cannot grow the number of series.
pub async fn http_metrics(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let method = method_label(req.method()).to_owned();
    let response = next.call(req).await?;
    let route = response
        .request()
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_owned());
    let status = response.status().as_u16();
    METRICS
        .http_requests
        .get_or_create(&HttpLabels {
            method: method.clone(),
            route: route.clone(),
            status,
        })
        .inc();
    METRICS
        .http_duration
        .get_or_create(&RouteLabels { method, route })
        .observe(started.elapsed().as_secs_f64());
    Ok(response)
}

/// `GET /metrics`; with `CARAVAN_METRICS_TOKEN` set, only for `Authorization: Bearer <it>`.
#[tracing::instrument(name = "GET /metrics", skip_all)]
pub async fn metrics(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    if let Some(expected) = &state.metrics_token {
        let given = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or_default();
        if !crate::admin::same_secret(given, expected.expose_secret()) {
            return HttpResponse::Unauthorized()
                .insert_header((header::WWW_AUTHENTICATE, "Bearer"))
                .body("metrics need the bearer token set in CARAVAN_METRICS_TOKEN\n");
        }
    }
    let backlog = match state.store.backlog().await {
        Ok(backlog) => Some(backlog),
        Err(error) => {
            tracing::warn!(%error, "metrics: the database did not answer");
            None
        }
    };
    HttpResponse::Ok()
        .content_type("application/openmetrics-text; version=1.0.0; charset=utf-8")
        .body(METRICS.render(backlog.as_ref()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn made_up_methods_share_one_label() {
        assert_eq!(method_label(&Method::GET), "GET");
        assert_eq!(method_label(&Method::OPTIONS), "OPTIONS");
        for raw in ["FOOBAR", "get", "TRACE", "CONNECT"] {
            let method = Method::from_bytes(raw.as_bytes()).unwrap();
            assert_eq!(method_label(&method), "other", "{raw}");
        }
    }
}
