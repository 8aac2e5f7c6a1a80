//! After an erasure no row, file or byte of the database file holds the reader's address:
//! not their deliveries, not a test copy sent to them, not their `.eml` files.
use reqwest::Method;
use serde_json::json;

use crate::api_issues::{call, erase, token};
use crate::fan_out::readers_and_a_draft;
use crate::helpers::{Db, TestApp};

const READER: &str = "erase.me.zhanna@example.tm";

async fn an_erased_reader_is_found_nowhere(db: Db) {
    let app = TestApp::spawn(db).await;
    let link = app.subscribe_and_get_link(READER).await;
    assert_eq!(app.confirm(&link).await.status(), 200);
    let id = app.reader(READER).await.id;
    let issue = readers_and_a_draft(&app).await;
    let api = token(&app, "cms").await;
    // A test copy addressed to the reader (no reader row behind it), and the issue itself.
    let (status, _) = call(
        &app,
        Method::POST,
        &format!("/api/v1/issues/{issue}/test"),
        Some(&api),
        Some(json!({ "to": [READER.to_uppercase()] })),
    )
    .await;
    assert!(status.is_success(), "{status}");
    app.store.queue_issue(issue, None).await.unwrap();
    crate::delivery::deliver(&app, issue).await;
    app.drain_outbox().await;
    let holding = |files: &[(String, String)]| {
        files
            .iter()
            .filter(|(_, raw)| raw.to_lowercase().contains(READER))
            .count()
    };
    assert!(
        holding(&app.outbox_files()) >= 3,
        "confirmation, test copy and issue"
    );

    assert_eq!(erase(&app, &api, id).await, 204);

    assert_eq!(holding(&app.outbox_files()), 0, "no .eml file left");
    for (table, column) in [
        ("subscribers", "email"),
        ("outbox", "recipient"),
        ("outbox", "body_text"),
        ("outbox", "body_html"),
    ] {
        let left = app
            .sql_number(&format!(
                "SELECT COUNT(*) FROM {table} WHERE LOWER({column}) LIKE '%{READER}%'"
            ))
            .await;
        assert_eq!(left, 0, "{table}.{column}");
    }
    let deliveries = app
        .sql_number(&format!(
            "SELECT COUNT(*) FROM deliveries WHERE subscriber_id = {id}"
        ))
        .await;
    assert_eq!(deliveries, 0);
    let email = caravan::domain::SubscriberEmail::parse(READER).unwrap();
    let hash = caravan::store::key_hash(&email.mailbox_key());
    let counted = app
        .sql_number(&format!(
            "SELECT COUNT(*) FROM outbox WHERE mailbox_hash = '{hash}'"
        ))
        .await;
    assert_eq!(counted, 0, "the confirmation log forgets them too");
    // The other readers were left alone.
    assert!(app.store.count_subscribers().await.unwrap() >= 5);

    // The database file itself, byte for byte (SQLite: deleted rows are overwritten).
    if let Some(path) = app.database_url.strip_prefix("sqlite://") {
        for file in [path.to_owned(), format!("{path}-wal")] {
            let Ok(bytes) = std::fs::read(&file) else {
                continue;
            };
            let text = String::from_utf8_lossy(&bytes).to_lowercase();
            assert!(!text.contains(READER), "{file} still holds the address");
        }
    }
}

both_databases!(an_erased_reader_is_found_nowhere);
