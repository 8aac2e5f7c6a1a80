//! The reader's page shows what mail servers reported and why an address is blocked; an
//! editor can lift the block, which the audit log keeps.
use reqwest::StatusCode;

use crate::admin_client::{AdminClient, account, location};
use crate::helpers::{Db, TestApp};

async fn an_editor_sees_why_an_address_is_blocked_and_can_lift_it(db: Db) {
    let app = TestApp::spawn(db).await;
    let link = app.subscribe_and_get_link("reader@example.kz").await;
    app.confirm(&link).await;
    let id = app.reader("reader@example.kz").await.id;
    let event = caravan::store::NewBounceEvent {
        tag: caravan::bounces::BounceTag::Delivery {
            subscriber_id: id,
            issue_id: 424_242,
        },
        kind: caravan::store::BounceKind::Hard,
        status: Some("5.1.1".into()),
        diagnostic: Some("550 5.1.1 user unknown".into()),
        source: "dsn",
        dedupe_key: "admin-test".into(),
        at: caravan::store::now(),
    };
    app.store.record_bounce_events(&[event]).await.unwrap();

    account(&app, "editor@caravan.test", "editor").await;
    let mut browser = AdminClient::signed_in(&app, "editor@caravan.test").await;
    let path = format!("/admin/readers/{id}");
    let (status, page) = browser.page(&path).await;
    assert_eq!(status, StatusCode::OK);
    for text in [
        "Adresse bloquée",
        "refusée par sa messagerie",
        "Refus définitif",
        "5.1.1",
        "Lever le blocage",
    ] {
        assert!(page.contains(text), "{text}");
    }

    // Without the form's token nothing changes.
    let forged = browser.post_raw(&format!("{path}/lift"), &[]).await;
    assert!(forged.status().is_client_error(), "{}", forged.status());
    assert!(app.reader("reader@example.kz").await.suppressed.is_some());

    let lifted = browser.submit(&format!("{path}/lift"), &[]).await;
    assert_eq!(lifted.status(), StatusCode::SEE_OTHER);
    assert!(location(&lifted).ends_with("notice=suppression_lifted"));
    let reader = app.reader("reader@example.kz").await;
    assert_eq!((reader.suppressed, reader.hard_bounces), (None, 0));
    let (_, page) = browser.page(&location(&lifted)).await;
    assert!(page.contains("Blocage levé"));
    assert!(!page.contains("Adresse bloquée"));
    assert_eq!(
        app.sql_number("SELECT COUNT(*) FROM audit_log WHERE action = 'lift_suppression'")
            .await,
        1
    );
    let missing = browser.submit("/admin/readers/999999/lift", &[]).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

async fn an_issue_shows_its_reports_beside_the_thresholds(db: Db) {
    let app = TestApp::spawn(db).await;
    let issue = crate::fan_out::readers_and_a_draft(&app).await;
    app.store.queue_issue(issue, None).await.unwrap();
    crate::delivery::deliver(&app, issue).await;
    let event = |address_id: i64, kind, key: &str| caravan::store::NewBounceEvent {
        tag: caravan::bounces::BounceTag::Delivery {
            subscriber_id: address_id,
            issue_id: issue,
        },
        kind,
        status: None,
        diagnostic: None,
        source: "arf",
        dedupe_key: key.into(),
        at: caravan::store::now(),
    };
    let a = app.reader("a@example.kz").await.id;
    let b = app.reader("b@example.uz").await.id;
    use caravan::store::BounceKind::{Complaint, Hard};
    app.store
        .record_bounce_events(&[event(a, Complaint, "k1"), event(b, Hard, "k2")])
        .await
        .unwrap();
    account(&app, "editor@caravan.test", "editor").await;
    let mut browser = AdminClient::signed_in(&app, "editor@caravan.test").await;
    let (_, page) = browser.page(&format!("/admin/issues/{issue}")).await;
    assert!(page.contains("data-field=\"complaints\">1<"), "{page}");
    assert!(page.contains("data-field=\"hard\">1<"));
    // 1 of 3 sent: far past Gmail's and Yahoo's 0.3 %.
    assert!(page.contains("data-level=\"bad\">33,33 %"), "{page}");
    assert!(page.contains("0,3 %"));
    let (_, dashboard) = browser.page("/admin").await;
    assert!(dashboard.contains("data-complaints=\"bad\""), "{dashboard}");
}

both_databases!(
    an_editor_sees_why_an_address_is_blocked_and_can_lift_it,
    an_issue_shows_its_reports_beside_the_thresholds,
);
