//! `/api/v1/issues` behind bearer tokens: who may and may not, the happy paths, and bad input
//! answered in the one error shape.
use caravan::api::{new_token, token_hash};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::fan_out::readers_and_a_draft;
use crate::helpers::{Db, TestApp};

/// A live token named `name`, made the way `caravan tokens create` makes it.
pub async fn token(app: &TestApp, name: &str) -> String {
    let token = new_token();
    let created = app.store.create_api_token(name, &token_hash(&token)).await;
    assert!(created.unwrap().is_some());
    token
}

/// `DELETE /api/v1/subscribers/{id}` (an erasure) with a token; the answer's status.
pub async fn erase(app: &TestApp, token: &str, id: i64) -> StatusCode {
    app.client
        .delete(app.url(&format!("/api/v1/subscribers/{id}")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .status()
}

pub async fn call(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = app.client.request(method, app.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    let value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"));
    (status, value)
}

fn error_code(value: &Value) -> &str {
    value["error"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("no error shape: {value}"))
}

async fn only_a_live_token_opens_the_api(db: Db) {
    let app = TestApp::spawn(db).await;
    let live = token(&app, "cms").await;
    let revoked = token(&app, "old").await;
    assert!(app.store.revoke_api_token("old").await.unwrap());
    let get = reqwest::Method::GET;
    for (token, why) in [
        (None, "no token"),
        (Some("cvn_not-a-token"), "unknown token"),
        (Some(revoked.as_str()), "revoked token"),
    ] {
        let (status, body) = call(&app, get.clone(), "/api/v1/issues", token, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{why}");
        assert_eq!(error_code(&body), "unauthorized", "{why}");
        assert!(body["error"]["message"].as_str().unwrap().len() > 10);
    }
    let (status, body) = call(&app, get.clone(), "/api/v1/issues", Some(&live), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, json!({ "items": [], "next_cursor": null }));
    let (status, body) = call(&app, get, "/api/v1/nothing", Some(&live), None).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::NOT_FOUND, "not_found")
    );
}

async fn an_editor_tool_queues_watches_and_cancels_issues(db: Db) {
    let app = TestApp::spawn(db).await;
    let issue = readers_and_a_draft(&app).await;
    let token = token(&app, "cms").await;
    let t = Some(token.as_str());
    let (get, post) = (reqwest::Method::GET, reqwest::Method::POST);

    let (status, body) = call(&app, get.clone(), "/api/v1/issues?limit=1", t, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["items"][0]["id"], json!(issue));
    assert_eq!(body["items"][0]["status"], json!("draft"));
    let cursor = body["next_cursor"].as_str().unwrap().to_owned();
    let (_, next) = call(
        &app,
        get.clone(),
        &format!("/api/v1/issues?cursor={cursor}"),
        t,
        None,
    )
    .await;
    assert_eq!(
        next,
        json!({ "items": [], "next_cursor": null }),
        "one issue, one page"
    );

    // Bad input: each refused with its field, nothing changed.
    let queue = format!("/api/v1/issues/{issue}/queue");
    for (body, field) in [
        (json!({ "send_at": "next monday" }), "send_at"),
        (json!({ "send_at": "2001-01-01T00:00:00Z" }), "send_at"),
    ] {
        let (status, answer) = call(&app, post.clone(), &queue, t, Some(body)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
        assert_eq!(answer["error"]["field"], json!(field));
    }
    let (status, answer) = call(&app, post.clone(), &queue, t, Some(json!({ "sendat": 1 }))).await;
    assert_eq!(
        (status, error_code(&answer)),
        (StatusCode::BAD_REQUEST, "bad_request")
    );
    let (status, _) = call(&app, post.clone(), "/api/v1/issues/999/queue", t, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, shown) = call(
        &app,
        get.clone(),
        &format!("/api/v1/issues/{issue}"),
        t,
        None,
    )
    .await;
    assert_eq!(shown["issue"]["status"], json!("draft"), "{shown}");
    assert_eq!(
        shown["articles"].as_array().unwrap().len(),
        5,
        "the five samples, in order"
    );

    // Scheduled for Monday 8:00 in Almaty; queuing again is a conflict, not a second send.
    let monday = json!({ "send_at": "2099-01-05T08:00:00+05:00" });
    let (status, queued) = call(&app, post.clone(), &queue, t, Some(monday.clone())).await;
    assert_eq!(status, StatusCode::OK, "{queued}");
    assert_eq!(queued["status"], json!("queued"));
    assert_eq!(queued["send_at"], json!("2099-01-05T03:00:00Z"));
    let (status, again) = call(&app, post.clone(), &queue, t, Some(monday)).await;
    assert_eq!(
        (status, error_code(&again)),
        (StatusCode::CONFLICT, "conflict")
    );

    let (status, progress) = call(
        &app,
        get,
        &format!("/api/v1/issues/{issue}/progress"),
        t,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        progress["counts"]["pending"],
        json!(0),
        "not fanned out before its time"
    );

    let cancel = format!("/api/v1/issues/{issue}/cancel");
    let (status, cancelled) = call(&app, post.clone(), &cancel, t, None).await;
    assert_eq!(
        (status, &cancelled["status"]),
        (StatusCode::OK, &json!("cancelled"))
    );
    let (status, twice) = call(&app, post, &cancel, t, None).await;
    assert_eq!(
        (status, error_code(&twice)),
        (StatusCode::CONFLICT, "conflict")
    );
}

/// A test send: one `[TEST]` copy per editor address, through the outbox, with both parts;
/// bad addresses refused before anything is queued.
async fn editors_test_send_an_issue_to_themselves_first(db: Db) {
    let app = TestApp::spawn(db).await;
    let issue = readers_and_a_draft(&app).await;
    let token = token(&app, "cms").await;
    let t = Some(token.as_str());
    let post = reqwest::Method::POST;
    let path = format!("/api/v1/issues/{issue}/test");
    app.drain_outbox().await;
    let before = app.outbox_files().len();

    for (body, why) in [
        (json!({ "to": [] }), "no address"),
        (
            json!({ "to": ["editor@example.kz", "not an address"] }),
            "a bad address",
        ),
        (
            json!({ "to": ["editor@example.kz"], "lang": "de" }),
            "an unknown language",
        ),
    ] {
        let (status, answer) = call(&app, post.clone(), &path, t, Some(body)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{why}: {answer}");
    }
    assert_eq!(
        app.drain_outbox().await,
        0,
        "nothing queued by a refused request"
    );
    let (status, _) = call(
        &app,
        post.clone(),
        "/api/v1/issues/999/test",
        t,
        Some(json!({ "to": ["e@example.kz"] })),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let body = json!({ "to": ["editor@example.kz", "chef@example.kz"], "lang": "en" });
    let (status, answer) = call(&app, post, &path, t, Some(body)).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{answer}");
    assert_eq!(answer, json!({ "queued": 2 }));
    assert_eq!(app.drain_outbox().await, 2);
    let files = app.outbox_files();
    assert_eq!(files.len(), before + 2);
    for (_, raw) in &files[before..] {
        let parsed = mail_parser::MessageParser::default()
            .parse(raw.as_bytes())
            .unwrap();
        assert!(
            parsed.subject().unwrap().starts_with("[TEST] "),
            "{:?}",
            parsed.subject()
        );
        assert!(
            parsed
                .body_text(0)
                .unwrap()
                .contains("CENTRAL ASIA THIS WEEK")
        );
        assert!(parsed.body_html(0).unwrap().contains("Hello,"));
    }
    assert_eq!(
        app.store
            .issue_progress(issue)
            .await
            .unwrap()
            .unwrap()
            .status
            .as_str(),
        "draft",
        "a test send changes nothing about the issue"
    );
}

both_databases!(
    editors_test_send_an_issue_to_themselves_first,
    only_a_live_token_opens_the_api,
    an_editor_tool_queues_watches_and_cancels_issues,
);
