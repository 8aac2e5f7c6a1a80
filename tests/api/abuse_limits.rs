//! What a stranger can send without exhausting memory or locking an editor out: made-up
//! HTTP methods in the metrics, a hammered login, overlong login fields, sign-ups from one
//! IPv6 /64, and request bodies that trickle in.
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::admin_client::{AdminClient, PASSWORD, account, csrf_of};
use crate::helpers::{Db, TestApp, TestOptions};

/// An app behind a proxy on 127.0.0.1, so `X-Forwarded-For` names the client.
async fn behind_proxy(db: Db, more: Vec<(&'static str, String)>) -> TestApp {
    let mut env = vec![("CARAVAN_TRUSTED_PROXIES", "127.0.0.1".to_owned())];
    env.extend(more);
    TestApp::spawn_with(
        db,
        TestOptions {
            env,
            ..TestOptions::default()
        },
    )
    .await
}

/// Posts the login form as the client at `client` (through the proxy).
async fn login_from(app: &TestApp, client: &str, email: &str, password: &str) -> reqwest::Response {
    let browser = AdminClient::new(app);
    let page = browser.get("/admin/login").await.text().await.unwrap();
    let csrf = csrf_of(&page).expect("the login form has a CSRF token");
    browser
        .client
        .post(app.url("/admin/login"))
        .header("x-forwarded-for", client)
        .form(&[("email", email), ("password", password), ("csrf", &csrf)])
        .send()
        .await
        .unwrap()
}

async fn made_up_methods_leave_one_other_series(db: Db) {
    let app = TestApp::spawn(db).await;
    let made_up: Vec<String> = (0..25).map(|n| format!("FOO{n}BAR")).collect();
    for method in &made_up {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        app.client
            .request(method, app.url("/"))
            .send()
            .await
            .unwrap();
    }
    let text = app.get("/metrics").await.text().await.unwrap();
    for method in &made_up {
        assert!(!text.contains(method.as_str()), "{method} became a label");
    }
    let other: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("caravan_http_requests_total{") && l.contains("method=\"other\""))
        .collect();
    assert_eq!(other.len(), 1, "{other:?}");
    // The registry is the process's: the other database's run may have counted too.
    let count: f64 = other[0].rsplit(' ').next().unwrap().parse().unwrap();
    assert!(count >= 25.0, "{}", other[0]);
}

async fn a_stranger_hammering_an_account_does_not_lock_its_owner_out(db: Db) {
    let app = behind_proxy(db, vec![]).await;
    account(&app, "editor@caravan.test", "editor").await;
    let stranger = "203.0.113.9";
    for _ in 0..5 {
        let response = login_from(&app, stranger, "editor@caravan.test", "guess 1234567").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    // The stranger is slowed down, even when guessing right.
    let response = login_from(&app, stranger, "Editor@caravan.test", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    // Other hosts of the stranger's IPv6 /64 are the same client.
    for _ in 0..5 {
        login_from(
            &app,
            "2001:db8:7:7::1",
            "editor@caravan.test",
            "guess 1234567",
        )
        .await;
    }
    let response = login_from(&app, "2001:db8:7:7::beef", "editor@caravan.test", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    // The owner, from elsewhere, with the right password, gets in.
    let response = login_from(&app, "198.51.100.4", "editor@caravan.test", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()["location"], "/admin");
}

async fn overlong_login_fields_are_refused_before_anything_else(db: Db) {
    let app = behind_proxy(db, vec![]).await;
    account(&app, "editor@caravan.test", "editor").await;
    let long_email = format!("{}@caravan.test", "e".repeat(300_000));
    let long_password = "p".repeat(5_000);
    // More attempts than any bucket holds: none of them is counted.
    for n in 0..30 {
        let (email, password) = match n % 2 {
            0 => (long_email.as_str(), PASSWORD),
            _ => ("editor@caravan.test", long_password.as_str()),
        };
        let started = Instant::now();
        let response = login_from(&app, "192.0.2.50", email, password).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "attempt {n}"
        );
        let page = response.text().await.unwrap();
        assert!(page.contains("254 octets au plus"), "a clear message");
        assert!(!page.contains("eeeeeeeeee"), "the field is not shown back");
        // No hashing either (one Argon2 check takes far longer on a test build).
        assert!(started.elapsed() < Duration::from_secs(5));
    }
    // Checked before the CSRF token too: nothing of the form is used.
    let response = AdminClient::new(&app)
        .post_raw(
            "/admin/login",
            &[
                ("email", &long_email),
                ("password", PASSWORD),
                ("csrf", "x"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // The same client then signs in normally: no throttle token was spent.
    let response = login_from(&app, "192.0.2.50", "editor@caravan.test", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

async fn signups_count_by_ipv6_64(db: Db) {
    let app = behind_proxy(db, vec![("CARAVAN_SIGNUP_RATE_LIMIT", "2".to_owned())]).await;
    let sign_up = |client: &'static str, n: u32| {
        app.client
            .post(app.url("/subscriptions"))
            .header("x-forwarded-for", client)
            .form(&[("email", format!("r{n}@example.kz"))])
            .send()
    };
    assert_eq!(sign_up("2001:db8:5:5::1", 0).await.unwrap().status(), 200);
    assert_eq!(sign_up("2001:db8:5:5::2", 1).await.unwrap().status(), 200);
    // A third host of the same /64 is the same client.
    assert_eq!(sign_up("2001:db8:5:5::3", 2).await.unwrap().status(), 429);
    // The IPv4-mapped form of an address is that address.
    assert_eq!(sign_up("192.0.2.60", 3).await.unwrap().status(), 200);
    assert_eq!(sign_up("::ffff:192.0.2.60", 4).await.unwrap().status(), 200);
    assert_eq!(sign_up("192.0.2.60", 5).await.unwrap().status(), 429);
    // Another /64 is another client.
    assert_eq!(sign_up("2001:db8:5:6::1", 6).await.unwrap().status(), 200);
    assert_eq!(app.store.count_subscribers().await.unwrap(), 5);
}

async fn a_trickling_body_is_cut_with_a_408(db: Db) {
    let app = TestApp::spawn(db).await;
    let host = app.address.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(host).await.unwrap();
    let head = format!(
        "POST /subscriptions HTTP/1.1\r\nHost: {host}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let (mut reader, mut writer) = stream.into_split();
    let started = Instant::now();
    // One byte a second: a body that would complete after a quarter of an hour.
    let trickle = tokio::spawn(async move {
        for byte in b"email=trickle%40example.kz&name="
            .iter()
            .cycle()
            .take(1000)
        {
            if writer.write_all(&[*byte]).await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });
    let mut answer = Vec::new();
    let limit = caravan::web::BODY_TIMEOUT + Duration::from_secs(10);
    let read = tokio::time::timeout(limit, async {
        let mut buf = [0u8; 1024];
        loop {
            match reader.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    trickle.abort();
    assert!(
        read.is_ok(),
        "the connection was still open after {limit:?}"
    );
    let elapsed = started.elapsed();
    assert!(
        elapsed >= caravan::web::BODY_TIMEOUT - Duration::from_secs(1),
        "{elapsed:?}"
    );
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert_eq!(app.store.count_subscribers().await.unwrap(), 0);
    // The server still serves.
    assert_eq!(app.get("/health").await.status(), 200);
}

both_databases!(
    made_up_methods_leave_one_other_series,
    a_stranger_hammering_an_account_does_not_lock_its_owner_out,
    overlong_login_fields_are_refused_before_anything_else,
    signups_count_by_ipv6_64,
    a_trickling_body_is_cut_with_a_408,
);
