//! What a stranger can make Caravan mail through the public sign-up form: one confirmation per
//! mailbox whatever its plus-tag, nothing to a suppressed address, one a week to a reader who
//! left, a service-wide hourly ceiling past which confirmations wait, and no link in a name.
use caravan::store::SubscriberStatus;

use crate::helpers::{Db, TestApp, TestOptions};

/// The sign-up's answer, which must never tell a known or suppressed address apart.
async fn sign_up(app: &TestApp, address: &str) -> String {
    let response = app.post_form(&[("email", address)]).await;
    assert_eq!(response.status(), 200, "{address}");
    response.text().await.unwrap()
}

async fn confirmations_to(app: &TestApp, needle: &str) -> i64 {
    app.sql_number(&format!(
        "SELECT COUNT(*) FROM outbox WHERE kind = 'confirmation' AND recipient LIKE '%{needle}%'"
    ))
    .await
}

async fn plus_tags_and_gmail_dots_do_not_multiply_confirmations(db: Db) {
    let app = TestApp::spawn(db).await;
    let first = sign_up(&app, "victim@example.kz").await;
    for tagged in [
        "victim+1@example.kz",
        "victim+2@example.kz",
        "VICTIM+x@example.kz",
    ] {
        assert_eq!(sign_up(&app, tagged).await, first, "the same answer");
    }
    assert_eq!(confirmations_to(&app, "example.kz").await, 1);
    // Each sign-up is still stored (pending), only the mail is held back.
    assert_eq!(app.store.count_subscribers().await.unwrap(), 4);

    sign_up(&app, "some.body@gmail.com").await;
    sign_up(&app, "s.o.m.e.b.o.d.y+news@googlemail.com").await;
    assert_eq!(confirmations_to(&app, "mail.com").await, 1);
}

async fn suppressed_readers_get_nothing_at_a_strangers_request(db: Db) {
    let app = TestApp::spawn(db).await;
    let csv = "email,name,lang,status\nleft@example.tj,,fr,unsubscribed\n";
    let (imported, rejected) = caravan::subscriptions::parse_readers_csv(csv.as_bytes());
    assert!(rejected.is_empty());
    app.store.import_confirmed(&imported).await.unwrap();
    // A reader whose mail bounced for good.
    sign_up(&app, "bounced@example.tj").await;
    app.sql("UPDATE subscribers SET hard_bounces = 3 WHERE email = 'bounced@example.tj'")
        .await;
    app.sql("DELETE FROM outbox").await;

    let unknown = sign_up(&app, "new@example.tj").await;
    assert_eq!(sign_up(&app, "left@example.tj").await, unknown);
    assert_eq!(sign_up(&app, "bounced@example.tj").await, unknown);
    assert_eq!(confirmations_to(&app, "left@").await, 0);
    assert_eq!(confirmations_to(&app, "bounced@").await, 0);
    assert_eq!(confirmations_to(&app, "new@").await, 1);
    assert_eq!(
        app.reader("left@example.tj").await.status,
        SubscriberStatus::Unsubscribed,
        "a stranger's sign-up does not put a suppressed reader back"
    );
}

/// The same database, as a restarted (or second) process sees it.
async fn process_on(db: &Db, app: &TestApp) -> TestApp {
    TestApp::spawn_with(
        db.clone(),
        TestOptions {
            database_url: Some(app.database_url.clone()),
            ..Default::default()
        },
    )
    .await
}

/// Sets `table.column` back by `hours` on every row, as if that much time had passed.
async fn age(app: &TestApp, table: &str, column: &str, hours: i64) {
    let past = (chrono::Utc::now() - chrono::Duration::hours(hours)).to_rfc3339();
    let cast = if app.database_url.starts_with("sqlite:") {
        ""
    } else {
        "::timestamptz"
    };
    app.sql(&format!("UPDATE {table} SET {column} = '{past}'{cast}"))
        .await;
}

async fn a_restarted_or_second_process_knows_which_mailboxes_were_mailed(db: Db) {
    let first = TestApp::spawn(db.clone()).await;
    let second = process_on(&db, &first).await;
    // The second process has read the outbox once already.
    sign_up(&second, "early@example.kz").await;
    sign_up(&first, "victim@example.kz").await;
    // Another process's confirmations are seen within a second.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    sign_up(&second, "victim+again@example.kz").await;
    assert_eq!(confirmations_to(&first, "victim").await, 1);
    // And a restart forgets nothing.
    let restarted = process_on(&db, &first).await;
    sign_up(&restarted, "victim+later@example.kz").await;
    assert_eq!(confirmations_to(&first, "victim").await, 1);
}

async fn a_reader_who_left_gets_one_confirmation_a_week_and_stays_out_until_they_confirm(db: Db) {
    let app = TestApp::spawn(db.clone()).await;
    let link = app.subscribe_and_get_link("leaver@example.kg").await;
    app.confirm(&link).await;
    let id = app.reader("leaver@example.kg").await.id;
    app.store.unsubscribe(id).await.unwrap();

    // A day later (the mailbox's own limits have passed; the process restarted since).
    age(&app, "outbox", "created_at", 25).await;
    let app = process_on(&db, &app).await;
    sign_up(&app, "leaver@example.kg").await;
    assert_eq!(confirmations_to(&app, "leaver@").await, 2);
    assert_eq!(
        app.reader("leaver@example.kg").await.status,
        SubscriberStatus::Unsubscribed,
        "still out: only their own click brings them back"
    );
    // Another day later, still within the week: nothing more.
    age(&app, "outbox", "created_at", 25).await;
    let app = process_on(&db, &app).await;
    sign_up(&app, "leaver@example.kg").await;
    assert_eq!(confirmations_to(&app, "leaver@").await, 2);
    // Eight days later: one more.
    age(&app, "outbox", "created_at", 8 * 24).await;
    age(&app, "subscribers", "confirmation_sent_at", 8 * 24).await;
    let app = process_on(&db, &app).await;
    sign_up(&app, "leaver@example.kg").await;
    assert_eq!(confirmations_to(&app, "leaver@").await, 3);
}

