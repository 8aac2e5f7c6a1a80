//! The API's new-content routes: articles (list, create, sync), issues (create a letter or
//! the digest, edit a draft, preview), readers added with double opt-in; who may, and what
//! bad input gets.
use reqwest::Method;
use reqwest::StatusCode;
use serde_json::json;

use crate::api_issues::{call, token};
use crate::helpers::{Db, TestApp};

fn code(body: &serde_json::Value) -> &str {
    body["error"]["code"].as_str().unwrap_or_default()
}

async fn articles_are_listed_added_and_synced(db: Db) {
    let app = TestApp::spawn(db).await;
    let live = token(&app, "cms").await;
    let revoked = token(&app, "old").await;
    app.store.revoke_api_token("old").await.unwrap();
    for (method, path) in [
        (Method::GET, "/api/v1/articles"),
        (Method::POST, "/api/v1/articles"),
        (Method::POST, "/api/v1/articles/sync"),
        (Method::GET, "/api/v1/topics"),
        (Method::POST, "/api/v1/issues"),
        (Method::PATCH, "/api/v1/issues/1"),
        (Method::GET, "/api/v1/issues/1/preview"),
        (Method::POST, "/api/v1/subscribers"),
    ] {
        let (status, _) = call(&app, method.clone(), path, Some(&revoked), None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{method} {path}");
    }

    let article = json!({
        "title": "Le Turkménistan ouvre une ligne ferroviaire",
        "date": "2026-11-21", "tags": ["transport"], "body": "La ligne relie **Achgabat**."
    });
    let (status, created) = call(
        &app,
        Method::POST,
        "/api/v1/articles",
        Some(&live),
        Some(article.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(
        created["slug"],
        "le-turkmenistan-ouvre-une-ligne-ferroviaire"
    );
    let file = app
        .settings
        .articles_dir
        .join("le-turkmenistan-ouvre-une-ligne-ferroviaire.md");
    assert!(
        std::fs::read_to_string(file)
            .unwrap()
            .contains("date = 2026-11-21")
    );
    let (status, again) = call(
        &app,
        Method::POST,
        "/api/v1/articles",
        Some(&live),
        Some(article),
    )
    .await;
    assert_eq!((status, code(&again)), (StatusCode::CONFLICT, "conflict"));
    let (status, bad) = call(
        &app,
        Method::POST,
        "/api/v1/articles",
        Some(&live),
        Some(json!({"title": "X", "body": "Y", "url": "ftp://x"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad["error"]["field"], "url");

    let (status, page) = call(
        &app,
        Method::GET,
        "/api/v1/articles?limit=1",
        Some(&live),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["items"][0]["tags"], json!(["transport"]));
    assert_eq!(page["items"][0]["carried"], false);
    // Found in the title and the text (Turkménistan, Achgabat); or said by the editor.
    assert_eq!(page["items"][0]["topics"], json!(["turkmenistan"]));
    let (status, tagged) = call(
        &app,
        Method::POST,
        "/api/v1/articles",
        Some(&live),
        Some(json!({"title": "Douchanbé", "body": "Texte.", "topics": ["tadjikistan"]})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{tagged}");
    let (_, page) = call(
        &app,
        Method::GET,
        "/api/v1/articles?limit=1",
        Some(&live),
        None,
    )
    .await;
    assert_eq!(page["items"][0]["topics"], json!(["tadjikistan"]));
    let (status, bad) = call(
        &app,
        Method::POST,
        "/api/v1/articles",
        Some(&live),
        Some(json!({"title": "Oulan-Bator", "body": "Texte.", "topics": ["mongolie"]})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad["error"]["field"], "topics");
    let (status, topics) = call(&app, Method::GET, "/api/v1/topics", Some(&live), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(topics["items"].as_array().unwrap().len(), 6);
    assert_eq!(topics["items"][1]["slug"], "kirghizistan");
    assert_eq!(topics["items"][1]["en"], "Kyrgyzstan");
    assert_eq!(topics["items"][5]["regional"], true);

    std::fs::write(app.settings.articles_dir.join("Mauvais Nom.md"), "x").unwrap();
    let (status, report) = call(
        &app,
        Method::POST,
        "/api/v1/articles/sync",
        Some(&live),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(report["unchanged"], 2);
    assert_eq!(report["problems"][0]["file"], "Mauvais Nom.md");
}

async fn issues_are_made_edited_and_previewed(db: Db) {
    let app = TestApp::spawn(db).await;
    let live = token(&app, "cms").await;
    let (status, nothing) = call(
        &app,
        Method::POST,
        "/api/v1/issues",
        Some(&live),
        Some(json!({"build": "digest"})),
    )
    .await;
    assert_eq!(
        (status, code(&nothing)),
        (StatusCode::UNPROCESSABLE_ENTITY, "nothing_new")
    );

    let draft = crate::fan_out::readers_and_a_draft(&app).await;
    let (status, existing) = call(
        &app,
        Method::POST,
        "/api/v1/issues",
        Some(&live),
        Some(json!({"build": "digest"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "this week's digest exists");
    assert_eq!(existing["issue"]["id"], draft);
    let ids: Vec<i64> = existing["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_i64().unwrap())
        .collect();

    let (status, letter) = call(
        &app,
        Method::POST,
        "/api/v1/issues",
        Some(&live),
        Some(json!({"subject": "  Édition spéciale ", "article_ids": [ids[2], ids[0]]})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{letter}");
    assert_eq!(letter["issue"]["kind"], "letter");
    assert_eq!(letter["issue"]["subject"], "Édition spéciale");
    let letter_id = letter["issue"]["id"].as_i64().unwrap();
    let order: Vec<i64> = letter["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_i64().unwrap())
        .collect();
    assert_eq!(order, vec![ids[2], ids[0]]);

    let path = format!("/api/v1/issues/{letter_id}");
    let (status, edited) = call(
        &app,
        Method::PATCH,
        &path,
        Some(&live),
        Some(json!({"intro": "Bonjour.", "article_ids": [ids[0]]})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(edited["issue"]["intro"], "Bonjour.");
    assert_eq!(
        edited["issue"]["subject"], "Édition spéciale",
        "left out: unchanged"
    );
    assert_eq!(edited["articles"].as_array().unwrap().len(), 1);
    let (_, cleared) = call(
        &app,
        Method::PATCH,
        &path,
        Some(&live),
        Some(json!({"intro": null})),
    )
    .await;
    assert!(cleared["issue"]["intro"].is_null());

    for (body, field) in [
        (json!({"subject": " "}), "subject"),
        (json!({"article_ids": [999999]}), "article_ids"),
    ] {
        let (status, refused) = call(&app, Method::PATCH, &path, Some(&live), Some(body)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(refused["error"]["field"], field);
    }
    let (status, _) = call(
        &app,
        Method::PATCH,
        &path,
        Some(&live),
        Some(json!({"colour": "red"})),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "unknown fields are refused"
    );
    let (status, _) = call(
        &app,
        Method::PATCH,
        "/api/v1/issues/424242",
        Some(&live),
        Some(json!({})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    app.store.queue_issue(letter_id, None).await.unwrap();
    let (status, late) = call(
        &app,
        Method::PATCH,
        &path,
        Some(&live),
        Some(json!({"subject": "Trop tard"})),
    )
    .await;
    assert_eq!(
        (status, code(&late)),
        (StatusCode::CONFLICT, "not_editable")
    );

    // Previews: the e-mail as a reader gets it, HTML or text.
    let html = app
        .client
        .get(app.url(&format!("/api/v1/issues/{draft}/preview?lang=en")))
        .bearer_auth(&live)
        .send()
        .await
        .unwrap();
    assert_eq!(html.status(), StatusCode::OK);
    assert!(
        html.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = html.text().await.unwrap();
    assert!(
        html.contains("Hello Aïgerim") || html.contains("Aïgerim"),
        "{html}"
    );
    let text = app
        .client
        .get(app.url(&format!("/api/v1/issues/{draft}/preview?format=text")))
        .bearer_auth(&live)
        .send()
        .await
        .unwrap();
    assert!(
        text.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    assert!(text.text().await.unwrap().contains("Bonjour Aïgerim,"));
    let (status, bad) = call(
        &app,
        Method::GET,
        &format!("/api/v1/issues/{draft}/preview?format=pdf"),
        Some(&live),
        None,
    )
    .await;
    assert_eq!(
        (status, bad["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("format"))
    );
}

async fn a_reader_added_by_a_tool_still_confirms(db: Db) {
    let app = TestApp::spawn(db).await;
    let live = token(&app, "cms").await;
    let body = json!({"email": "Nouvelle@Example.kz", "name": "Aïgerim", "lang": "en"});
    let (status, reader) = call(
        &app,
        Method::POST,
        "/api/v1/subscribers",
        Some(&live),
        Some(body.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{reader}");
    assert_eq!(reader["status"], "pending");
    assert_eq!(reader["lang"], "en");
    app.drain_outbox().await;
    let confirmations = app
        .outbox_files()
        .into_iter()
        .filter(|(_, raw)| raw.contains("/subscriptions/confirm?token="))
        .count();
    assert_eq!(confirmations, 1, "double opt-in: a confirmation e-mail");
    let (status, known) = call(
        &app,
        Method::POST,
        "/api/v1/subscribers",
        Some(&live),
        Some(body),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(known["id"], reader["id"]);
    // The new reader's answer is built from the write, not read back: it says what is stored.
    let (status, stored) = call(
        &app,
        Method::GET,
        &format!("/api/v1/subscribers/{}", reader["id"]),
        Some(&live),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(stored, reader);

    for (body, field) in [
        (json!({"email": "not-an-address"}), "email"),
        (json!({"email": "a@example.kz", "lang": "de"}), "lang"),
        (
            json!({"email": "a@example.kz", "name": "x".repeat(500)}),
            "name",
        ),
    ] {
        let (status, refused) = call(
            &app,
            Method::POST,
            "/api/v1/subscribers",
            Some(&live),
            Some(body),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(refused["error"]["field"], field);
    }
    assert_eq!(
        app.store.count_subscribers().await.unwrap(),
        1,
        "nothing half-written"
    );
}

both_databases!(
    articles_are_listed_added_and_synced,
    issues_are_made_edited_and_previewed,
    a_reader_added_by_a_tool_still_confirms,
);
