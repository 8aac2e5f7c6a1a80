//! `caravan copy-to`: a SQLite newsletter with readers, a sent issue, accounts (two-step
//! sign-in included), tokens and sessions moves to PostgreSQL whole: same rows and ids, the
//! same secret (links already e-mailed keep working), passwords that still sign in, sequences
//! past the copied ids.
use crate::admin_client::{AdminClient, account};
use crate::binary::caravan;
use crate::helpers::{Db, TestApp, TestOptions};

const TABLES: &[&str] = &[
    "app_settings",
    "users",
    "api_tokens",
    "subscribers",
    "articles",
    "issues",
    "issue_articles",
    "deliveries",
    "issue_relays",
    "outbox",
    "bounce_events",
    "sessions",
    "confirmation_hours",
    "audit_log",
    "recovery_codes",
    "corrections",
    "correction_readers",
    "story_clicks",
];

/// Rows per table, read straight from the database at `url`.
async fn counts(url: &str) -> Vec<i64> {
    let mut counts = Vec::new();
    for table in TABLES {
        let query = format!("SELECT COUNT(*) FROM {table}");
        let n: i64 = if url.starts_with("sqlite") {
            let pool = sqlx::SqlitePool::connect(url).await.unwrap();
            sqlx::query_scalar(&query).fetch_one(&pool).await.unwrap()
        } else {
            let pool = sqlx::PgPool::connect(url).await.unwrap();
            sqlx::query_scalar(&query).fetch_one(&pool).await.unwrap()
        };
        counts.push(n);
    }
    counts
}

