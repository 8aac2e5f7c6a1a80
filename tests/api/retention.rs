//! What Caravan stops keeping: unconfirmed sign-ups after `CARAVAN_PENDING_DAYS`, bodies of
//! sent e-mails after `CARAVAN_OUTBOX_KEEP_DAYS` (the row stays), the confirmation log after
//! a week.
use caravan::housekeeping::sweep;

use crate::helpers::{Db, TestApp};

async fn old_unconfirmed_signups_and_old_bodies_are_dropped(db: Db) {
    let app = TestApp::spawn(db).await;
    let link = app.subscribe_and_get_link("kept@example.kz").await; // sent: drained
    app.confirm(&link).await;
    app.post_form(&[("email", "never-confirmed@example.kz")])
        .await;
    app.drain_outbox().await;
    let safeguards = &app.settings.safeguards;
    let days = |n: i64| chrono::Utc::now() + chrono::Duration::days(n);

    // A week on, only the confirmation log is forgotten.
    let swept = sweep(&app.store, safeguards, days(9)).await.unwrap();
    assert_eq!(swept.confirmation_counts, 2);
    // Within both periods: nothing else goes.
    let swept = sweep(&app.store, safeguards, days(29)).await.unwrap();
    assert_eq!(swept, Default::default());
    assert_eq!(app.store.count_subscribers().await.unwrap(), 2);

    // A day past them: the pending reader and their e-mail go, the confirmed one stays, and
    // the confirmed reader's sent e-mail keeps its row but loses its body.
    let swept = sweep(&app.store, safeguards, days(31)).await.unwrap();
    assert_eq!(swept.pending_readers, 1);
    // Their confirmation and their welcome.
    assert_eq!(swept.message_bodies, 2);
    assert_eq!(app.store.count_subscribers().await.unwrap(), 1);
    app.reader("kept@example.kz").await;
    let rows = app.sql_number("SELECT COUNT(*) FROM outbox").await;
    assert_eq!(rows, 2, "the pending reader's e-mail went with them");
    let with_body = app
        .sql_number("SELECT COUNT(*) FROM outbox WHERE body_text <> '' OR body_html <> ''")
        .await;
    assert_eq!(with_body, 0, "the kept rows have no body");
    // Sweeping again finds nothing more.
    assert_eq!(
        sweep(&app.store, safeguards, days(31)).await.unwrap(),
        Default::default()
    );
}

both_databases!(old_unconfirmed_signups_and_old_bodies_are_dropped);
