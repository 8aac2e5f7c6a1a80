//! Logs: readable text on a terminal, one JSON object a line otherwise (for collectors), or
//! as `CARAVAN_LOG_FORMAT` (`text` or `json`) says. `RUST_LOG` picks what is shown; every
//! line of a request carries its request id (the request's span, with the JSON's span list).
use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,actix_server=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let json = match std::env::var("CARAVAN_LOG_FORMAT").as_deref() {
        Ok("json") => true,
        Ok("text") => false,
        _ => !std::io::stderr().is_terminal(),
    };
    let result = if !json {
        builder.try_init()
    } else {
        builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(true)
            .try_init()
    };
    // A second init (tests build several apps) keeps the first subscriber.
    let _ = result;
}
