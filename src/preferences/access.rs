//! Who a preference link is for: the reader behind a genuine, live token, or why not.
use actix_web::http::StatusCode;

use crate::store::Subscriber;
use crate::tokens::TokenError;
use crate::web::{AppState, PageCtx, PageError, PageErrorKind};

/// The reader a link opens, with the token that opened it (the page's forms carry it on).
pub(super) struct Opened {
    pub reader: Subscriber,
    pub token: String,
}

/// A link that opens nothing: the page then asks for the address, saying why.
pub(super) struct Refused {
    pub status: StatusCode,
    pub message: &'static str,
}

pub(super) enum Access {
    Open(Box<Opened>),
    Refused(Refused),
}

/// Checks `token` and reads its reader. An erased reader's link is the "unknown reader"
/// page; a failure of ours is a 500.
pub(super) async fn open(
    ctx: &PageCtx,
    state: &AppState,
    token: &str,
) -> Result<Access, PageError> {
    let prefs = ctx.t.prefs;
    let id = match state.signer.verify_preferences(token, crate::store::now()) {
        Ok(id) => id,
        Err(TokenError::Expired) => {
            return Ok(Access::Refused(Refused {
                status: StatusCode::GONE,
                message: prefs.link_expired,
            }));
        }
        Err(TokenError::Invalid) => {
            return Ok(Access::Refused(Refused {
                status: StatusCode::BAD_REQUEST,
                message: prefs.link_invalid,
            }));
        }
    };
    tracing::Span::current().record("subscriber_id", id);
    let reader = state
        .store
        .subscriber_by_id(id)
        .await
        .map_err(|e| PageError::internal(ctx, e))?
        .ok_or_else(|| PageError::new(ctx, PageErrorKind::UnknownReader))?;
    Ok(Access::Open(Box::new(Opened {
        reader,
        token: token.to_owned(),
    })))
}

/// The query every form of the page posts with: the token, and the page's language.
pub(super) fn token_query(token: &str, ctx: &PageCtx) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .append_pair("token", token)
        .append_pair("lang", ctx.lang.code())
        .finish()
}
