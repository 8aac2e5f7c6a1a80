use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use caravan::store::SubscriberStatus;

use crate::helpers::{Db, TestApp};

async fn the_link_confirms_once_and_then_says_it_is_done(db: Db) {
    let app = TestApp::spawn(db).await;
    let link = app.subscribe_and_get_link("saule@example.kz").await;

    let first = app.get(&link).await;
    assert_eq!(first.status(), 200);
    assert!(
        first
            .text()
            .await
            .unwrap()
            .contains("Inscription confirmée")
    );
    let reader = app.reader("saule@example.kz").await;
    assert_eq!(reader.status, SubscriberStatus::Confirmed);
    assert!(reader.confirmed_at.is_some());

    let second = app.get(&link).await;
    assert_eq!(second.status(), 200);
    assert!(second.text().await.unwrap().contains("déjà confirmée"));
}

async fn tampered_unknown_and_expired_links_get_clear_pages(db: Db) {
    let app = TestApp::spawn(db).await;
    let link = app.subscribe_and_get_link("nurlan@example.kg").await;

    let tampered = format!("{}x", link.split('&').next().unwrap());
    let response = app.get(&tampered).await;
    assert_eq!(response.status(), 400);
    assert!(response.text().await.unwrap().contains("Lien non valable"));

    let missing = app.get("/subscriptions/confirm").await;
    assert_eq!(missing.status(), 400);

    let signer = app.signer().await;
    let expired = signer.confirmation(1, chrono::Utc::now() - chrono::Duration::days(8));
    let response = app
        .get(&format!("/subscriptions/confirm?token={expired}"))
        .await;
    assert_eq!(response.status(), 410);
    assert!(response.text().await.unwrap().contains("Lien expiré"));

    let nobody = signer.confirmation(999_999, chrono::Utc::now());
    let response = app
        .get(&format!("/subscriptions/confirm?token={nobody}&lang=en"))
        .await;
    assert_eq!(response.status(), 404);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Subscription not found")
    );

    // A token signed with another key, for a real reader, is refused.
    let forged_payload = URL_SAFE_NO_PAD.encode(format!("c.1.{}", i64::MAX));
    let response = app
        .get(&format!(
            "/subscriptions/confirm?token={forged_payload}.AAAAAAAAAAAAAAAAAAAAAA"
        ))
        .await;
    assert_eq!(response.status(), 400);
    let reader = app.reader("nurlan@example.kg").await;
    assert_eq!(reader.status, SubscriberStatus::Pending);
}

async fn the_secret_is_generated_once_and_shared_by_every_start(db: Db) {
    let first = TestApp::spawn(db.clone()).await;
    let link = first.subscribe_and_get_link("shared@example.tj").await;
    let second = TestApp::spawn_with(
        db,
        crate::helpers::TestOptions {
            smtp_url: None,
            database_url: Some(first.database_url.clone()),
            workers: false,
            ..Default::default()
        },
    )
    .await;
    let response = second.get(&link).await;
    assert_eq!(
        response.status(),
        200,
        "a link signed by one start verifies in the next"
    );
}

both_databases!(
    the_link_confirms_once_and_then_says_it_is_done,
    tampered_unknown_and_expired_links_get_clear_pages,
    the_secret_is_generated_once_and_shared_by_every_start,
);
