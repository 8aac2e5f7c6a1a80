use std::time::Duration;

use caravan::delivery::{OutboxSender, SenderConfig};
use caravan::mail::{Composer, Mailer, Transport};
use mailin_embedded::Response;

use crate::helpers::{Db, TestApp, TestOptions};
use crate::smtp_server::SmtpServer;

async fn spawn_with_smtp(db: Db, smtp: &SmtpServer, workers: bool) -> TestApp {
    TestApp::spawn_with(
        db,
        TestOptions {
            smtp_url: Some(smtp.url()),
            database_url: None,
            workers,
            ..Default::default()
        },
    )
    .await
}

/// A sender whose retries are due at once, so a test need not wait out the backoff.
fn eager_sender(app: &TestApp, smtp: &SmtpServer) -> OutboxSender {
    let mut config = SenderConfig::new(4);
    config.retry_base = chrono::Duration::zero();
    OutboxSender::new(
        app.store.clone(),
        Mailer::new(
            Transport::smtp(&smtp.url(), 4, None).unwrap(),
            Composer::new(app.settings.mail_from.clone(), None),
            0,
        ),
        config,
    )
}

async fn confirmations_go_out_over_smtp_as_text_and_html(db: Db) {
    let smtp = SmtpServer::start();
    let app = spawn_with_smtp(db, &smtp, false).await;
    app.post_form(&[("email", "erlan@example.kz"), ("name", "Erlan")])
        .await;
    assert_eq!(app.drain_outbox().await, 1);
    let received = smtp.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].to, vec!["erlan@example.kz".to_owned()]);
    let message = mail_parser::MessageParser::default()
        .parse(received[0].raw.as_bytes())
        .unwrap();
    assert!(
        message
            .message_id()
            .is_some_and(|id| id.ends_with("@caravan.test"))
    );
    assert!(message.body_text(0).unwrap().contains("Bonjour Erlan,"));
    assert!(
        message
            .body_html(0)
            .unwrap()
            .contains("Confirmer mon inscription")
    );
    assert_eq!(app.store.outbox_stats().await.unwrap().sent, 1);
}

async fn the_background_sender_delivers_without_being_asked(db: Db) {
    let smtp = SmtpServer::start();
    let app = spawn_with_smtp(db, &smtp, true).await;
    app.post_form(&[("email", "fast@example.kz")]).await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while smtp.received().is_empty() && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        smtp.received().len(),
        1,
        "the sender woke on the new message"
    );
}

async fn transient_failures_stay_in_the_outbox_and_are_retried(db: Db) {
    let smtp = SmtpServer::start();
    let app = spawn_with_smtp(db, &smtp, false).await;
    let sender = eager_sender(&app, &smtp);
    app.post_form(&[("email", "retry@example.kz")]).await;
    smtp.fail_next(vec![Response::custom(451, "try again later".into())]);

    assert_eq!(sender.deliver_next_batch().await.unwrap(), 1);
    assert!(smtp.received().is_empty());
    let stats = app.store.outbox_stats().await.unwrap();
    assert_eq!((stats.pending, stats.sent, stats.failed), (1, 0, 0));

    assert_eq!(sender.deliver_next_batch().await.unwrap(), 1);
    assert_eq!(smtp.received().len(), 1);
    let stats = app.store.outbox_stats().await.unwrap();
    assert_eq!((stats.pending, stats.sent, stats.failed), (0, 1, 0));
}

async fn permanent_failures_are_not_retried(db: Db) {
    let smtp = SmtpServer::start();
    let app = spawn_with_smtp(db, &smtp, false).await;
    let sender = eager_sender(&app, &smtp);
    app.post_form(&[("email", "nobody@example.kz")]).await;
    smtp.fail_next(vec![Response::custom(550, "no such mailbox".into())]);
    assert_eq!(sender.deliver_next_batch().await.unwrap(), 1);
    assert_eq!(sender.deliver_next_batch().await.unwrap(), 0);
    let stats = app.store.outbox_stats().await.unwrap();
    assert_eq!((stats.pending, stats.sent, stats.failed), (0, 0, 1));
    assert!(smtp.received().is_empty());
}

