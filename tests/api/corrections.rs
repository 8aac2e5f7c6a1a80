//! Corrections reach exactly who read the error: the readers the delivery ledger says were
//! sent the story (their copy carried its group), still subscribed and still following its
//! topic; not those who joined later, left, were skipped, or whose copy did not carry it.
//! Two corrections of a story within the hour make one letter; a crash mid-send sends
//! nobody a second one; the archive, the feed, `/corrections` and the file show the note.
use caravan::delivery::BatchOutcome;
use caravan::domain::{Lang, SubscriberEmail};
use caravan::store::ImportedReader;
use caravan::topics::TopicChoice;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::admin_client::{AdminClient, account};
use crate::api_issues::{call, token};
use crate::helpers::{Db, TestApp, to_subject_text};

const KHIVA: &str = "renforcement-du-partenariat-strategique-kazakho-ouzbek-une-rencontre";
const KYRGYZ: &str = "le-kazakhstan-et-le-kirghizistan-souhaitent-intensifier-leurs-relations";

async fn import(app: &TestApp, readers: &[(&str, Option<&[&str]>)]) {
    let readers: Vec<ImportedReader> = readers
        .iter()
        .map(|(email, topics)| ImportedReader {
            email: SubscriberEmail::parse(email).unwrap(),
            name: None,
            lang: Lang::Fr,
            unsubscribed: false,
            topics: topics.map_or(TopicChoice::Every, |t| TopicChoice::from_slugs(t).unwrap()),
        })
        .collect();
    app.store.import_confirmed(&readers).await.unwrap();
}

/// The sample articles copied into the app's own folder (corrections write to the files),
/// then a digest of them sent to the readers there are; the digest's id.
async fn sent_digest(app: &TestApp) -> i64 {
    let folder = &app.settings.articles_dir;
    std::fs::create_dir_all(folder).unwrap();
    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("articles");
    for entry in std::fs::read_dir(samples).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            std::fs::copy(&path, folder.join(path.file_name().unwrap())).unwrap();
        }
    }
    caravan::articles::sync_folder(&app.store, folder)
        .await
        .unwrap();
    let issue = caravan::digest::build_digest(&app.store, chrono::Utc::now(), chrono_tz::UTC)
        .await
        .unwrap()
        .issue_id()
        .unwrap();
    app.store.queue_issue(issue, None).await.unwrap();
    crate::delivery::deliver(app, issue).await;
    issue
}

/// Who got a message whose subject starts with `prefix`, sorted.
fn recipients(app: &TestApp, prefix: &str) -> Vec<String> {
    let mut to: Vec<String> = app
        .outbox_files()
        .into_iter()
        .map(|(_, raw)| to_subject_text(&raw))
        .filter(|(_, subject, _)| subject.starts_with(prefix))
        .map(|(to, _, _)| to)
        .collect();
    to.sort();
    to
}

