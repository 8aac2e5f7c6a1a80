//! Per-client limits on the public forms (actix-governor), keyed by the client's address as
//! [`client_ip`] finds it behind trusted proxies.
use std::net::IpAddr;
use std::sync::Arc;

use actix_governor::governor::NotUntil;
use actix_governor::governor::clock::{Clock, DefaultClock, QuantaInstant};
use actix_governor::governor::middleware::NoOpMiddleware;
use actix_governor::{
    GovernorConfig, GovernorConfigBuilder, KeyExtractor, SimpleKeyExtractionError,
};
use actix_web::dev::ServiceRequest;
use actix_web::http::header::ContentType;
use actix_web::{HttpResponse, HttpResponseBuilder};

use super::client_ip;

#[derive(Clone)]
pub struct ClientAddress {
    pub trusted: Arc<Vec<IpAddr>>,
}

impl KeyExtractor for ClientAddress {
    type Key = IpAddr;
    type KeyExtractionError = SimpleKeyExtractionError<&'static str>;

    fn extract(&self, req: &ServiceRequest) -> Result<IpAddr, Self::KeyExtractionError> {
        client_ip(
            req.peer_addr().map(|a| a.ip()),
            req.headers(),
            &self.trusted,
        )
        .ok_or_else(|| SimpleKeyExtractionError::new("no client address"))
    }

    fn exceed_rate_limit_response(
        &self,
        negative: &NotUntil<QuantaInstant>,
        mut response: HttpResponseBuilder,
    ) -> HttpResponse {
        let wait = negative
            .wait_time_from(DefaultClock::default().now())
            .as_secs()
            .max(1);
        tracing::warn!(wait, "sign-ups from one address slowed down");
        response
            .insert_header(("Retry-After", wait.to_string()))
            .content_type(ContentType::plaintext())
            .body(format!(
                "Trop de demandes depuis votre adresse : réessayez dans {wait} s.\n\
                 Too many requests from your address: try again in {wait} s.\n"
            ))
    }
}

pub type SignupLimit = GovernorConfig<ClientAddress, NoOpMiddleware<QuantaInstant>>;

/// `per_minute` requests a minute from one address, all of them at once at most; `None`
/// when limits are off (`0`).
pub fn signup_limit(per_minute: u32, trusted: Arc<Vec<IpAddr>>) -> Option<SignupLimit> {
    if per_minute == 0 {
        return None;
    }
    GovernorConfigBuilder::default()
        .period(std::time::Duration::from_millis(
            60_000 / u64::from(per_minute),
        ))
        .burst_size(per_minute)
        .key_extractor(ClientAddress { trusted })
        .finish()
}
