use crate::helpers::{Db, TestApp};

async fn health_is_ok_with_the_database(db: Db) {
    let app = TestApp::spawn(db).await;
    let response = app.get("/health").await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["database"], "ok");
}

async fn health_is_503_without_the_database(db: Db) {
    let app = TestApp::spawn(db).await;
    app.store.close().await;
    let response = app.get("/health").await;
    assert_eq!(response.status(), 503);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["database"], "unreachable");
}

async fn unknown_paths_get_a_french_404_page(db: Db) {
    let app = TestApp::spawn(db).await;
    let response = app.get("/nowhere").await;
    assert_eq!(response.status(), 404);
    assert!(response.text().await.unwrap().contains("Page introuvable"));
}

async fn a_database_failure_is_an_apology_with_a_reference(db: Db) {
    let app = TestApp::spawn(db).await;
    app.store.close().await;
    let response = app.post_form(&[("email", "a@example.kz")]).await;
    assert_eq!(response.status(), 500);
    let page = response.text().await.unwrap();
    assert!(page.contains("Un incident est survenu"), "{page}");
    let reference = page
        .split("<code>")
        .nth(1)
        .and_then(|rest| rest.split("</code>").next())
        .expect("a reference");
    assert!(uuid::Uuid::parse_str(reference).is_ok(), "{reference}");
    assert!(!page.contains("sqlx") && !page.contains("pool"), "{page}");
}

both_databases!(
    health_is_ok_with_the_database,
    health_is_503_without_the_database,
    unknown_paths_get_a_french_404_page,
    a_database_failure_is_an_apology_with_a_reference,
);
