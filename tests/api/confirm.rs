use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use caravan::store::SubscriberStatus;

use caravan::tokens::TokenSigner;
use secrecy::SecretString;

use crate::helpers::{Db, TestApp, TestOptions};

async fn the_link_confirms_once_and_then_says_it_is_done(db: Db) {
    let app = TestApp::spawn(db).await;
    let link = app.subscribe_and_get_link("saule@example.kz").await;

    let first = app.confirm(&link).await;
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

    let second = app.confirm(&link).await;
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
        .confirm(&format!("/subscriptions/confirm?token={nobody}&lang=en"))
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
    let response = second.confirm(&link).await;
    assert_eq!(
        response.status(),
        200,
        "a link signed by one start verifies in the next"
    );
}

async fn opening_the_link_changes_nothing_only_the_button_confirms(db: Db) {
    let app = TestApp::spawn(db).await;
    let link = app.subscribe_and_get_link("scanned@example.uz").await;
    // What a webmail's or a gateway's link scanner does: GET and HEAD, again and again.
    for _ in 0..3 {
        let page = app.get(&link).await;
        assert_eq!(page.status(), 200);
        let html = page.text().await.unwrap();
        assert!(html.contains("<form method=\"post\""), "{html}");
        assert!(html.contains("Confirmer mon inscription"), "{html}");
        let head = app.client.head(app.url(&link)).send().await.unwrap();
        assert!(!head.status().is_server_error(), "{}", head.status());
    }
    assert_eq!(
        app.reader("scanned@example.uz").await.status,
        SubscriberStatus::Pending
    );
    // The page's form posts to the same link; the press confirms.
    let confirmed = app.confirm(&link).await;
    assert_eq!(confirmed.status(), 200);
    assert!(
        confirmed
            .text()
            .await
            .unwrap()
            .contains("Inscription confirmée")
    );
    assert_eq!(
        app.reader("scanned@example.uz").await.status,
        SubscriberStatus::Confirmed
    );
}

/// Rotation: links already in inboxes keep working with the old secret listed in
/// `CARAVAN_SECRET_PREVIOUS`; new links use the new secret; a dropped secret opens nothing.
async fn links_signed_with_a_previous_secret_keep_working_after_a_rotation(db: Db) {
    let (old, new) = ("o".repeat(40), "n".repeat(40));
    let options = |url: Option<String>, env: Vec<(&'static str, String)>| TestOptions {
        database_url: url,
        env,
        ..Default::default()
    };
    let before = TestApp::spawn_with(
        db.clone(),
        options(None, vec![("CARAVAN_SECRET", old.clone())]),
    )
    .await;
    let link = before.subscribe_and_get_link("rotated@example.kz").await;
    let id = before.reader("rotated@example.kz").await.id;
    let unsubscribe = TokenSigner::new(SecretString::from(old.clone())).unsubscribe(id);

    let rotated = TestApp::spawn_with(
        db.clone(),
        options(
            Some(before.database_url.clone()),
            vec![
                ("CARAVAN_SECRET", new.clone()),
                ("CARAVAN_SECRET_PREVIOUS", old.clone()),
            ],
        ),
    )
    .await;
    assert_eq!(rotated.confirm(&link).await.status(), 200);
    assert_eq!(
        rotated.reader("rotated@example.kz").await.status,
        SubscriberStatus::Confirmed
    );
    let page = rotated
        .get(&format!("/unsubscribe?token={unsubscribe}"))
        .await;
    assert_eq!(page.status(), 200, "an old unsubscribe link still opens");

    // A new confirmation is signed with the new secret only.
    let fresh = rotated.subscribe_and_get_link("fresh@example.kz").await;
    let token = crate::helpers::token_in(&fresh);
    let new_signer = TokenSigner::new(SecretString::from(new.clone()));
    let old_signer = TokenSigner::new(SecretString::from(old.clone()));
    assert!(
        new_signer
            .verify_confirmation(token, chrono::Utc::now())
            .is_ok()
    );
    assert!(
        old_signer
            .verify_confirmation(token, chrono::Utc::now())
            .is_err()
    );

    let dropped = TestApp::spawn_with(
        db,
        options(
            Some(before.database_url.clone()),
            vec![("CARAVAN_SECRET", new)],
        ),
    )
    .await;
    let page = dropped
        .get(&format!("/unsubscribe?token={unsubscribe}"))
        .await;
    assert_eq!(
        page.status(),
        400,
        "a secret no longer listed opens nothing"
    );
}

both_databases!(
    opening_the_link_changes_nothing_only_the_button_confirms,
    links_signed_with_a_previous_secret_keep_working_after_a_rotation,
    the_link_confirms_once_and_then_says_it_is_done,
    tampered_unknown_and_expired_links_get_clear_pages,
    the_secret_is_generated_once_and_shared_by_every_start,
);
