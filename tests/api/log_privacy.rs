//! Logs must never let anyone act on a reader: no token from a confirmation or unsubscribe
//! link, no reader address, and no client address a stranger put in `X-Forwarded-For`.
use std::time::{Duration, Instant};

use crate::helpers::{Db, confirmation_path, token_in};
use crate::logged_server::LoggedServer;

const READER: &str = "hidden.reader@example.tm";
const SPOOFED: &str = "203.0.113.77";

async fn logs_hold_no_token_no_address_and_no_forged_client(db: Db) {
    let dir = tempfile::tempdir().unwrap();
    let database_url = db.fresh_url(dir.path()).await;
    let server = LoggedServer::start(
        dir.path(),
        &database_url,
        &[
            ("CARAVAN_SIGNUP_RATE_LIMIT", "0"),
            ("RUST_LOG", "debug,sqlx=debug,hyper=info,h2=info"),
        ],
    )
    .await;
    let base = server.base.clone();
    let client = crate::helpers::client_builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let started = Instant::now();
    let send = |method: reqwest::Method, path: String| {
        client
            .request(method, format!("{base}{path}"))
            .header("X-Forwarded-For", SPOOFED)
            .send()
    };
    let signed_up = client
        .post(format!("{base}/subscriptions"))
        .header("X-Forwarded-For", SPOOFED)
        .form(&[("email", READER), ("name", "Zhanna")])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_up.status(), 200);

    // The service's own outbox sender writes the confirmation.
    let outbox = dir.path().join("outbox");
    let raw = loop {
        let found = std::fs::read_dir(&outbox).ok().and_then(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .find(|p| p.extension().is_some_and(|x| x == "eml"))
        });
        if let Some(path) = found {
            break std::fs::read_to_string(path).unwrap();
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no confirmation"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let confirm = confirmation_path(&raw);
    let confirm_token = token_in(&confirm);
    assert_eq!(
        send(reqwest::Method::GET, confirm.clone())
            .await
            .unwrap()
            .status(),
        200
    );
    let confirmed = send(reqwest::Method::POST, confirm.clone()).await.unwrap();
    assert_eq!(confirmed.status(), 200);
    let page = confirmed.text().await.unwrap();
    let start = page
        .find("/unsubscribe?token=")
        .expect("an unsubscribe link");
    let unsubscribe = page[start..page[start..].find('"').unwrap() + start].replace("&amp;", "&");
    let unsubscribe_token = token_in(&unsubscribe).to_owned();
    assert_eq!(
        send(reqwest::Method::GET, unsubscribe.clone())
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        send(reqwest::Method::POST, unsubscribe)
            .await
            .unwrap()
            .status(),
        200
    );
    // An editor's search for the reader, as a link would carry it.
    send(
        reqwest::Method::GET,
        "/admin/readers?q=hidden.reader%40example.tm".into(),
    )
    .await
    .unwrap();

    let logs = server.stop();
    assert!(
        logs.contains("/subscriptions/confirm"),
        "the requests were logged: {logs}"
    );
    assert!(logs.contains("/unsubscribe"));
    for (secret, what) in [
        (confirm_token, "the confirmation token"),
        (unsubscribe_token.as_str(), "the unsubscribe token"),
        ("hidden.reader", "the reader's address"),
        ("hidden.reader%40", "the reader's address, encoded"),
        (SPOOFED, "a client address a stranger forged"),
    ] {
        let line = logs.lines().find(|l| l.contains(secret));
        assert!(
            line.is_none(),
            "{what} is in the logs: {}",
            line.unwrap_or_default()
        );
    }
}

both_databases!(logs_hold_no_token_no_address_and_no_forged_client);
