//! The dashboard's figures, now read in a few combined statements: each issue keeps its own
//! delivery counts, a draft shows none, and the weeks keep their order.
use caravan::store::{DeliveryCounts, DraftChanges};
use chrono::{Duration, Utc};

use crate::admin_client::{AdminClient, account};
use crate::fan_out::readers_and_a_draft;
use crate::helpers::{Db, TestApp};

async fn the_dashboard_counts_each_issue_and_week_apart(db: Db) {
    let app = TestApp::spawn(db).await;
    // Three deliveries: two sent, one failed; the newer letter stays a draft.
    let digest = readers_and_a_draft(&app).await;
    assert!(app.store.queue_issue(digest, None).await.unwrap());
    app.store.start_due_issues().await.unwrap();
    app.sql(&format!(
        "UPDATE deliveries SET status = 'sent' WHERE issue_id = {digest}"
    ))
    .await;
    app.sql(&format!(
        "UPDATE deliveries SET status = 'failed' WHERE id = \
         (SELECT MIN(id) FROM deliveries WHERE issue_id = {digest})"
    ))
    .await;
    let letter = DraftChanges {
        subject: "A letter".into(),
        intro: None,
        article_ids: None,
    };
    caravan::issues::create_letter(&app.store, &letter)
        .await
        .unwrap();

    let figures = app.store.latest_issue_figures(5).await.unwrap();
    assert_eq!(figures.len(), 2);
    assert_eq!(figures[0].issue.subject, "A letter");
    assert_eq!(figures[0].counts, DeliveryCounts::default());
    assert_eq!(figures[1].issue.id, digest);
    assert_eq!(
        figures[1].counts,
        DeliveryCounts {
            sent: 2,
            failed: 1,
            ..Default::default()
        }
    );
    assert_eq!(
        figures[1].counts,
        app.store.delivery_counts(digest).await.unwrap()
    );

    // Four readers confirmed today and one left; nothing the days before. Order is kept.
    let now = Utc::now();
    let weeks = [
        (now - Duration::days(3), now - Duration::days(1)),
        (now - Duration::days(1), now + Duration::days(1)),
        (now + Duration::days(1), now + Duration::days(3)),
    ];
    assert_eq!(
        app.store.reader_trend(&weeks).await.unwrap(),
        vec![(0, 0), (4, 1), (0, 0)]
    );

    account(&app, "editor@caravan.test", "editor").await;
    let mut browser = AdminClient::signed_in(&app, "editor@caravan.test").await;
    let (status, page) = browser.page("/admin").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("<td class=\"num\">2</td><td class=\"num\">0</td><td class=\"num\">1</td>"),
        "sent, bounced, failed of the digest: {page}"
    );
}

both_databases!(the_dashboard_counts_each_issue_and_week_apart);
