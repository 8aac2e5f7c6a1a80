//! The editor's language for the request being handled, in reach where no request is: a
//! failure turned into an [`AdminError`](super::AdminError) by `?` is shown in it, with the
//! request id (both kept in task-locals by [`within_admin_request`] around the handler).
use actix_web::Error;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;

use super::lang::admin_lang;
use super::texts::{AdminTexts, admin_texts};
use crate::domain::Lang;

tokio::task_local! {
    static TEXTS: &'static AdminTexts;
}

/// Middleware (`from_fn`) of the admin scope: the page texts and the request id for
/// everything the request runs, extractors included.
pub async fn within_admin_request(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let t = admin_texts(admin_lang(req.request()));
    TEXTS
        .scope(t, crate::web::within_request_id(req, next))
        .await
}

/// The texts of the request being handled; French, the admin's default, outside one.
pub fn current_texts() -> &'static AdminTexts {
    TEXTS
        .try_with(|t| *t)
        .unwrap_or_else(|_| admin_texts(Lang::Fr))
}
