//! `GET /api/v1/subscribers/{id}/events`: what mail servers and providers reported about a
//! reader's mail (bounces, complaints, deliveries), newest first, as the ledger holds them.
use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::bodies::ErrorBody;
use super::subscribers::{not_found, reader_id};
use super::{ApiCaller, ApiError};
use crate::store::{BounceEventRow, BounceKind};
use crate::web::AppState;

/// One report about a reader's mail.
#[derive(Debug, Serialize, ToSchema)]
pub struct BounceEvent {
    pub id: i64,
    /// The issue whose copy it is about, when it is one (not a confirmation).
    pub issue_id: Option<i64>,
    pub kind: BounceKind,
    /// The enhanced status code (`5.1.1`), or the reply code when that is all there was.
    pub status: Option<String>,
    /// The mail server's own words.
    pub diagnostic: Option<String>,
    /// `dsn`, `arf`, `mbox`, `smtp` (the relay, while sending), `postmark`, `mailgun`,
    /// `sendgrid`.
    pub source: String,
    pub received_at: DateTime<Utc>,
}

impl From<BounceEventRow> for BounceEvent {
    fn from(row: BounceEventRow) -> Self {
        Self {
            id: row.id,
            issue_id: row.issue_id,
            kind: row.kind,
            status: row.status,
            diagnostic: row.diagnostic,
            source: row.source,
            received_at: row.received_at,
        }
    }
}

/// A reader's reports, newest first (at most the latest 200).
#[derive(Debug, Serialize, ToSchema)]
pub struct BounceEventList {
    pub items: Vec<BounceEvent>,
}

#[utoipa::path(get, path = "/api/v1/subscribers/{id}/events", tag = "subscribers",
    params(("id" = i64, Path, description = "Reader id")),
    responses(
        (status = 200, description = "Reports about the reader's mail, newest first", body = BounceEventList),
        (status = 401, description = "No live bearer token", body = ErrorBody),
        (status = 404, description = "No such reader", body = ErrorBody),
    ),
    security(("bearer" = [])))]
#[tracing::instrument(name = "api.subscribers.events", skip_all, fields(caller = %caller.token_name))]
pub async fn events(
    caller: ApiCaller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = reader_id(&id)?;
    if state.store.subscriber_by_id(id).await?.is_none() {
        return Err(not_found(id));
    }
    let items = state.store.bounce_events_of(id).await?;
    Ok(HttpResponse::Ok().json(BounceEventList {
        items: items.into_iter().map(BounceEvent::from).collect(),
    }))
}
