//! The batched sign-up writer, driven directly through the store.
use caravan::domain::{Lang, SubscriberEmail};
use caravan::store::{NewMessage, SignupOutcome, SignupRequest};

use crate::helpers::{Db, TestApp};

fn request(address: &str) -> SignupRequest {
    let recipient = address.to_owned();
    SignupRequest {
        email: SubscriberEmail::parse(address).unwrap(),
        name: None,
        lang: Lang::Fr,
        topics: caravan::topics::TopicChoice::Every,
        compose: Box::new(move |id| {
            Ok(NewMessage {
                message_id: format!("<{}@caravan.test>", uuid::Uuid::new_v4()),
                kind: "confirmation",
                subscriber_id: Some(id),
                recipient,
                subject: "Confirmez".into(),
                body_text: format!("reader {id}"),
                body_html: format!("<p>reader {id}</p>"),
                list_unsubscribe: None,
            })
        }),
    }
}

async fn a_batch_answers_each_request_in_order(db: Db) {
    let app = TestApp::spawn(db).await;
    let throttle = caravan::store::ConfirmationLimits::default();
    app.store
        .signup_batch(vec![request("known@example.kz")], throttle)
        .await
        .unwrap();

    let outcomes = app
        .store
        .signup_batch(
            vec![
                request("a@example.kz"),
                request("known@example.kz"),
                request("b@example.kz"),
                request("A@EXAMPLE.kz"),
            ],
            throttle,
        )
        .await
        .unwrap();
    assert_eq!(
        outcomes,
        vec![
            SignupOutcome::Created,
            SignupOutcome::Throttled,
            SignupOutcome::Created,
            SignupOutcome::Throttled,
        ]
    );
    assert_eq!(app.store.count_subscribers().await.unwrap(), 3);
    assert_eq!(app.store.outbox_stats().await.unwrap().pending, 3);
}

async fn a_failing_message_leaves_no_row_of_its_batch(db: Db) {
    let app = TestApp::spawn(db).await;
    let mut broken = request("broken@example.kz");
    broken.compose = Box::new(|_| Err(anyhow::anyhow!("template failed")));
    let result = app
        .store
        .signup_batch(
            vec![request("fine@example.kz"), broken],
            caravan::store::ConfirmationLimits::default(),
        )
        .await;
    assert!(result.is_err());
    assert_eq!(
        app.store.count_subscribers().await.unwrap(),
        0,
        "no half-written batch"
    );
    assert_eq!(app.store.outbox_stats().await.unwrap().pending, 0);
}

both_databases!(
    a_batch_answers_each_request_in_order,
    a_failing_message_leaves_no_row_of_its_batch,
);