async fn past_the_hourly_ceiling_confirmations_wait_and_none_is_dropped(db: Db) {
    let app = TestApp::spawn_with(
        db,
        TestOptions {
            env: vec![("CARAVAN_CONFIRMATIONS_PER_HOUR", "2".to_owned())],
            ..Default::default()
        },
    )
    .await;
    let answers: Vec<String> = futures_util::future::join_all((0..5).map(|n| {
        let app = &app;
        async move { sign_up(app, &format!("reader{n}@domain{n}.kz")).await }
    }))
    .await;
    assert!(
        answers.windows(2).all(|w| w[0] == w[1]),
        "one answer for all"
    );
    assert_eq!(app.store.count_subscribers().await.unwrap(), 5);
    assert_eq!(app.store.outbox_stats().await.unwrap().pending, 5);
    assert_eq!(app.drain_outbox().await, 2, "two now, the others wait");
    let waiting = app
        .sql_number("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND kind = 'confirmation'")
        .await;
    assert_eq!(waiting, 3, "kept, never dropped");
}

async fn the_hourly_counts_outlive_a_restart(db: Db) {
    let ceiling = || TestOptions {
        env: vec![("CARAVAN_CONFIRMATIONS_PER_HOUR", "2".to_owned())],
        ..Default::default()
    };
    let app = TestApp::spawn_with(db.clone(), ceiling()).await;
    sign_up(&app, "first@one.kz").await;
    sign_up(&app, "second@two.kz").await;
    // An idle sign-up writer writes what it counted within a second.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let restarted = TestApp::spawn_with(
        db,
        TestOptions {
            database_url: Some(app.database_url.clone()),
            ..ceiling()
        },
    )
    .await;
    sign_up(&restarted, "third@three.kz").await;
    let waiting = app
        .sql_number(
            "SELECT COUNT(*) FROM outbox \
             WHERE kind = 'confirmation' AND next_attempt_at > created_at",
        )
        .await;
    assert_eq!(waiting, 1, "the third waits for the next hour");
}

async fn a_name_cannot_carry_a_link_into_the_confirmation(db: Db) {
    let app = TestApp::spawn(db).await;
    for name in [
        "Win at https://spam.example",
        "www.spam.example",
        "spam@spam.example",
    ] {
        let form = app
            .post_form(&[("email", "target@example.uz"), ("name", name)])
            .await;
        assert_eq!(form.status(), 422, "{name}");
        assert!(
            form.text()
                .await
                .unwrap()
                .contains("ne peut pas contenir de lien")
        );
        let json = app
            .post_json(serde_json::json!({"email": "target@example.uz", "name": name}))
            .await;
        assert_eq!(json.status(), 422);
        let body: serde_json::Value = json.json().await.unwrap();
        assert_eq!(body["error"]["code"], "name_has_link", "{body}");
    }
    assert_eq!(app.store.count_subscribers().await.unwrap(), 0);
    assert_eq!(app.store.outbox_stats().await.unwrap().pending, 0);
}

both_databases!(
    plus_tags_and_gmail_dots_do_not_multiply_confirmations,
    suppressed_readers_get_nothing_at_a_strangers_request,
    a_reader_who_left_gets_one_confirmation_a_week_and_stays_out_until_they_confirm,
    a_restarted_or_second_process_knows_which_mailboxes_were_mailed,
    past_the_hourly_ceiling_confirmations_wait_and_none_is_dropped,
    the_hourly_counts_outlive_a_restart,
    a_name_cannot_carry_a_link_into_the_confirmation,
);

/// Several processes share one PostgreSQL (SQLite runs one): each may book a tenth of a
/// ceiling, and a batch, before the others see it (`hour_ledger`).
#[tokio::test]
async fn two_processes_together_keep_the_hourly_ceiling_within_a_tenth_each() {
    let Some(db) = Db::postgres() else {
        return eprintln!("skipped: CARAVAN_TEST_POSTGRES_URL is not set");
    };
    let ceiling = || TestOptions {
        env: vec![("CARAVAN_CONFIRMATIONS_PER_HOUR", "20".to_owned())],
        ..Default::default()
    };
    let first = TestApp::spawn_with(db.clone(), ceiling()).await;
    let second = TestApp::spawn_with(
        db,
        TestOptions {
            database_url: Some(first.database_url.clone()),
            ..ceiling()
        },
    )
    .await;
    for n in 0..20 {
        sign_up(&first, &format!("a{n}@first{n}.kz")).await;
        sign_up(&second, &format!("b{n}@second{n}.kz")).await;
    }
    let count = |condition: &str| {
        format!("SELECT COUNT(*) FROM outbox WHERE kind = 'confirmation' AND {condition}")
    };
    assert_eq!(first.sql_number(&count("TRUE")).await, 40, "none dropped");
    let now = first
        .sql_number(&count("next_attempt_at = created_at"))
        .await;
    // Each process: at most a tenth (2) and a batch (1) unseen by the other.
    assert!((20..=26).contains(&now), "{now} left at once, ceiling 20");
}
