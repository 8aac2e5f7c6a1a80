//! Fan-out: a queued issue becomes one delivery per confirmed reader, once.
use caravan::articles::sync_folder;
use caravan::digest::build_digest;
use caravan::store::DeliveryCounts;

use crate::helpers::{Db, TestApp};

/// Three confirmed readers, one still pending, one gone; and this week's digest as a draft.
pub async fn readers_and_a_draft(app: &TestApp) -> i64 {
    for address in ["a@example.kz", "b@example.uz", "c@example.kg"] {
        let link = app.subscribe_and_get_link(address).await;
        assert_eq!(app.confirm(&link).await.status(), 200);
    }
    app.post_form(&[("email", "pending@example.tj")]).await;
    let link = app.subscribe_and_get_link("gone@example.tm").await;
    app.confirm(&link).await;
    let gone = app.reader("gone@example.tm").await.id;
    app.store.unsubscribe(gone).await.unwrap();

    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("articles");
    sync_folder(&app.store, &samples).await.unwrap();
    let outcome = build_digest(&app.store, chrono::Utc::now(), chrono_tz::Asia::Almaty).await;
    outcome.unwrap().issue_id().unwrap()
}

async fn a_queued_issue_fans_out_to_confirmed_readers_once(db: Db) {
    let app = TestApp::spawn(db).await;
    let issue = readers_and_a_draft(&app).await;
    assert!(
        app.store.start_due_issues().await.unwrap().is_empty(),
        "a draft is not sent"
    );

    assert!(app.store.queue_issue(issue, None).await.unwrap());
    let (first, second) = tokio::join!(app.store.start_due_issues(), app.store.start_due_issues());
    let started: Vec<_> = first.unwrap().into_iter().chain(second.unwrap()).collect();
    assert_eq!(
        started.len(),
        1,
        "one process starts the issue: {started:?}"
    );
    assert_eq!((started[0].issue_id, started[0].deliveries), (issue, 3));
    assert!(app.store.start_due_issues().await.unwrap().is_empty());
    assert_eq!(
        app.store.delivery_counts(issue).await.unwrap(),
        DeliveryCounts {
            pending: 3,
            ..Default::default()
        }
    );
    let status = app.store.list_issues().await.unwrap().remove(0).status;
    assert_eq!(status.as_str(), "sending");
}

async fn an_issue_scheduled_later_waits_for_its_time(db: Db) {
    let app = TestApp::spawn(db).await;
    let issue = readers_and_a_draft(&app).await;
    let later = chrono::Utc::now() + chrono::Duration::hours(1);
    assert!(app.store.queue_issue(issue, Some(later)).await.unwrap());
    assert!(app.store.start_due_issues().await.unwrap().is_empty());
    assert_eq!(
        app.store.delivery_counts(issue).await.unwrap(),
        DeliveryCounts::default()
    );
}

both_databases!(
    a_queued_issue_fans_out_to_confirmed_readers_once,
    an_issue_scheduled_later_waits_for_its_time,
);
