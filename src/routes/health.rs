use actix_web::{HttpResponse, web};
use serde_json::json;

use crate::web::AppState;

/// `GET /health`: 200 when the database answers, 503 when it does not, so a load balancer
/// takes an instance out of rotation when its database is gone.
#[tracing::instrument(name = "GET /health", skip_all)]
pub async fn health(state: web::Data<AppState>) -> HttpResponse {
    if state.store.ping().await {
        HttpResponse::Ok().json(json!({ "status": "ok", "database": "ok" }))
    } else {
        HttpResponse::ServiceUnavailable()
            .json(json!({ "status": "unavailable", "database": "unreachable" }))
    }
}
