use std::future::Future;
use std::pin::Pin;

use actix_web::{FromRequest, HttpRequest, dev::Payload, http::header, web};
use base64::Engine;
use rand::Rng;
use sha2::{Digest, Sha256};

use super::ApiError;
use crate::web::AppState;

/// A fresh API token: `cvn_` and 32 random bytes in base64url.
pub fn new_token() -> String {
    let bytes: [u8; 32] = rand::rng().random();
    format!(
        "cvn_{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    )
}

/// What the database keeps of a token. A plain SHA-256 is enough: tokens are 256 random bits,
/// not passwords a person chose.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The caller of an API route, proven by a live bearer token. Taking it as a handler argument
/// is what makes a route require one.
#[derive(Debug, Clone)]
pub struct ApiCaller {
    pub token_name: String,
}

impl ApiCaller {
    /// The token as the audit log names it.
    pub fn actor(&self) -> crate::store::Actor {
        crate::store::Actor::Token(self.token_name.clone())
    }
}

impl FromRequest for ApiCaller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(|t| t.trim().to_owned());
        Box::pin(async move {
            let token = token
                .filter(|t| !t.is_empty())
                .ok_or(ApiError::MissingToken)?;
            let state = state.ok_or(ApiError::MissingToken)?;
            let row = state.store.api_token_by_hash(&token_hash(&token)).await?;
            let row = row.ok_or(ApiError::BadToken)?;
            Ok(ApiCaller {
                token_name: row.name,
            })
        })
    }
}
