//! The archive, each issue's web version and the Atom feed: only sent issues are public.
use caravan::articles::sync_folder;
use caravan::digest::build_digest;
use caravan::issues::{QueueOutcome, queue};
use caravan::store::IssueStatus;

use crate::helpers::{Db, TestApp};

async fn sent_issues_are_listed_shown_and_in_the_feed_and_drafts_are_not(db: Db) {
    let app = TestApp::spawn(db).await;
    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("articles");
    sync_folder(&app.store, &samples).await.unwrap();
    let now = chrono::Utc::now();
    let id = build_digest(&app.store, now, chrono_tz::Asia::Almaty)
        .await
        .unwrap()
        .issue_id()
        .unwrap();
    let slug = app.store.list_issues().await.unwrap()[0].slug.clone();

    // A draft is not public.
    let list = app.get("/archive").await.text().await.unwrap();
    assert!(list.contains("Aucune lettre n’est encore parue."), "{list}");
    let draft = app.get(&format!("/archive/{slug}")).await;
    assert_eq!(draft.status(), 404);
    assert!(draft.text().await.unwrap().contains("Page introuvable"));

    // Sent the way a worker sends it (there is no reader, so nothing to deliver).
    assert_eq!(
        queue(&app.store, id, None).await.unwrap(),
        QueueOutcome::Queued
    );
    app.store.start_due_issues().await.unwrap();
    assert_eq!(app.store.finish_issues().await.unwrap(), vec![id]);
    assert_eq!(
        queue(&app.store, id, None).await.unwrap(),
        QueueOutcome::Finished(IssueStatus::Sent),
        "sent once"
    );

    let list = app.get("/archive").await.text().await.unwrap();
    assert!(
        list.contains(&format!("href=\"/archive/{slug}\"")),
        "{list}"
    );
    let page = app.get(&format!("/archive/{slug}")).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Renforcement du partenariat stratégique kazakho-ouzbek"));
    assert!(html.contains("Sur le même sujet"));
    assert!(html.contains("Recevoir cette lettre chaque semaine"));
    assert!(
        !html.contains("unsubscribe"),
        "the web copy belongs to no reader"
    );

    let feed = app.get("/feed.xml").await;
    assert_eq!(feed.status(), 200);
    assert!(
        feed.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/atom+xml")
    );
    let body = feed.bytes().await.unwrap();
    let parsed = atom_syndication::Feed::read_from(&body[..]).expect("a valid Atom document");
    assert_eq!(parsed.entries().len(), 1);
    let entry = &parsed.entries()[0];
    assert!(
        entry.links()[0]
            .href()
            .ends_with(&format!("/archive/{slug}"))
    );
    assert!(
        entry
            .title()
            .as_str()
            .starts_with("Renforcement du partenariat stratégique…")
    );
}

async fn an_unknown_issue_is_a_404_page_in_the_readers_language(db: Db) {
    let app = TestApp::spawn(db).await;
    let french = app.get("/archive/2001-s01").await;
    assert_eq!(french.status(), 404);
    assert!(french.text().await.unwrap().contains("Page introuvable"));
    let english = app.get("/archive/2001-s01?lang=en").await;
    assert!(english.text().await.unwrap().contains("Page not found"));
    let feed = app.get("/feed.xml").await.bytes().await.unwrap();
    assert!(
        atom_syndication::Feed::read_from(&feed[..])
            .unwrap()
            .entries()
            .is_empty()
    );
}

both_databases!(
    sent_issues_are_listed_shown_and_in_the_feed_and_drafts_are_not,
    an_unknown_issue_is_a_404_page_in_the_readers_language,
);