async fn a_claim_lost_to_a_crash_is_taken_again_after_its_lease(db: Db) {
    let smtp = SmtpServer::start();
    let app = spawn_with_smtp(db, &smtp, false).await;
    app.post_form(&[("email", "crash@example.kz")]).await;
    // A process claims the message and dies before recording anything.
    let lease = chrono::Duration::seconds(2);
    assert_eq!(app.store.claim_outbox(lease, 10).await.unwrap().len(), 1);
    assert!(
        app.store.claim_outbox(lease, 10).await.unwrap().is_empty(),
        "leased rows are not handed out twice"
    );
    tokio::time::sleep(Duration::from_millis(2200)).await;
    assert_eq!(app.drain_outbox().await, 1);
    assert_eq!(smtp.received().len(), 1);
    assert_eq!(app.store.outbox_stats().await.unwrap().pending, 0);
}

async fn an_unreachable_relay_keeps_messages_for_later(db: Db) {
    // Nothing listens on this port: every attempt is a transient connection failure.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let app = TestApp::spawn_with(
        db,
        TestOptions {
            smtp_url: Some(format!("smtp://127.0.0.1:{closed}")),
            ..Default::default()
        },
    )
    .await;
    app.post_form(&[("email", "later@example.kz")]).await;
    assert_eq!(app.drain_outbox().await, 1);
    let stats = app.store.outbox_stats().await.unwrap();
    assert_eq!((stats.pending, stats.sent, stats.failed), (1, 0, 0));
}

async fn reader_messages_carry_one_click_unsubscribe_headers(db: Db) {
    let smtp = SmtpServer::start();
    let app = spawn_with_smtp(db, &smtp, false).await;
    let message = |recipient: &str, unsubscribe: Option<&str>| caravan::store::NewMessage {
        message_id: format!("<{}@caravan.test>", uuid::Uuid::new_v4()),
        kind: "test",
        subscriber_id: None,
        recipient: recipient.to_owned(),
        subject: "Sur le même sujet".to_owned(),
        body_text: "Bonjour".to_owned(),
        body_html: "<p>Bonjour</p>".to_owned(),
        list_unsubscribe: unsubscribe.map(str::to_owned),
    };
    let url = "http://localhost:8080/unsubscribe?token=abc.def";
    app.store
        .enqueue(vec![
            message("one@example.kz", Some(url)),
            message("two@example.kz", None),
        ])
        .await
        .unwrap();
    assert_eq!(app.drain_outbox().await, 2);
    let mut received = smtp.received();
    received.sort_by(|a, b| a.to.cmp(&b.to));
    let one = mail_parser::MessageParser::default()
        .parse(received[0].raw.as_bytes())
        .unwrap();
    assert_eq!(
        one.header_raw("List-Unsubscribe").map(str::trim),
        Some(format!("<{url}>").as_str())
    );
    assert_eq!(
        one.header_raw("List-Unsubscribe-Post").map(str::trim),
        Some("List-Unsubscribe=One-Click")
    );
    assert_eq!(one.subject(), Some("Sur le même sujet"));
    let two = mail_parser::MessageParser::default()
        .parse(received[1].raw.as_bytes())
        .unwrap();
    assert!(two.header_raw("List-Unsubscribe").is_none());
}

both_databases!(
    reader_messages_carry_one_click_unsubscribe_headers,
    confirmations_go_out_over_smtp_as_text_and_html,
    the_background_sender_delivers_without_being_asked,
    transient_failures_stay_in_the_outbox_and_are_retried,
    permanent_failures_are_not_retried,
    a_claim_lost_to_a_crash_is_taken_again_after_its_lease,
    an_unreachable_relay_keeps_messages_for_later,
);
