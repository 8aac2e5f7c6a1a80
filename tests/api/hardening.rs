//! What the open internet may throw at the service: security headers on every answer, text
//! from readers and articles escaped or sanitized wherever it shows, spreadsheet formulas
//! defused in exports, and the sign-up form working when embedded on the newsroom's site.
use reqwest::StatusCode;

use crate::admin_client::{AdminClient, account};
use crate::helpers::{Db, TestApp, TestOptions};

async fn every_answer_carries_the_security_headers(db: Db) {
    let app = TestApp::spawn(db).await;
    for path in [
        "/",
        "/archive",
        "/admin/login",
        "/api/v1/openapi.json",
        "/no-such-page",
    ] {
        let response = app.get(path).await;
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .map(|v| v.to_str().unwrap().to_owned())
                .unwrap_or_else(|| panic!("{path}: no {name}"))
        };
        let csp = header("content-security-policy");
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-eval"),
            "{csp}"
        );
        assert!(csp.contains("frame-ancestors 'self'"), "{csp}");
        assert_eq!(header("x-content-type-options"), "nosniff");
        assert_eq!(header("referrer-policy"), "same-origin");
    }
}

async fn reader_text_is_escaped_and_exports_defuse_formulas(db: Db) {
    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("articles");
    let app = TestApp::spawn_with(
        db,
        TestOptions {
            articles_dir: Some(samples),
            ..TestOptions::default()
        },
    )
    .await;
    // The newsroom's own site embeds the form: a cross-origin POST, answered on our domain.
    let response = app
        .client
        .post(app.url("/subscriptions"))
        .header("Origin", "https://www.newsroom.example")
        .header("Referer", "https://www.newsroom.example/a-propos")
        .form(&[
            ("email", "evil@example.kz"),
            ("name", "<script>alert(1)</script>"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let formula = app
        .client
        .post(app.url("/subscriptions"))
        .form(&[
            ("email", "sheet@example.kz"),
            ("name", "=HYPERLINK(\"x\";\"y\")"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(formula.status(), StatusCode::OK);
    let signer = app.signer().await;
    for address in ["evil@example.kz", "sheet@example.kz"] {
        let token = signer.confirmation(app.reader(address).await.id, chrono::Utc::now());
        app.confirm(&format!("/subscriptions/confirm?token={token}"))
            .await;
    }

    // An admin: only admins export the reader list.
    account(&app, "chief@caravan.test", "admin").await;
    let mut editor = AdminClient::signed_in(&app, "chief@caravan.test").await;
    let (_, readers) = editor.page("/admin/readers").await;
    assert!(
        !readers.contains("<script>alert(1)</script>"),
        "escaped in the admin"
    );
    assert!(readers.contains("&#60;script&#62;alert(1)"), "{readers}");

    let id = caravan::digest::build_digest(&app.store, chrono::Utc::now(), chrono_tz::Asia::Almaty)
        .await
        .unwrap()
        .issue_id()
        .unwrap();
    app.store.queue_issue(id, None).await.unwrap();
    crate::delivery::deliver(&app, id).await;
    let copy = app
        .outbox_files()
        .into_iter()
        .map(|(_, raw)| raw)
        .find(|raw| raw.contains("To: evil@example.kz") && raw.contains("List-Unsubscribe"))
        .expect("the reader's copy");
    let message = mail_parser::MessageParser::default()
        .parse(copy.as_bytes())
        .unwrap();
    let html = message.body_html(0).unwrap();
    assert!(!html.contains("<script>"), "escaped in the e-mail");
    assert!(
        html.contains("&#60;script&#62;") || html.contains("&lt;script&gt;"),
        "{html}"
    );

    let export = editor
        .get("/admin/readers/export.csv")
        .await
        .text()
        .await
        .unwrap();
    assert!(export.contains("'=HYPERLINK"), "{export}");
    assert!(!export.contains(",=HYPERLINK"));
}

async fn article_html_is_sanitized_everywhere_it_shows(db: Db) {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(
        folder.path().join("piege.md"),
        "+++\ntitle = \"Un <b>titre</b> piégé\"\n+++\n\nTexte <script>alert(1)</script> et \
         [un lien](javascript:alert(2)) <img src=x onerror=alert(3)>.\n",
    )
    .unwrap();
    let app = TestApp::spawn_with(
        db,
        TestOptions {
            articles_dir: Some(folder.path().to_owned()),
            ..TestOptions::default()
        },
    )
    .await;
    let id = caravan::digest::build_digest(&app.store, chrono::Utc::now(), chrono_tz::Asia::Almaty)
        .await
        .unwrap()
        .issue_id()
        .unwrap();
    account(&app, "editor@caravan.test", "editor").await;
    let editor = AdminClient::signed_in(&app, "editor@caravan.test").await;
    let preview = editor
        .get(&format!("/admin/issues/{id}/preview.html"))
        .await
        .text()
        .await
        .unwrap();
    for bad in ["<script", "javascript:", "onerror", "<b>titre</b>"] {
        assert!(!preview.contains(bad), "{bad} in the e-mail preview");
    }
    app.store.queue_issue(id, None).await.unwrap();
    crate::delivery::deliver(&app, id).await;
    let slug = app
        .store
        .issue_with_articles(id)
        .await
        .unwrap()
        .unwrap()
        .0
        .slug;
    let archive = app
        .get(&format!("/archive/{slug}"))
        .await
        .text()
        .await
        .unwrap();
    for bad in ["<script", "javascript:", "onerror", "<b>titre</b>"] {
        assert!(!archive.contains(bad), "{bad} in the archive");
    }
}

both_databases!(
    every_answer_carries_the_security_headers,
    reader_text_is_escaped_and_exports_defuse_formulas,
    article_html_is_sanitized_everywhere_it_shows,
);
