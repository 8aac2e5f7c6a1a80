use crate::helpers::{Db, TestApp};

async fn assert_nothing_stored(app: &TestApp) {
    assert_eq!(app.store.count_subscribers().await.unwrap(), 0);
    assert_eq!(app.store.outbox_stats().await.unwrap().pending, 0);
}

async fn a_malformed_address_returns_the_form_with_the_error_and_the_typed_values(db: Db) {
    let app = TestApp::spawn(db).await;
    let response = app
        .post_form(&[("email", "aigerim@@example"), ("name", "Aigerim <b>K</b>")])
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("Cette adresse e-mail n’est pas valide"),
        "{html}"
    );
    assert!(html.contains("value=\"aigerim@@example\""), "{html}");
    // The typed name comes back escaped, never as markup.
    assert!(
        html.contains("Aigerim &#60;b&#62;K&#60;/b&#62;")
            || html.contains("Aigerim &lt;b&gt;K&lt;/b&gt;"),
        "{html}"
    );
    assert!(!html.contains("<b>K</b>"));
    assert!(html.contains("aria-invalid=\"true\""));
    assert_nothing_stored(&app).await;
}

async fn missing_fields_and_huge_names_are_422_with_the_field_named(db: Db) {
    let app = TestApp::spawn(db).await;
    let missing = app.post_form(&[("name", "Nobody")]).await;
    assert_eq!(missing.status(), 422);
    assert!(
        missing
            .text()
            .await
            .unwrap()
            .contains("Indiquez votre adresse e-mail")
    );

    let huge = "N".repeat(10_000);
    let response = app
        .post_form(&[("email", "ok@example.kz"), ("name", &huge)])
        .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Ce nom est trop long")
    );

    let json = app.post_json(serde_json::json!({"name": "x"})).await;
    assert_eq!(json.status(), 422);
    let body: serde_json::Value = json.json().await.unwrap();
    assert_eq!(body["error"]["code"], "email_required");
    assert_eq!(body["error"]["field"], "email");
    assert_nothing_stored(&app).await;
}

async fn oversize_bodies_are_413(db: Db) {
    let app = TestApp::spawn(db).await;
    let big = format!("email=a%40example.kz&name={}", "a".repeat(17 * 1024));
    let response = app
        .client
        .post(app.url("/subscriptions"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    assert!(response.text().await.unwrap().contains("trop volumineuse"));
    assert_nothing_stored(&app).await;
}

async fn wrong_content_types_are_415(db: Db) {
    let app = TestApp::spawn(db).await;
    for content_type in ["text/plain", "multipart/form-data; boundary=x"] {
        let response = app
            .client
            .post(app.url("/subscriptions"))
            .header("Content-Type", content_type)
            .body("email=a@example.kz")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 415, "{content_type}");
    }
    let none = app
        .client
        .post(app.url("/subscriptions"))
        .body("x")
        .send()
        .await
        .unwrap();
    assert_eq!(none.status(), 415);
    assert_nothing_stored(&app).await;
}

async fn non_utf8_bodies_and_broken_json_are_400(db: Db) {
    let app = TestApp::spawn(db).await;
    let raw_bytes = app
        .client
        .post(app.url("/subscriptions"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(b"email=a%40example.kz&name=\xff\xfe".to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(raw_bytes.status(), 400);
    assert!(raw_bytes.text().await.unwrap().contains("UTF-8"));
    let encoded = app
        .client
        .post(app.url("/subscriptions"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("email=a%40example.kz&name=%C3%28")
        .send()
        .await
        .unwrap();
    assert_eq!(encoded.status(), 400);
    let json = app
        .client
        .post(app.url("/subscriptions"))
        .header("Content-Type", "application/json")
        .body(b"{\"email\": \"a@example.kz\", \"name\": \"\xff\"}".to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(json.status(), 400);
    let body: serde_json::Value = json.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_json");
    assert_nothing_stored(&app).await;
}

both_databases!(
    a_malformed_address_returns_the_form_with_the_error_and_the_typed_values,
    missing_fields_and_huge_names_are_422_with_the_field_named,
    oversize_bodies_are_413,
    wrong_content_types_are_415,
    non_utf8_bodies_and_broken_json_are_400,
);