#[tokio::test]
async fn a_sqlite_newsletter_moves_to_postgres_whole() {
    let Some(Db::Postgres(server)) = Db::postgres() else {
        eprintln!("skipped: CARAVAN_TEST_POSTGRES_URL is not set");
        return;
    };
    let old = TestApp::spawn(Db::Sqlite).await;
    let issue = crate::fan_out::readers_and_a_draft(&old).await;
    old.store.queue_issue(issue, None).await.unwrap();
    crate::delivery::deliver(&old, issue).await;
    // Sent through a relay (the test sends to files, which names none).
    old.sql(&format!(
        "INSERT INTO issue_relays (issue_id, relay, sent) VALUES ({issue}, 'relay.example:587', 3)"
    ))
    .await;
    // A soft bounce on the ledger (with its score on the reader).
    let bounced = old.reader("c@example.kg").await.id;
    let event = caravan::store::NewBounceEvent {
        tag: caravan::bounces::BounceTag::Delivery {
            subscriber_id: bounced,
            issue_id: issue,
        },
        kind: caravan::store::BounceKind::Soft,
        status: Some("4.2.2".into()),
        diagnostic: Some("452 4.2.2 Mailbox full".into()),
        source: "dsn",
        dedupe_key: "copy-to".into(),
        at: caravan::store::now(),
    };
    old.store.record_bounce_events(&[event]).await.unwrap();
    // A correction, its letter's readers, and clicks on the issue's stories move too.
    let (_, stories) = old.store.issue_with_articles(issue).await.unwrap().unwrap();
    let note = caravan::corrections::Note::parse("Le sommet a eu lieu le 29.").unwrap();
    let dir = &old.settings.articles_dir;
    let published = caravan::corrections::publish(&old.store, dir, &stories[0].slug, &note, false);
    assert!(published.await.unwrap().readers > 0);
    let clicks = caravan::store::ClickCounts {
        clicks: 3,
        early: 1,
        robots: 2,
    };
    old.store
        .add_story_clicks(&[((issue, stories[0].id), clicks)])
        .await
        .unwrap();
    // A reader's topics and pause move too.
    let chooser = old.reader("a@example.kz").await.id;
    let kyrgyz = caravan::topics::TopicChoice::from_slugs(&["kirghizistan"]).unwrap();
    old.store
        .set_reader_topics(chooser, kyrgyz, None)
        .await
        .unwrap();
    let until = chrono::Utc::now() + chrono::Duration::days(3);
    old.store.pause_reader(chooser, Some(until)).await.unwrap();
    account(&old, "chief@caravan.test", "admin").await;
    AdminClient::signed_in(&old, "chief@caravan.test").await;
    // An account with two-step sign-in: its secret and recovery codes move too.
    let guarded = account(&old, "guarded@caravan.test", "editor").await;
    let secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    old.store.set_totp_pending(guarded, secret).await.unwrap();
    let hashes = ["a".repeat(64), "b".repeat(64)];
    assert!(
        old.store
            .enable_totp(guarded, secret, 7, &hashes)
            .await
            .unwrap()
    );
    crate::api_issues::token(&old, "cms").await;
    let reader = old.reader("b@example.uz").await;
    let unsubscribe_token = old.signer().await.unsubscribe(reader.id);
    // The newest reader is erased before the move: their id must never be given again.
    old.post_form(&[("email", "erased-last@example.kz")]).await;
    let erased = old.reader("erased-last@example.kz").await.id;
    let cli = caravan::store::Actor::Cli;
    assert!(
        old.store
            .delete_subscriber(erased, &cli)
            .await
            .unwrap()
            .is_some()
    );
    // Every table of the schema is in the copy (a new table must be added to copy-to).
    let pool = sqlx::SqlitePool::connect(&old.database_url).await.unwrap();
    let mut schema: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' \
         AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' \
         AND name NOT LIKE 'issue_search%'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    schema.sort();
    let mut copied: Vec<String> = TABLES.iter().map(|t| t.to_string()).collect();
    copied.sort();
    assert_eq!(schema, copied, "tables in the schema and in copy-to");
    let before = counts(&old.database_url).await;
    assert!(
        before.iter().all(|n| *n > 0),
        "every table has rows: {before:?}"
    );

    let dir = tempfile::tempdir().unwrap();
    let target = Db::Postgres(server).fresh_url(dir.path()).await;
    let output = caravan(dir.path())
        .args(["copy-to", &target])
        .env("DATABASE_URL", &old.database_url)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("subscribers  5 rows"), "{stdout}");
    assert_eq!(counts(&target).await, before);

    // The newsletter runs on PostgreSQL now.
    let new = TestApp::spawn_with(
        Db::Sqlite,
        TestOptions {
            database_url: Some(target.clone()),
            ..TestOptions::default()
        },
    )
    .await;
    AdminClient::signed_in(&new, "chief@caravan.test").await;
    let two_factor = new.store.two_factor(guarded).await.unwrap().unwrap();
    assert_eq!(
        (two_factor.totp_secret.as_deref(), two_factor.recovery_left),
        (Some(secret), 2)
    );
    assert!(
        !new.store.use_totp_step(guarded, 7).await.unwrap(),
        "step 7 was used"
    );
    let moved = new.reader("b@example.uz").await;
    assert_eq!(
        (moved.id, moved.name.clone()),
        (reader.id, reader.name.clone())
    );
    let chose = new.reader("a@example.kz").await;
    assert_eq!(chose.topics, kyrgyz);
    assert_eq!(
        chose.paused_until.map(|t| t.timestamp()),
        Some(until.timestamp())
    );
    let progress = new.store.issue_progress(issue).await.unwrap().unwrap();
    assert_eq!(
        (progress.status.as_str(), progress.counts.sent),
        ("sent", 3)
    );
    // A link e-mailed before the move still works: the secret moved too.
    let left = new
        .client
        .post(new.url(&format!("/unsubscribe?token={unsubscribe_token}")))
        .form(&[("List-Unsubscribe", "One-Click")])
        .send()
        .await
        .unwrap();
    assert_eq!(left.status(), 200);
    assert_eq!(
        new.reader("b@example.uz").await.status,
        caravan::store::SubscriberStatus::Unsubscribed
    );
    // New rows get ids after the copied ones.
    new.post_form(&[("email", "after-the-move@example.kz")])
        .await;
    let newest = new.reader("after-the-move@example.kz").await;
    assert!(newest.id > reader.id, "{} after {}", newest.id, reader.id);
    assert!(
        newest.id > erased,
        "an erased reader's id {erased} was given again ({})",
        newest.id
    );

    // A second copy into a database that holds data is refused, and changes nothing.
    let again = caravan(dir.path())
        .args(["copy-to", &target])
        .env("DATABASE_URL", &old.database_url)
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already holds data"));
}
