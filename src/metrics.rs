//! What `GET /metrics` reports, in Prometheus' text format. Counters live for the process
//! (one registry, shared by every part that counts); database figures (outbox depth and age,
//! readers) are read when scraped.
use std::sync::LazyLock;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::store::Backlog;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct HttpLabels {
    pub method: String,
    /// The route's pattern (`/archive/{slug}`), never the raw path: bounded cardinality.
    pub route: String,
    pub status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    pub method: String,
    pub route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RelayLabels {
    /// `host:port` of a relay of `CARAVAN_SMTP_URL`: as many as the operator lists.
    pub relay: String,
    pub outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct BounceLabels {
    /// hard, soft, complaint, delivered; or ignored, unrecognised, forged.
    pub kind: &'static str,
    /// dsn, arf, mbox, or a provider's name.
    pub source: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct Outcome {
    pub outcome: &'static str,
}

type HistogramFamily = Family<RouteLabels, Histogram, fn() -> Histogram>;

pub struct Metrics {
    registry: Registry,
    pub http_requests: Family<HttpLabels, Counter>,
    pub http_duration: HistogramFamily,
    pub signups: Family<Outcome, Counter>,
    pub confirmations: Family<Outcome, Counter>,
    pub deliveries: Family<Outcome, Counter>,
    pub outbox_sends: Family<Outcome, Counter>,
    pub digest_runs: Family<Outcome, Counter>,
    pub smtp_in_use: Gauge,
    pub relay_messages: Family<RelayLabels, Counter>,
    pub bounce_events: Family<BounceLabels, Counter>,
    pub story_clicks: Family<Outcome, Counter>,
}

fn latency_histogram() -> Histogram {
    // 1 ms to ~16 s.
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

impl Metrics {
    fn new() -> Self {
        let mut registry = Registry::with_prefix("caravan");
        let metrics = Self {
            http_requests: Family::default(),
            http_duration: Family::new_with_constructor(latency_histogram),
            signups: Family::default(),
            confirmations: Family::default(),
            deliveries: Family::default(),
            outbox_sends: Family::default(),
            digest_runs: Family::default(),
            smtp_in_use: Gauge::default(),
            relay_messages: Family::default(),
            bounce_events: Family::default(),
            story_clicks: Family::default(),
            registry: Registry::default(),
        };
        registry.register(
            "http_requests",
            "HTTP requests answered, by method, route and status",
            metrics.http_requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to answer HTTP requests, by method and route",
            metrics.http_duration.clone(),
        );
        registry.register(
            "signups",
            "Sign-ups recorded, by outcome (created, resent, throttled, already_confirmed)",
            metrics.signups.clone(),
        );
        registry.register(
            "confirmations",
            "Confirmation links followed, by outcome",
            metrics.confirmations.clone(),
        );
        registry.register(
            "deliveries",
            "Issue deliveries settled or retried, by outcome",
            metrics.deliveries.clone(),
        );
        registry.register(
            "outbox_sends",
            "Outbox messages (confirmations, tests) sent or retried, by outcome",
            metrics.outbox_sends.clone(),
        );
        registry.register(
            "digest_runs",
            "Digest builds by the scheduler, by outcome",
            metrics.digest_runs.clone(),
        );
        registry.register(
            "relay_messages",
            "Messages handed to each SMTP relay, by outcome (sent, refused, deferred, \
             throttled, unreachable)",
            metrics.relay_messages.clone(),
        );
        registry.register(
            "bounce_events",
            "Reports received about sent mail, by kind (hard, soft, complaint, delivered, \
             duplicate, ignored, unrecognised, forged) and source (dsn, arf, mbox, providers)",
            metrics.bounce_events.clone(),
        );
        registry.register(
            "story_clicks",
            "Clicks on letters' story links, by outcome: counted (a person's), early (while \
             copies were going out, left out), robot (HEAD, prefetch, known scanner, left out)",
            metrics.story_clicks.clone(),
        );
        registry.register(
            "smtp_connections_in_use",
            "SMTP connections sending right now",
            metrics.smtp_in_use.clone(),
        );
        Self {
            registry,
            ..metrics
        }
    }

    /// The text exposition of every metric, with this scrape's reading of the database.
    pub fn render(&self, backlog: Option<&Backlog>) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_client::encoding::text::encode_registry(&mut out, &self.registry);
        if let Some(backlog) = backlog {
            // Read per scrape into a registry of its own: two apps in one process (tests)
            // never see each other's database figures.
            let mut scraped = Registry::with_prefix("caravan");
            let gauge = |value: i64| {
                let gauge: Gauge = Gauge::default();
                gauge.set(value);
                gauge
            };
            scraped.register(
                "outbox_depth",
                "Outbox messages waiting to be sent",
                gauge(backlog.outbox_depth),
            );
            let age = backlog
                .outbox_oldest
                .map_or(0, |at| (chrono::Utc::now() - at).num_seconds().max(0));
            scraped.register(
                "outbox_oldest_age_seconds",
                "Age of the oldest message waiting in the outbox",
                gauge(age),
            );
            scraped.register(
                "deliveries_open",
                "Issue deliveries not yet sent (pending or retrying)",
                gauge(backlog.deliveries_open),
            );
            let _ = prometheus_client::encoding::text::encode_registry(&mut out, &scraped);
        }
        let _ = prometheus_client::encoding::text::encode_eof(&mut out);
        out
    }
}

/// The process's metrics.
pub static METRICS: LazyLock<Metrics> = LazyLock::new(Metrics::new);

/// Counts one event in `family` under `outcome`.
/// Counts one message's outcome at one relay.
pub fn count_relay(relay: &str, outcome: &Result<(), crate::mail::SendError>) {
    let outcome = match outcome {
        Ok(()) => "sent",
        Err(e) if e.relay_unavailable => "unreachable",
        Err(e) if e.throttled => "throttled",
        Err(e) if e.transient => "deferred",
        Err(_) => "refused",
    };
    METRICS
        .relay_messages
        .get_or_create(&RelayLabels {
            relay: relay.to_owned(),
            outcome,
        })
        .inc();
}

/// Counts one report received about sent mail.
pub fn count_bounce(kind: &'static str, source: &'static str) {
    METRICS
        .bounce_events
        .get_or_create(&BounceLabels { kind, source })
        .inc();
}

pub fn count(family: &Family<Outcome, Counter>, outcome: &'static str) {
    family.get_or_create(&Outcome { outcome }).inc();
}

/// Counts `n` events at once.
pub fn count_n(family: &Family<Outcome, Counter>, outcome: &'static str, n: u64) {
    family.get_or_create(&Outcome { outcome }).inc_by(n);
}