async fn a_correction_reaches_exactly_the_readers_who_were_sent_the_story(db: Db) {
    let app = TestApp::spawn(db).await;
    import(
        &app,
        &[
            ("every@example.kz", None),
            ("uz@example.uz", Some(&["ouzbekistan"])),
            ("left@example.uz", Some(&["ouzbekistan"])),
            ("kg@example.kg", Some(&["kirghizistan"])),
            ("moved@example.uz", Some(&["ouzbekistan"])),
            ("tm@example.tm", Some(&["turkmenistan"])),
        ],
    )
    .await;
    let digest = sent_digest(&app).await;
    // Since the send: one reader joined, one left, one now wants every topic (but their copy,
    // cut by Kyrgyzstan, did not carry the Khiva story), one no longer follows Uzbekistan.
    import(&app, &[("late@example.kz", None)]).await;
    let left = app.reader("left@example.uz").await.id;
    app.store.unsubscribe(left).await.unwrap();
    let kg = app.reader("kg@example.kg").await.id;
    app.store
        .set_reader_topics(kg, TopicChoice::Every, None)
        .await
        .unwrap();
    let moved = app.reader("moved@example.uz").await.id;
    let kyrgyz = TopicChoice::from_slugs(&["kirghizistan"]).unwrap();
    app.store
        .set_reader_topics(moved, kyrgyz, None)
        .await
        .unwrap();

    // A dry run counts and records nothing.
    let api = token(&app, "newsroom").await;
    let path = format!("/api/v1/articles/{KHIVA}/corrections");
    let (status, body) = call(
        &app,
        Method::POST,
        &path,
        Some(&api),
        Some(json!({"note": "La rencontre a eu lieu à Khiva, pas à Boukhara.", "dry_run": true})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["readers"], 2, "{body}");
    assert!(body["correction_id"].is_null());
    assert_eq!(app.sql_number("SELECT COUNT(*) FROM corrections").await, 0);

    let (status, body) = call(
        &app,
        Method::POST,
        &path,
        Some(&api),
        Some(json!({"note": "La rencontre a eu lieu à Khiva, pas à Boukhara."})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let letter = body["letter_issue_id"].as_i64().unwrap();
    assert_eq!(body["merged"], false);
    // Within the hour, a second correction of the story joins the same letter.
    account(&app, "editor@caravan.test", "editor").await;
    let mut editor = AdminClient::signed_in(&app, "editor@caravan.test").await;
    let form = format!("/admin/articles/{KHIVA}/correction");
    let (status, page) = editor.page(&form).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("data-readers=\"2\""),
        "the editor sees the reach first"
    );
    let answer = editor
        .submit(
            &form,
            &[("note", "Le ministre cité est celui des transports.")],
        )
        .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        crate::admin_client::location(&answer),
        format!("/admin/issues/{letter}?notice=correction_queued")
    );
    let (status, body) = call(
        &app,
        Method::POST,
        &path,
        Some(&api),
        Some(json!({"note": " \n "})),
    )
    .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("note"))
    );
    let (status, _) = call(
        &app,
        Method::POST,
        "/api/v1/articles/no-such-story/corrections",
        Some(&api),
        Some(json!({"note": "x"})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Nothing goes before the hour is up; then (sent now from its page) once to each.
    assert!(recipients(&app, "Correction").is_empty());
    let worker = crate::delivery::worker(&app, chrono::Duration::days(1)).await;
    let outcome = crate::delivery::drain(&worker).await;
    assert!(matches!(outcome, BatchOutcome::Idle { .. }), "{outcome:?}");
    assert!(recipients(&app, "Correction").is_empty());
    let (_, page) = editor.page(&format!("/admin/issues/{letter}")).await;
    assert!(
        page.contains(&format!("/admin/issues/{letter}/send-now")),
        "the editor may send it now"
    );
    let answer = editor
        .submit(&format!("/admin/issues/{letter}/send-now"), &[])
        .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let progress = crate::delivery::deliver(&app, letter).await;
    assert_eq!(progress.counts.sent, 2, "{progress:?}");
    assert_eq!(
        recipients(&app, "Correction"),
        ["every@example.kz", "uz@example.uz"]
    );
    let (_, subject, text) = app
        .outbox_files()
        .into_iter()
        .map(|(_, raw)| to_subject_text(&raw))
        .find(|(to, subject, _)| to == "uz@example.uz" && subject.starts_with("Correction"))
        .unwrap();
    assert!(
        subject.starts_with("Correction : Renforcement"),
        "{subject}"
    );
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("Khiva, pas à Boukhara") && words.contains("celui des transports"),
        "{text}"
    );
    assert!(
        !text.contains("/archive/correction-"),
        "a correction letter has no web version"
    );

    // The letter stays out of the archive; the digest's page shows both notes under the story.
    let archive = app.get("/archive").await.text().await.unwrap();
    assert!(!archive.contains("correction-"), "{archive}");
    let slug: String = app
        .store
        .issue_with_articles(digest)
        .await
        .unwrap()
        .unwrap()
        .0
        .slug;
    let page = app
        .get(&format!("/archive/{slug}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Khiva, pas à Boukhara") && page.contains("celui des transports"));
    let list = app.get("/corrections").await.text().await.unwrap();
    assert_eq!(list.matches("data-correction=").count(), 2, "{list}");
    assert!(list.contains(&format!("/archive/{slug}?lang=fr#{KHIVA}")));
    let feed = app.get("/feed.xml").await.text().await.unwrap();
    let entry = &feed[feed.find("<entry>").unwrap()..];
    let updated = &entry[entry.find("<updated>").unwrap()..entry.find("</updated>").unwrap()];
    let published = &entry[entry.find("<published>").unwrap()..entry.find("</published>").unwrap()];
    assert_ne!(
        updated.replace("updated", ""),
        published.replace("published", ""),
        "{entry}"
    );
    // The article's file keeps both, dated.
    let file =
        std::fs::read_to_string(app.settings.articles_dir.join(format!("{KHIVA}.md"))).unwrap();
    let parsed = caravan::articles::ArticleFile::parse(&file).unwrap();
    assert_eq!(parsed.front.corrections.len(), 2, "{file}");
    // A sync reads the file back and adds nothing twice.
    caravan::articles::sync_folder(&app.store, &app.settings.articles_dir)
        .await
        .unwrap();
    assert_eq!(app.sql_number("SELECT COUNT(*) FROM corrections").await, 2);
}

