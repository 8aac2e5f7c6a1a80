use crate::helpers::{Db, TestApp, text_part};
use caravan::store::SubscriberStatus;

async fn signup_page_is_french_by_default_and_english_on_request(db: Db) {
    let app = TestApp::spawn(db).await;
    let french = app.get("/").await.text().await.unwrap();
    assert!(french.contains("<html lang=\"fr\">"));
    assert!(french.contains("Je m’abonne"));
    for field in ["name=\"email\"", "name=\"name\"", "name=\"website\""] {
        assert!(french.contains(field), "missing {field}");
    }
    let english = app.get("/?lang=en").await.text().await.unwrap();
    assert!(english.contains("<html lang=\"en\">") && english.contains("Subscribe"));
    let by_header = app
        .client
        .get(app.url("/"))
        .header("Accept-Language", "en-GB,en;q=0.9,fr;q=0.5")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(by_header.contains("<html lang=\"en\">"));
}

async fn form_signup_stores_a_pending_reader_and_queues_a_confirmation(db: Db) {
    let app = TestApp::spawn(db).await;
    let response = app
        .post_form(&[
            ("email", "  Aigerim.K@Example.KZ "),
            ("name", "Aigerim  Kassymova"),
        ])
        .await;
    assert_eq!(response.status(), 200);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Vérifiez votre boîte mail")
    );

    let reader = app.reader("aigerim.k@example.kz").await;
    assert_eq!(reader.email, "Aigerim.K@example.kz");
    assert_eq!(reader.name.as_deref(), Some("Aigerim Kassymova"));
    assert_eq!(reader.status, SubscriberStatus::Pending);
    assert_eq!(reader.lang, "fr");
    assert_eq!(app.store.outbox_stats().await.unwrap().pending, 1);

    assert_eq!(app.drain_outbox().await, 1);
    let files = app.outbox_files();
    assert_eq!(files.len(), 1);
    let raw = &files[0].1;
    assert!(raw.contains("To: Aigerim.K@example.kz"));
    assert!(raw.contains("multipart/alternative"));
    assert!(raw.contains("text/plain") && raw.contains("text/html"));
    assert!(raw.contains("Message-ID: <"));
    let text = text_part(raw);
    assert!(text.contains("Bonjour Aigerim Kassymova,"), "{text}");
    assert!(text.contains("/subscriptions/confirm?token="), "{text}");
    assert!(
        text.lines()
            .all(|l| l.chars().count() <= 72 || l.starts_with("http")),
        "{text}"
    );
}

async fn json_signup_is_accepted_in_english(db: Db) {
    let app = TestApp::spawn(db).await;
    let response = app
        .post_json(serde_json::json!({"email": "dana@example.org", "name": "Dana", "lang": "en"}))
        .await;
    assert_eq!(response.status(), 202);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "pending");
    let reader = app.reader("dana@example.org").await;
    assert_eq!(reader.lang, "en");
    app.drain_outbox().await;
    let raw = &app.outbox_files()[0].1;
    assert!(text_part(raw).contains("Hello Dana,"));
}

async fn known_addresses_get_the_same_answer_and_one_confirmation_per_ten_minutes(db: Db) {
    let app = TestApp::spawn(db).await;
    let first = app
        .post_form(&[("email", "timur@example.uz")])
        .await
        .text()
        .await
        .unwrap();
    let second = app
        .post_form(&[("email", "TIMUR@example.uz")])
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(first, second, "a known address must not be told apart");
    assert_eq!(app.store.count_subscribers().await.unwrap(), 1);
    assert_eq!(app.store.outbox_stats().await.unwrap().pending, 1);

    let link = {
        app.drain_outbox().await;
        crate::helpers::confirmation_path(&app.outbox_files()[0].1)
    };
    assert_eq!(app.confirm(&link).await.status(), 200);
    let third = app
        .post_form(&[("email", "timur@example.uz")])
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(first, third, "a confirmed address must not be told apart");
    // Nothing more for the stranger's sign-up: only the welcome, queued at confirmation.
    let stats = app.store.outbox_stats().await.unwrap();
    assert_eq!((stats.pending, stats.sent), (1, 1));
    assert_eq!(
        app.sql_number("SELECT COUNT(*) FROM outbox WHERE kind = 'welcome'")
            .await,
        1
    );
}

async fn a_filled_honeypot_is_thanked_and_stores_nothing(db: Db) {
    let app = TestApp::spawn(db).await;
    let bot = app
        .post_form(&[
            ("email", "bot@example.com"),
            ("website", "http://spam.example"),
        ])
        .await;
    assert_eq!(bot.status(), 200);
    assert!(
        bot.text()
            .await
            .unwrap()
            .contains("Vérifiez votre boîte mail")
    );
    assert_eq!(app.store.count_subscribers().await.unwrap(), 0);
    assert_eq!(app.store.outbox_stats().await.unwrap().pending, 0);
}

async fn concurrent_signups_of_one_address_make_one_reader(db: Db) {
    let app = TestApp::spawn(db).await;
    let requests = (0..10).map(|_| app.post_form(&[("email", "same@example.kg")]));
    for response in futures_util::future::join_all(requests).await {
        assert_eq!(response.status(), 200);
    }
    assert_eq!(app.store.count_subscribers().await.unwrap(), 1);
    assert_eq!(app.store.outbox_stats().await.unwrap().pending, 1);
}

both_databases!(
    one_address_signing_up_too_often_is_slowed_down,
    signup_page_is_french_by_default_and_english_on_request,
    form_signup_stores_a_pending_reader_and_queues_a_confirmation,
    json_signup_is_accepted_in_english,
    known_addresses_get_the_same_answer_and_one_confirmation_per_ten_minutes,
    a_filled_honeypot_is_thanked_and_stores_nothing,
    concurrent_signups_of_one_address_make_one_reader,
);

async fn one_address_signing_up_too_often_is_slowed_down(db: Db) {
    let app = crate::helpers::TestApp::spawn_with(
        db,
        crate::helpers::TestOptions {
            env: vec![("CARAVAN_SIGNUP_RATE_LIMIT", "3".to_owned())],
            ..Default::default()
        },
    )
    .await;
    for n in 0..3 {
        let response = app
            .post_form(&[("email", &format!("r{n}@example.kz"))])
            .await;
        assert_eq!(response.status(), 200, "sign-up {n}");
    }
    let slowed = app.post_form(&[("email", "r3@example.kz")]).await;
    assert_eq!(slowed.status(), 429);
    assert!(slowed.headers().contains_key("retry-after"));
    assert!(slowed.text().await.unwrap().contains("réessayez dans"));
    assert_eq!(
        app.store.count_subscribers().await.unwrap(),
        3,
        "the fourth is not recorded"
    );
    // Reading the form is not limited.
    assert_eq!(app.get("/").await.status(), 200);
}
