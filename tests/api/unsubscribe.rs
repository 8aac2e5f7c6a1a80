use caravan::domain::SubscriberEmail;
use caravan::store::SubscriberStatus;

use crate::helpers::{Db, TestApp};

async fn confirmed_reader_id(app: &TestApp, address: &str) -> i64 {
    let link = app.subscribe_and_get_link(address).await;
    assert_eq!(app.confirm(&link).await.status(), 200);
    app.reader(address).await.id
}

async fn status_of(app: &TestApp, address: &str) -> SubscriberStatus {
    app.reader(address).await.status
}

async fn the_page_shows_one_button_and_changes_nothing(db: Db) {
    let app = TestApp::spawn(db).await;
    let id = confirmed_reader_id(&app, "ainur@example.kz").await;
    let token = app.signer().await.unsubscribe(id);
    let page = app.get(&format!("/unsubscribe?token={token}")).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Me désabonner"));
    assert_eq!(html.matches("<button").count(), 1);
    assert!(html.contains(&format!("action=\"/unsubscribe?token={token}")));
    assert_eq!(
        status_of(&app, "ainur@example.kz").await,
        SubscriberStatus::Confirmed
    );
}

async fn one_click_post_unsubscribes_idempotently(db: Db) {
    let app = TestApp::spawn(db).await;
    let id = confirmed_reader_id(&app, "bakyt@example.kg").await;
    let token = app.signer().await.unsubscribe(id);
    for _ in 0..2 {
        let response = app
            .client
            .post(app.url(&format!("/unsubscribe?token={token}")))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body("List-Unsubscribe=One-Click")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
    }
    assert_eq!(
        status_of(&app, "bakyt@example.kg").await,
        SubscriberStatus::Unsubscribed
    );
}

async fn bad_unsubscribe_tokens_are_refused_with_a_page(db: Db) {
    let app = TestApp::spawn(db).await;
    let id = confirmed_reader_id(&app, "gulnara@example.uz").await;
    let signer = app.signer().await;
    // A confirmation token must not unsubscribe anybody.
    let wrong_purpose = signer.confirmation(id, chrono::Utc::now());
    for token in [wrong_purpose.as_str(), "garbage", ""] {
        let response = app
            .client
            .post(app.url(&format!("/unsubscribe?token={token}")))
            .body("List-Unsubscribe=One-Click")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{token}");
        assert!(response.text().await.unwrap().contains("Lien non valable"));
    }
    assert_eq!(
        status_of(&app, "gulnara@example.uz").await,
        SubscriberStatus::Confirmed
    );
    let nobody = signer.unsubscribe(424_242);
    let response = app
        .client
        .post(app.url(&format!("/unsubscribe?token={nobody}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
}

async fn an_unsubscribed_reader_can_come_back_through_confirmation(db: Db) {
    let app = TestApp::spawn(db).await;
    let id = confirmed_reader_id(&app, "madina@example.tj").await;
    let old_link = {
        let files = app.outbox_files();
        crate::helpers::confirmation_path(&files.last().unwrap().1)
    };
    assert_eq!(
        app.store.unsubscribe(id).await.unwrap(),
        caravan::store::UnsubscribeOutcome::Unsubscribed
    );
    // The old confirmation link must not undo the unsubscription.
    assert_eq!(app.confirm(&old_link).await.status(), 410);
    assert_eq!(
        status_of(&app, "madina@example.tj").await,
        SubscriberStatus::Unsubscribed
    );
    sign_up_again_past_the_throttle(&app, id).await;
    // A fresh link, made after the reader left, brings them back.
    let token = app
        .signer()
        .await
        .confirmation(id, chrono::Utc::now() + chrono::Duration::seconds(1));
    let fresh = format!("/subscriptions/confirm?token={token}");
    assert_eq!(app.confirm(&fresh).await.status(), 200);
    assert_eq!(
        status_of(&app, "madina@example.tj").await,
        SubscriberStatus::Confirmed
    );
}

/// Signing up again (past the mailbox's gap) sends a fresh confirmation; the reader stays
/// unsubscribed until they confirm it (a stranger typing their address changes nothing).
async fn sign_up_again_past_the_throttle(app: &TestApp, id: i64) {
    let outcome = app
        .store
        .signup(
            &SubscriberEmail::parse("madina@example.tj").unwrap(),
            None,
            caravan::domain::Lang::Fr,
            caravan::store::ConfirmationLimits {
                mailbox_gap: chrono::Duration::zero(),
                ..Default::default()
            },
            move |reader| {
                assert_eq!(reader, id);
                Ok(caravan::store::NewMessage {
                    message_id: format!("<{}@caravan.test>", uuid::Uuid::new_v4()),
                    kind: "confirmation",
                    subscriber_id: Some(reader),
                    recipient: "madina@example.tj".into(),
                    subject: "s".into(),
                    body_text: "t".into(),
                    body_html: "h".into(),
                    list_unsubscribe: None,
                })
            },
        )
        .await
        .unwrap();
    assert_eq!(outcome, caravan::store::SignupOutcome::Resent);
    assert_eq!(
        status_of(app, "madina@example.tj").await,
        SubscriberStatus::Unsubscribed
    );
}

/// The newcomer's path: subscribe, confirm, and leave from the confirmation page.
async fn a_reader_can_leave_from_the_confirmation_page(db: Db) {
    let app = TestApp::spawn(db).await;
    let link = app.subscribe_and_get_link("leila@example.kz").await;
    let page = app.confirm(&link).await.text().await.unwrap();
    let start = page
        .find("href=\"/unsubscribe?token=")
        .expect("an unsubscribe link")
        + 6;
    let href = page[start..start + page[start..].find('"').unwrap()]
        .replace("&#38;", "&")
        .replace("&amp;", "&");
    let form = app.get(&href).await.text().await.unwrap();
    assert!(form.contains("Me désabonner"));
    let left = app
        .client
        .post(app.url(&href))
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(left.status(), 200);
    assert!(left.text().await.unwrap().contains("Vous êtes désabonné"));
    assert_eq!(
        status_of(&app, "leila@example.kz").await,
        SubscriberStatus::Unsubscribed
    );
}

both_databases!(
    a_reader_can_leave_from_the_confirmation_page,
    the_page_shows_one_button_and_changes_nothing,
    one_click_post_unsubscribes_idempotently,
    bad_unsubscribe_tokens_are_refused_with_a_page,
    an_unsubscribed_reader_can_come_back_through_confirmation,
);

mod mangled_links {
    use crate::helpers::{Db, TestApp};

    #[tokio::test]
    async fn a_repeated_token_parameter_is_a_clear_400_page() {
        let app = TestApp::spawn(Db::Sqlite).await;
        let response = app.get("/unsubscribe?token=a&token=b").await;
        assert_eq!(response.status(), 400);
        assert!(response.text().await.unwrap().contains("Lien non valable"));
    }
}