async fn each_story_has_its_letter_and_a_crash_mid_send_sends_nobody_twice(db: Db) {
    let app = TestApp::spawn(db).await;
    import(
        &app,
        &[
            ("every@example.kz", None),
            ("kg@example.kg", Some(&["kirghizistan"])),
            ("uz@example.uz", Some(&["ouzbekistan"])),
        ],
    )
    .await;
    sent_digest(&app).await;
    let dir = &app.settings.articles_dir;
    let note = caravan::corrections::Note::parse("Le sommet a eu lieu le 29, pas le 28.").unwrap();
    let khiva = caravan::corrections::publish(&app.store, dir, KHIVA, &note, false)
        .await
        .unwrap();
    let kyrgyz = caravan::corrections::publish(&app.store, dir, KYRGYZ, &note, false)
        .await
        .unwrap();
    let (khiva_letter, kyrgyz_letter) = (
        khiva.recorded.unwrap().letter_issue_id.unwrap(),
        kyrgyz.recorded.unwrap().letter_issue_id.unwrap(),
    );
    assert_ne!(khiva_letter, kyrgyz_letter, "another story, another letter");
    assert_eq!((khiva.readers, kyrgyz.readers), (2, 2));

    // A worker takes the deliveries and dies before sending: the leases lapse, another
    // worker sends them, each reader once.
    assert!(app.store.send_queued_now(kyrgyz_letter).await.unwrap());
    app.store.start_due_issues().await.unwrap();
    let taken = app
        .store
        .claim_deliveries(chrono::Duration::milliseconds(200), 10)
        .await
        .unwrap();
    assert_eq!(taken.len(), 2);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let progress = crate::delivery::deliver(&app, kyrgyz_letter).await;
    assert_eq!(progress.counts.sent, 2);
    assert_eq!(
        recipients(&app, "Correction : Le Kazakhstan et le Kirghizistan"),
        ["every@example.kz", "kg@example.kg"]
    );
    // Nothing more, ever: the letter is sent, the ledger has one delivery per reader.
    crate::delivery::deliver(&app, kyrgyz_letter).await;
    assert_eq!(
        recipients(&app, "Correction : Le Kazakhstan et le Kirghizistan").len(),
        2
    );
    assert_eq!(
        app.sql_number(&format!(
            "SELECT COUNT(*) FROM deliveries WHERE issue_id = {kyrgyz_letter}"
        ))
        .await,
        2
    );
}

both_databases!(
    a_correction_reaches_exactly_the_readers_who_were_sent_the_story,
    each_story_has_its_letter_and_a_crash_mid_send_sends_nobody_twice,
);
