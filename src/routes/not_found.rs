use actix_web::HttpResponse;

use crate::web::{PageCtx, PageError, PageErrorKind};

/// Every unknown path: a 404 page in the reader's language.
pub async fn not_found(ctx: PageCtx) -> Result<HttpResponse, PageError> {
    Err(PageError::new(&ctx, PageErrorKind::NotFound))
}
