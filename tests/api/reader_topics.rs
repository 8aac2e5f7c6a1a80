//! Readers choose their topics: on the sign-up form (every box ticked at first, no script
//! needed), as JSON, through the API and the CSV import; an editor sees and sets them on the
//! reader's page (audited); the export carries them.
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::admin_client::{AdminClient, account, location};
use crate::api_issues::{call, token};
use crate::helpers::{Db, TestApp};

/// Imports readers as CSV through the API; all of them must be taken.
async fn import(app: &TestApp, token: &str, csv: &str) {
    let response = app
        .client
        .post(app.url("/api/v1/subscribers/import"))
        .bearer_auth(token)
        .header("Content-Type", "text/csv")
        .body(csv.to_owned())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

async fn the_sign_up_form_offers_every_topic_ticked_and_keeps_the_choice(db: Db) {
    let app = TestApp::spawn(db).await;
    let page = app.get("/").await.text().await.unwrap();
    assert_eq!(page.matches(r#"type="checkbox" name="topics""#).count(), 6);
    assert_eq!(page.matches(" checked>").count(), 6, "{page}");
    assert!(page.contains("<legend>Les pays qui vous intéressent</legend>"));
    assert!(page.contains("> Ouzbékistan</label>"));
    let english = app.get("/?lang=en").await.text().await.unwrap();
    assert!(english.contains("> Kyrgyzstan</label>"), "{english}");
    assert!(english.contains("> Central Asia</label>"));

    // Two boxes ticked.
    let response = app
        .post_form(&[
            ("email", "bichkek@example.kg"),
            ("topics_offered", "1"),
            ("topics", "kirghizistan"),
            ("topics", "asie-centrale"),
        ])
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let reader = app.reader("bichkek@example.kg").await;
    assert_eq!(reader.topics.slugs(), ["kirghizistan", "asie-centrale"]);

    // None ticked: the form again, the boxes as they were sent, nothing stored.
    let response = app
        .post_form(&[("email", "rien@example.kz"), ("topics_offered", "1")])
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = response.text().await.unwrap();
    assert!(page.contains("Cochez au moins un sujet."), "{page}");
    assert!(
        page.contains(r#"value="rien@example.kz""#),
        "the address is kept"
    );
    assert_eq!(page.matches(" checked>").count(), 0);
    let known = app
        .store
        .subscriber_by_email(&caravan::domain::SubscriberEmail::parse("rien@example.kz").unwrap())
        .await
        .unwrap();
    assert!(known.is_none(), "nothing stored");

    // A client that offers no topics (an old form, a script): every topic.
    app.post_form(&[("email", "tout@example.kz")]).await;
    let reader = app.reader("tout@example.kz").await;
    assert_eq!(reader.topics, caravan::topics::TopicChoice::Every);

    // JSON: the same, with the field named on a refusal.
    let response = app
        .post_json(json!({"email": "json@example.tj", "topics": ["tadjikistan"]}))
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    assert_eq!(
        app.reader("json@example.tj").await.topics.slugs(),
        ["tadjikistan"]
    );
    let response = app
        .post_json(json!({"email": "x@example.mn", "topics": ["mongolie"]}))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["field"], "topics");
}

async fn the_api_and_the_csv_import_take_topics_and_the_export_gives_them(db: Db) {
    let app = TestApp::spawn(db).await;
    let live = token(&app, "cms").await;
    let (status, created) = call(
        &app,
        Method::POST,
        "/api/v1/subscribers",
        Some(&live),
        Some(json!({"email": "api@example.uz", "topics": ["ouzbekistan"]})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["topics"], json!(["ouzbekistan"]));
    assert_eq!(created["every_topic"], false);
    let (status, bad) = call(
        &app,
        Method::POST,
        "/api/v1/subscribers",
        Some(&live),
        Some(json!({"email": "none@example.uz", "topics": []})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad["error"]["field"], "topics");
    assert_eq!(bad["error"]["message"], "choose at least one topic");

    let csv =
        "email,name,topics\nkg@example.kg,Aïbek,kirghizistan;asie-centrale\nall@example.kz,,\n";
    import(&app, &live, csv).await;
    let id = app.reader("kg@example.kg").await.id;
    let (_, shown) = call(
        &app,
        Method::GET,
        &format!("/api/v1/subscribers/{id}"),
        Some(&live),
        None,
    )
    .await;
    assert_eq!(shown["topics"], json!(["kirghizistan", "asie-centrale"]));
    let id = app.reader("all@example.kz").await.id;
    let (_, shown) = call(
        &app,
        Method::GET,
        &format!("/api/v1/subscribers/{id}"),
        Some(&live),
        None,
    )
    .await;
    assert_eq!(shown["every_topic"], true);
    assert_eq!(shown["topics"].as_array().unwrap().len(), 6);

    let export = app
        .client
        .get(app.url("/api/v1/subscribers/export"))
        .bearer_auth(&live)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let line = export
        .lines()
        .find(|l| l.starts_with("kg@example.kg"))
        .unwrap();
    assert!(line.ends_with(",kirghizistan;asie-centrale"), "{line}");
    let line = export
        .lines()
        .find(|l| l.starts_with("all@example.kz"))
        .unwrap();
    assert!(line.ends_with(','), "every topic is an empty cell: {line}");
}

async fn an_editor_sees_and_sets_a_readers_topics(db: Db) {
    let app = TestApp::spawn(db).await;
    account(&app, "editor@caravan.test", "editor").await;
    let mut browser = AdminClient::signed_in(&app, "editor@caravan.test").await;
    app.post_form(&[
        ("email", "reader@example.kz"),
        ("topics_offered", "1"),
        ("topics", "kazakhstan"),
    ])
    .await;
    let id = app.reader("reader@example.kz").await.id;
    let (status, page) = browser.page(&format!("/admin/readers/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(r#"data-reader-topics="kazakhstan""#),
        "{page}"
    );
    assert!(page.contains(r#"value="kazakhstan" checked>"#));
    assert!(page.contains(r#"value="ouzbekistan">"#));

    let saved = browser
        .submit(
            &format!("/admin/readers/{id}/topics"),
            &[("topics", "ouzbekistan"), ("topics", "tadjikistan")],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert!(location(&saved).ends_with("notice=reader_topics_saved"));
    assert_eq!(
        app.reader("reader@example.kz").await.topics.slugs(),
        ["ouzbekistan", "tadjikistan"]
    );
    let audit = app
        .store
        .audit_page(Some(caravan::store::AuditAction::ReaderTopics), None, 10)
        .await
        .unwrap()
        .pop()
        .expect("audited");
    assert_eq!(
        audit.detail,
        format!("reader #{id}: ouzbekistan, tadjikistan")
    );
    assert_eq!(audit.actor_name, "editor@caravan.test");

    // No box ticked: refused, nothing changed.
    let (_, _) = browser.page(&format!("/admin/readers/{id}")).await;
    let empty = browser
        .submit(&format!("/admin/readers/{id}/topics"), &[])
        .await;
    assert!(location(&empty).ends_with("notice=reader_topics_empty"));
    assert_eq!(
        app.reader("reader@example.kz").await.topics.slugs(),
        ["ouzbekistan", "tadjikistan"]
    );
    // A forged form changes nothing either.
    let forged = browser
        .post_raw(
            &format!("/admin/readers/{id}/topics"),
            &[("csrf", "forged"), ("topics", "kazakhstan")],
        )
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.reader("reader@example.kz").await.topics.slugs(),
        ["ouzbekistan", "tadjikistan"]
    );
}

async fn the_dashboard_and_the_api_count_readers_per_topic_and_language(db: Db) {
    let app = TestApp::spawn(db).await;
    let live = token(&app, "cms").await;
    let csv = "email,lang,topics\na@example.kg,fr,kirghizistan\nb@example.kg,en,kirghizistan;asie-centrale\nc@example.kz,fr,\n";
    import(&app, &live, csv).await;
    // A pending reader does not count.
    app.post_form(&[("email", "pending@example.kz")]).await;

    let (_, topics) = call(&app, Method::GET, "/api/v1/topics", Some(&live), None).await;
    let readers = |slug: &str| {
        topics["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["slug"] == slug)
            .unwrap()["readers"]
            .clone()
    };
    assert_eq!(readers("kirghizistan"), json!(3));
    assert_eq!(readers("asie-centrale"), json!(2));
    assert_eq!(readers("kazakhstan"), json!(1));

    account(&app, "editor@caravan.test", "editor").await;
    let mut browser = AdminClient::signed_in(&app, "editor@caravan.test").await;
    let (_, page) = browser.page("/admin").await;
    assert!(
        page.contains(r#"<tr data-topic="kirghizistan"><td>Kirghizistan</td><td class="num">3</td><td class="num">100 %</td></tr>"#),
        "{page}"
    );
    assert!(page.contains(r#"<tr data-topic="kazakhstan"><td>Kazakhstan</td><td class="num">1</td><td class="num">33 %</td></tr>"#));
    assert!(page.contains(r#"<tr data-lang="fr"><td>fr</td><td class="num">2</td>"#));
    assert!(page.contains("data-every-topic>Lecteurs qui reçoivent tous les sujets : 1</p>"));
}

both_databases!(
    the_dashboard_and_the_api_count_readers_per_topic_and_language,
    the_sign_up_form_offers_every_topic_ticked_and_keeps_the_choice,
    the_api_and_the_csv_import_take_topics_and_the_export_gives_them,
    an_editor_sees_and_sets_a_readers_topics,
);
