//! The one log line of a failure of ours (a 500), whichever surface answered it: the API,
//! an admin page or a reader's page.
use crate::domain::redact_addresses;

/// Logs `error` once, with the request id the person was shown and the whole cause chain.
/// Addresses in the chain are replaced: a database or relay message may quote a reader's.
pub fn log_failure(surface: &'static str, request_id: &str, error: &anyhow::Error) {
    let chain = redact_addresses(&format!("{error:#}"));
    tracing::error!(surface, request_id, error = %chain, "the request failed on our side");
}
