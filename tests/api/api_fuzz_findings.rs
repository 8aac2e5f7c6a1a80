//! What Schemathesis found (fuzz/schemathesis.sh), kept as tests: a method a route does not
//! take is 405 with `Allow`, and a query string that cannot be read is a 422 in the API's
//! error shape (it was a bare 400).
use reqwest::{Method, StatusCode};

use crate::api_issues::{call, token};
use crate::helpers::{Db, TestApp};

async fn wrong_methods_and_unreadable_queries_are_answered_as_documented(db: Db) {
    let app = TestApp::spawn(db).await;
    let live = token(&app, "fuzz").await;
    for (method, path, allow) in [
        ("TRACE", "/api/v1/issues", "GET, POST"),
        ("PUT", "/api/v1/issues/1", "GET, PATCH"),
        ("GET", "/api/v1/articles/sync", "POST"),
        ("DELETE", "/api/v1/subscribers/export", "GET"),
    ] {
        let response = app
            .client
            .request(
                Method::from_bytes(method.as_bytes()).unwrap(),
                app.url(path),
            )
            .bearer_auth(&live)
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}"
        );
        assert_eq!(response.headers()["allow"], allow, "{method} {path}");
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "method_not_allowed");
    }
    for query in [
        "limit=A",
        "limit=9223372036854775808",
        "limit=-1",
        "cursor=%FF",
    ] {
        let (status, body) = call(
            &app,
            Method::GET,
            &format!("/api/v1/issues?{query}"),
            Some(&live),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {body}");
        assert_eq!(body["error"]["code"], "invalid", "{query}");
    }
    // Unknown paths stay 404.
    let (status, _) = call(&app, Method::GET, "/api/v1/nothing", Some(&live), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

both_databases!(wrong_methods_and_unreadable_queries_are_answered_as_documented);
