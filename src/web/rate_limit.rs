//! Per-client limits on the public forms (actix-governor), keyed by the client's network
//! ([`client_network`] of the address [`client_ip`] finds behind trusted proxies).
//!
//! The limiter's keys are pruned by a background task every minute ([`prune_periodically`])
//! rather than from the key extractor: pruning scans every key, and doing it on the request
//! path while a flood keeps the store full would scan on every request. The extractor only
//! reads the count (cheap) and, past [`MAX_KEYS`], sends new clients to one shared key.
use std::net::{IpAddr, Ipv6Addr};
use std::sync::{Arc, OnceLock, Weak};

use actix_governor::governor::clock::{Clock, DefaultClock, QuantaInstant};
use actix_governor::governor::middleware::NoOpMiddleware;
use actix_governor::governor::state::keyed::DefaultKeyedStateStore;
use actix_governor::governor::{NotUntil, RateLimiter};
use actix_governor::{
    GovernorConfig, GovernorConfigBuilder, KeyExtractor, SimpleKeyExtractionError,
};
use actix_web::dev::ServiceRequest;
use actix_web::http::header::ContentType;
use actix_web::{HttpResponse, HttpResponseBuilder};

use super::prune::{MAX_KEYS, prune_periodically};
use super::{client_ip, client_network};

type Limiter = RateLimiter<
    IpAddr,
    DefaultKeyedStateStore<IpAddr>,
    DefaultClock,
    NoOpMiddleware<QuantaInstant>,
>;

/// The key all new clients share while the store is full (no client has this address).
const OVERFLOW: IpAddr = IpAddr::V6(Ipv6Addr::UNSPECIFIED);

#[derive(Clone)]
pub struct ClientAddress {
    pub trusted: Arc<Vec<IpAddr>>,
    /// The limiter this extractor feeds, known once the config is built (to read its size).
    limiter: Arc<OnceLock<Weak<Limiter>>>,
}

impl KeyExtractor for ClientAddress {
    type Key = IpAddr;
    type KeyExtractionError = SimpleKeyExtractionError<&'static str>;

    fn extract(&self, req: &ServiceRequest) -> Result<IpAddr, Self::KeyExtractionError> {
        let ip = client_ip(
            req.peer_addr().map(|a| a.ip()),
            req.headers(),
            &self.trusted,
        )
        .ok_or_else(|| SimpleKeyExtractionError::new("no client address"))?;
        let full = (self.limiter.get())
            .and_then(Weak::upgrade)
            .is_some_and(|limiter| limiter.len() >= MAX_KEYS);
        if full {
            tracing::warn!("sign-up limit: too many clients at once; new ones share one key");
            return Ok(OVERFLOW);
        }
        Ok(client_network(ip))
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

/// `per_minute` requests a minute from one client network, all of them at once at most;
/// `None` when limits are off (`0`). Starts the pruning of its keys (needs a Tokio runtime).
pub fn signup_limit(per_minute: u32, trusted: Arc<Vec<IpAddr>>) -> Option<SignupLimit> {
    if per_minute == 0 {
        return None;
    }
    let extractor = ClientAddress {
        trusted,
        limiter: Arc::new(OnceLock::new()),
    };
    let config = GovernorConfigBuilder::default()
        .period(std::time::Duration::from_millis(
            60_000 / u64::from(per_minute),
        ))
        .burst_size(per_minute)
        .key_extractor(extractor.clone())
        .finish()?;
    let limiter = config.limiter();
    let _ = extractor.limiter.set(Arc::downgrade(&limiter));
    prune_periodically(&limiter, |limiter| {
        limiter.retain_recent();
        limiter.shrink_to_fit();
    });
    Some(config)
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::{App, test, web};

    #[actix_web::test]
    async fn past_the_cap_new_clients_share_one_bucket() {
        let config = signup_limit(1, Arc::new(Vec::new())).expect("a limit");
        let app = test::init_service(
            App::new()
                .wrap(actix_governor::Governor::new(&config))
                .route("/", web::post().to(HttpResponse::Ok)),
        )
        .await;
        let from = |peer: &str| {
            test::TestRequest::post()
                .uri("/")
                .peer_addr(peer.parse().unwrap())
                .to_request()
        };
        // Two clients of one /64 share a bucket; another network has its own.
        assert_eq!(
            test::call_service(&app, from("[2001:db8::1]:1"))
                .await
                .status(),
            200
        );
        assert_eq!(
            test::call_service(&app, from("[2001:db8::2]:1"))
                .await
                .status(),
            429
        );
        assert_eq!(
            test::call_service(&app, from("192.0.2.1:1")).await.status(),
            200
        );
        // A spray of made-up networks fills the store...
        let limiter = config.limiter();
        for n in 0..MAX_KEYS as u32 {
            let _ = limiter.check_key(&IpAddr::V4(std::net::Ipv4Addr::from(0x0a00_0000 + n)));
        }
        // ...and then new clients share one bucket instead of adding keys.
        let keys = limiter.len();
        assert_eq!(
            test::call_service(&app, from("198.51.100.1:1"))
                .await
                .status(),
            200
        );
        assert_eq!(
            test::call_service(&app, from("198.51.100.2:1"))
                .await
                .status(),
            429
        );
        assert!(limiter.len() <= keys + 1);
    }
}
