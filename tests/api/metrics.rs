//! `GET /metrics`: Prometheus text with requests by route, sign-ups, confirmations, the
//! outbox backlog read from this app's database; behind a token when one is configured.
use crate::helpers::{Db, TestApp, TestOptions};

/// The value of the sample line that starts with `series` (name and labels).
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find(|l| l.starts_with(series))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

async fn metrics_count_requests_signups_and_the_outbox(db: Db) {
    let app = TestApp::spawn(db).await;
    let link = app.subscribe_and_get_link("metrics@example.kz").await;
    app.post_form(&[("email", "waiting@example.kz")]).await;
    assert_eq!(app.confirm(&link).await.status(), 200);
    app.get("/archive/no-such-issue").await;

    let response = app.get("/metrics").await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("openmetrics")
    );
    let text = response.text().await.unwrap();
    assert!(text.trim_end().ends_with("# EOF"), "one exposition");
    let at_least_one = |series: &str| {
        let value = sample(&text, series).unwrap_or_else(|| panic!("no {series} in\n{text}"));
        assert!(value >= 1.0, "{series} = {value}");
    };
    at_least_one(
        r#"caravan_http_requests_total{method="POST",route="/subscriptions",status="200"}"#,
    );
    at_least_one(
        r#"caravan_http_requests_total{method="GET",route="/archive/{slug}",status="404"}"#,
    );
    at_least_one(
        r#"caravan_http_request_duration_seconds_count{method="POST",route="/subscriptions"}"#,
    );
    at_least_one(r#"caravan_signups_total{outcome="created"}"#);
    at_least_one(r#"caravan_confirmations_total{outcome="confirmed"}"#);
    at_least_one(r#"caravan_outbox_sends_total{outcome="sent"}"#);
    // This app's own outbox: the second sign-up's confirmation, and the first reader's
    // welcome, are still waiting.
    assert_eq!(sample(&text, "caravan_outbox_depth "), Some(2.0), "{text}");
    assert!(sample(&text, "caravan_outbox_oldest_age_seconds ").is_some());
    assert_eq!(sample(&text, "caravan_deliveries_open "), Some(0.0));
    assert!(
        !text.contains("waiting@example.kz"),
        "no personal data in metrics"
    );
}

async fn metrics_can_require_a_token(db: Db) {
    let app = TestApp::spawn_with(
        db,
        TestOptions {
            env: vec![("CARAVAN_METRICS_TOKEN", "scrape-me-please-0123".to_owned())],
            ..TestOptions::default()
        },
    )
    .await;
    assert_eq!(app.get("/metrics").await.status(), 401);
    let wrong = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth("scrape-me-please-0124")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let right = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth("scrape-me-please-0123")
        .send()
        .await
        .unwrap();
    assert_eq!(right.status(), 200);
}

both_databases!(
    metrics_count_requests_signups_and_the_outbox,
    metrics_can_require_a_token,
);
