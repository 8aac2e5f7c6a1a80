//! A NUL character anywhere a client can put one (Schemathesis found the first: an article
//! title with `\u0000` was a 500 on PostgreSQL, which cannot store it, and left the article's
//! file behind). Each is now a clear 4xx, or simply matches nothing; nothing is half-written.
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::admin_client::{AdminClient, PASSWORD, account};
use crate::api_issues::{call, token};
use crate::helpers::{Db, TestApp};

async fn a_nul_is_refused_or_matches_nothing_everywhere(db: Db) {
    let app = TestApp::spawn(db).await;
    let draft = crate::fan_out::readers_and_a_draft(&app).await;
    let live = token(&app, "fuzz").await;

    let (status, body) = call(
        &app,
        Method::POST,
        "/api/v1/articles",
        Some(&live),
        Some(json!({"title": "Titre\u{0}", "body": "Texte."})),
    )
    .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("title"))
    );
    let (status, body) = call(
        &app,
        Method::POST,
        "/api/v1/articles",
        Some(&live),
        Some(json!({"title": "Titre", "body": "Texte\u{0}"})),
    )
    .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("body"))
    );
    assert!(
        !app.settings.articles_dir.join("titre.md").exists(),
        "no file left behind"
    );

    for (body, field) in [
        (json!({"subject": "Objet\u{0}"}), "subject"),
        (json!({"intro": "Bonjour\u{0}"}), "intro"),
    ] {
        let (status, refused) = call(
            &app,
            Method::PATCH,
            &format!("/api/v1/issues/{draft}"),
            Some(&live),
            Some(body),
        )
        .await;
        assert_eq!(
            (status, refused["error"]["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(field))
        );
    }
    let (status, _) = call(
        &app,
        Method::POST,
        "/api/v1/issues",
        Some(&live),
        Some(json!({"subject": "\u{0}"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    let (status, page) = call(
        &app,
        Method::GET,
        "/api/v1/subscribers?q=a%00b",
        Some(&live),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["items"], json!([]));

    assert_eq!(
        app.get("/archive/x%00y").await.status(),
        StatusCode::NOT_FOUND
    );
    let signup = app.post_form(&[("email", "nul\u{0}@example.kz")]).await;
    assert_eq!(signup.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let named = app
        .post_form(&[("email", "named@example.kz"), ("name", "Ai\u{0}gerim")])
        .await;
    assert_eq!(named.status(), StatusCode::OK);
    assert_eq!(
        app.reader("named@example.kz").await.name.as_deref(),
        Some("Ai gerim")
    );
    assert!(
        app.get("/dev/mailbox/x%00y")
            .await
            .status()
            .is_client_error()
    );

    account(&app, "editor@caravan.test", "editor").await;
    let mut stranger = AdminClient::new(&app);
    let login = stranger.login("editor\u{0}@caravan.test", PASSWORD).await;
    assert_eq!(login.status(), StatusCode::UNAUTHORIZED);
    let mut editor = AdminClient::signed_in(&app, "editor@caravan.test").await;
    let (status, _) = editor.page("/admin/readers?q=%00").await;
    assert_eq!(status, StatusCode::OK);
    editor.page(&format!("/admin/issues/{draft}")).await;
    let saved = editor
        .submit(
            &format!("/admin/issues/{draft}"),
            &[("subject", "Objet\u{0}")],
        )
        .await;
    assert!(crate::admin_client::location(&saved).ends_with("notice=subject_required"));
    let saved = editor
        .submit(
            &format!("/admin/issues/{draft}"),
            &[("subject", "Objet"), ("intro", "a\u{0}")],
        )
        .await;
    assert!(crate::admin_client::location(&saved).ends_with("notice=intro_bad"));
    assert_ne!(
        app.store
            .issue_with_articles(draft)
            .await
            .unwrap()
            .unwrap()
            .0
            .subject,
        "Objet"
    );
}

async fn a_binary_article_file_is_named_and_the_others_load(db: Db) {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(
        folder.path().join("binaire.md"),
        "+++\ntitle = \"x\"\n+++\n\nA\u{0}B\n",
    )
    .unwrap();
    std::fs::write(
        folder.path().join("propre.md"),
        "+++\ntitle = \"Propre\"\n+++\n\nTexte.\n",
    )
    .unwrap();
    let app = TestApp::spawn_with(
        db,
        crate::helpers::TestOptions {
            articles_dir: Some(folder.path().to_owned()),
            ..Default::default()
        },
    )
    .await;
    let report = caravan::articles::sync_folder(&app.store, folder.path())
        .await
        .unwrap();
    assert_eq!(report.problems.len(), 1);
    assert!(report.problems[0].reason.contains("NUL"));
    assert_eq!(app.store.list_articles().await.unwrap().len(), 1);
}

both_databases!(
    a_nul_is_refused_or_matches_nothing_everywhere,
    a_binary_article_file_is_named_and_the_others_load,
);
