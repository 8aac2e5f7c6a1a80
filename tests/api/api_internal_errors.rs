//! A failure on our side is a 500 in the one error shape, with code `internal` and the
//! request id to quote, never a 400 that blames the caller. Each test breaks the real thing
//! (a folder, a table, the database refusing a write), no mock.
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::api_issues::{call, token};
use crate::binary::caravan;
use crate::helpers::{Db, TestApp, TestOptions};
use crate::logged_server::LoggedServer;

/// A 500 with code `internal` and a request id; the id.
fn assert_internal(status: StatusCode, body: &Value) -> String {
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{body}");
    assert_eq!(body["error"]["code"], "internal", "{body}");
    let id = body["error"]["request_id"].as_str().unwrap_or_default();
    assert!(uuid::Uuid::parse_str(id).is_ok(), "a request id: {body}");
    id.to_owned()
}

/// A draft letter made through the API; its id.
async fn a_draft(app: &TestApp, token: &str) -> i64 {
    let (status, body) = call(
        app,
        Method::POST,
        "/api/v1/issues",
        Some(token),
        Some(json!({ "subject": "Lettre spéciale" })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["issue"]["id"].as_i64().unwrap()
}

/// The articles folder is a plain file: the new article cannot be written.
async fn an_article_the_folder_cannot_take_is_a_500(db: Db) {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("articles");
    std::fs::write(&folder, "not a folder").unwrap();
    let app = TestApp::spawn_with(
        db,
        TestOptions {
            articles_dir: Some(folder),
            ..TestOptions::default()
        },
    )
    .await;
    let live = token(&app, "cms").await;
    let (status, body) = call(
        &app,
        Method::POST,
        "/api/v1/articles",
        Some(&live),
        Some(json!({ "title": "Une route", "body": "Le texte." })),
    )
    .await;
    assert_internal(status, &body);
    assert!(
        !body.to_string().contains("not a folder") && !body.to_string().contains("articles/"),
        "the cause stays in the logs: {body}"
    );
    // The OpenAPI document names this answer and every field of it.
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    let documented = &doc["paths"]["/api/v1/articles"]["post"]["responses"]["500"];
    assert_eq!(
        documented["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/ErrorBody"
    );
    let fields = &doc["components"]["schemas"]["ErrorDetail"]["properties"];
    for key in body["error"].as_object().unwrap().keys() {
        assert!(fields[key].is_object(), "{key} is documented");
    }
}

/// The preview's articles cannot be read (their table is gone). A render failure of the
/// e-mail templates goes the same way but cannot happen for real: every value they show is
/// text already.
async fn a_preview_that_cannot_be_read_is_a_500(db: Db) {
    let app = TestApp::spawn(db).await;
    let live = token(&app, "cms").await;
    let issue = a_draft(&app, &live).await;
    app.sql("ALTER TABLE issue_articles RENAME TO issue_articles_gone")
        .await;
    let response = app
        .client
        .get(app.url(&format!("/api/v1/issues/{issue}/preview")))
        .bearer_auth(&live)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_internal(status, &body);
}

/// The sign-up writer's batch is refused by the database.
async fn a_signup_the_writer_cannot_record_is_a_500(db: Db) {
    let app = TestApp::spawn(db).await;
    let live = token(&app, "cms").await;
    app.refuse_inserts("subscribers").await;
    let (status, body) = call(
        &app,
        Method::POST,
        "/api/v1/subscribers",
        Some(&live),
        Some(json!({ "email": "refused@example.kz" })),
    )
    .await;
    assert_internal(status, &body);
    assert!(
        !body.to_string().contains("refused@"),
        "no address in the answer: {body}"
    );
}

/// The outbox refuses the test copies. (Their other failure, an issue that does not render,
/// cannot happen for real; it answers through the same arm.)
async fn a_test_send_the_outbox_refuses_is_a_500(db: Db) {
    let app = TestApp::spawn(db).await;
    let live = token(&app, "cms").await;
    let issue = a_draft(&app, &live).await;
    app.refuse_inserts("outbox").await;
    let (status, body) = call(
        &app,
        Method::POST,
        &format!("/api/v1/issues/{issue}/test"),
        Some(&live),
        Some(json!({ "to": ["editor@example.kz"] })),
    )
    .await;
    assert_internal(status, &body);
}

/// The id in the body is the one the log line carries, with the whole cause chain, once.
async fn the_request_id_of_a_500_leads_to_its_cause_in_the_log(db: Db) {
    let dir = tempfile::tempdir().unwrap();
    let database_url = db.fresh_url(dir.path()).await;
    std::fs::write(dir.path().join("articles"), "not a folder").unwrap();
    let created = caravan(dir.path())
        .args(["tokens", "create", "cms"])
        .env("DATABASE_URL", &database_url)
        .output()
        .unwrap();
    assert!(created.status.success(), "{created:?}");
    let live = String::from_utf8(created.stdout).unwrap().trim().to_owned();
    let articles = dir.path().join("articles");
    let server = LoggedServer::start(
        dir.path(),
        &database_url,
        &[("CARAVAN_ARTICLES_DIR", articles.to_str().unwrap())],
    )
    .await;
    let (base, client) = (
        server.base.clone(),
        crate::helpers::client_builder().build().unwrap(),
    );
    let response = client
        .post(format!("{base}/api/v1/articles"))
        .bearer_auth(&live)
        .json(&json!({ "title": "Une route", "body": "Le texte." }))
        .send()
        .await
        .unwrap();
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    let id = assert_internal(status, &body);
    let logs = server.stop();
    let failures: Vec<Value> = logs
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|l| l["message"] == "the request failed on our side")
        .collect();
    assert_eq!(failures.len(), 1, "logged once: {logs}");
    let line = &failures[0];
    assert_eq!(line["request_id"], id, "{line}");
    assert_eq!(line["surface"], "api", "{line}");
    let error = line["error"].as_str().unwrap();
    assert!(
        error.contains("cannot write the article file") && error.contains("os error"),
        "the cause chain: {error}"
    );
    assert!(!logs.contains(&live), "no token in the logs");
}

both_databases!(
    an_article_the_folder_cannot_take_is_a_500,
    a_preview_that_cannot_be_read_is_a_500,
    a_signup_the_writer_cannot_record_is_a_500,
    a_test_send_the_outbox_refuses_is_a_500,
    the_request_id_of_a_500_leads_to_its_cause_in_the_log,
);
