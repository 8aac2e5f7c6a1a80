//! A digest for each reader's topics: each copy carries the groups of stories touching them,
//! whole and in order, under a subject naming its own lead story; a reader whose topics had
//! no story that week gets no letter, recorded as skipped with that reason. The archive and
//! a reader of every topic get the whole edition; the admin and the API preview any copy.
use caravan::domain::{Lang, SubscriberEmail};
use caravan::store::ImportedReader;
use caravan::topics::TopicChoice;
use reqwest::{Method, StatusCode};

use crate::admin_client::{AdminClient, account};
use crate::api_issues::{call, token};
use crate::helpers::{Db, TestApp, to_subject_text};

const KHIVA: &str = "renforcement-du-partenariat";
const TASHKENT: &str = "l-ouzbekistan-et-le-kazakhstan";
const KYRGYZ: &str = "le-kazakhstan-et-le-kirghizistan";
const C5: &str = "le-kazakhstan-a-reaffirme";

async fn readers(app: &TestApp) {
    let readers: Vec<ImportedReader> = [
        ("every@example.kz", None),
        ("kg@example.kg", Some(vec!["kirghizistan"])),
        ("tm@example.tm", Some(vec!["turkmenistan"])),
        ("uz@example.uz", Some(vec!["ouzbekistan"])),
        ("region@example.tj", Some(vec!["asie-centrale"])),
    ]
    .into_iter()
    .map(|(email, topics)| ImportedReader {
        email: SubscriberEmail::parse(email).unwrap(),
        name: None,
        lang: Lang::Fr,
        unsubscribed: false,
        topics: topics.map_or(TopicChoice::Every, |t| TopicChoice::from_slugs(&t).unwrap()),
    })
    .collect();
    app.store.import_confirmed(&readers).await.unwrap();
}

async fn a_digest(app: &TestApp) -> i64 {
    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("articles");
    caravan::articles::sync_folder(&app.store, &samples)
        .await
        .unwrap();
    caravan::digest::build_digest(&app.store, chrono::Utc::now(), chrono_tz::Asia::Almaty)
        .await
        .unwrap()
        .issue_id()
        .unwrap()
}

/// Each recipient's copy: (address, subject, text part).
fn copies(app: &TestApp) -> Vec<(String, String, String)> {
    app.outbox_files()
        .into_iter()
        .map(|(_, raw)| to_subject_text(&raw))
        .collect()
}

async fn each_reader_gets_the_stories_of_their_topics_and_nothing_else(db: Db) {
    let app = TestApp::spawn(db).await;
    readers(&app).await;
    let issue = a_digest(&app).await;
    let edition = app
        .store
        .issue_with_articles(issue)
        .await
        .unwrap()
        .unwrap()
        .0;
    app.store.queue_issue(issue, None).await.unwrap();
    let progress = crate::delivery::deliver(&app, issue).await;
    assert_eq!(progress.counts.sent, 4, "{progress:?}");
    assert_eq!(progress.counts.skipped, 1, "{progress:?}");
    let reason: String = sqlx_reason(&app, issue).await;
    assert_eq!(
        reason,
        "none of this issue's stories is in the reader's topics"
    );

    let copies = copies(&app);
    let copy = |to: &str| {
        copies
            .iter()
            .find(|(address, _, _)| address == to)
            .unwrap_or_else(|| panic!("no copy for {to}"))
            .clone()
    };
    assert!(!copies.iter().any(|(to, _, _)| to == "tm@example.tm"));

    let (_, subject, text) = copy("every@example.kz");
    assert_eq!(subject, edition.subject);
    for story in [KHIVA, TASHKENT, KYRGYZ, C5] {
        assert!(text.contains(story), "{story} in {text}");
    }

    // Kyrgyzstan: the Kazakh–Kyrgyz story alone, named in the subject.
    let (_, subject, text) = copy("kg@example.kg");
    assert!(
        text.contains(KYRGYZ) && !text.contains(KHIVA) && !text.contains(C5),
        "{text}"
    );
    assert!(
        subject.starts_with("Le Kazakhstan et le Kirghizistan"),
        "{subject}"
    );
    assert!(subject.chars().count() <= 70, "{subject}");

    // Uzbekistan: the Kazakh–Uzbek group, whole (its three stories).
    let (_, subject, text) = copy("uz@example.uz");
    assert!(text.contains(KHIVA) && text.contains(TASHKENT), "{text}");
    assert!(!text.contains(KYRGYZ) && !text.contains(C5), "{text}");
    assert!(
        subject.starts_with("Renforcement du partenariat"),
        "{subject}"
    );
    assert!(!subject.contains("autre"), "one subject only: {subject}");

    // The region: the C5 meeting.
    let (_, _, text) = copy("region@example.tj");
    assert!(text.contains(C5) && !text.contains(KHIVA), "{text}");

    // The archive keeps the whole edition.
    let slug = app.store.list_issues().await.unwrap().remove(0).slug;
    let page = app
        .get(&format!("/archive/{slug}"))
        .await
        .text()
        .await
        .unwrap();
    for lead in [KHIVA, KYRGYZ, C5] {
        assert!(page.contains(&format!("id=\"{lead}")), "{lead}");
    }
    assert!(page.contains(TASHKENT), "the related story too");
}

async fn sqlx_reason(app: &TestApp, issue: i64) -> String {
    let query = format!(
        "SELECT last_error FROM deliveries WHERE issue_id = {issue} AND status = 'skipped'"
    );
    if app.database_url.starts_with("sqlite") {
        let pool = sqlx::SqlitePool::connect(&app.database_url).await.unwrap();
        sqlx::query_scalar(&query).fetch_one(&pool).await.unwrap()
    } else {
        let pool = sqlx::PgPool::connect(&app.database_url).await.unwrap();
        sqlx::query_scalar(&query).fetch_one(&pool).await.unwrap()
    }
}

async fn editors_and_tools_preview_the_copy_of_given_topics(db: Db) {
    let app = TestApp::spawn(db).await;
    let issue = a_digest(&app).await;
    let live = token(&app, "cms").await;
    let (status, text) = raw_call(
        &app,
        &format!("/api/v1/issues/{issue}/preview?format=text&topics=kirghizistan"),
        &live,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(text.contains(KYRGYZ) && !text.contains(KHIVA), "{text}");
    let (status, _) = call(
        &app,
        Method::GET,
        &format!("/api/v1/issues/{issue}/preview?topics=turkmenistan"),
        Some(&live),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, body) = call(
        &app,
        Method::GET,
        &format!("/api/v1/issues/{issue}/preview?topics=mongolie"),
        Some(&live),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["field"], "topics");

    account(&app, "editor@caravan.test", "editor").await;
    let mut browser = AdminClient::signed_in(&app, "editor@caravan.test").await;
    let (status, page) = browser
        .page(&format!(
            "/admin/issues/{issue}/preview?lang=fr&t=ouzbekistan"
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("data-preview-groups>Sujets dans sa lettre : 1 / 3"),
        "{page}"
    );
    assert!(
        page.contains("preview.html?lang=fr&amp;topics=ouzbekistan"),
        "{page}"
    );
    let (_, page) = browser
        .page(&format!(
            "/admin/issues/{issue}/preview?lang=fr&t=turkmenistan"
        ))
        .await;
    assert!(page.contains("data-nothing-for-them"), "{page}");
    let frame = browser
        .get(&format!(
            "/admin/issues/{issue}/preview.html?lang=fr&topics=kirghizistan"
        ))
        .await
        .text()
        .await
        .unwrap();
    assert!(frame.contains(&format!("id=\"{}", &KYRGYZ[1..])) || frame.contains(KYRGYZ));
    assert!(!frame.contains(KHIVA), "only the Kyrgyz group");
}

async fn raw_call(app: &TestApp, path: &str, token: &str) -> (StatusCode, String) {
    let response = app
        .client
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    (response.status(), response.text().await.unwrap())
}

/// Topics are read when a delivery is taken for sending: a change after the fan-out reaches
/// the copy not yet taken; a delivery already taken keeps the topics it was taken with.
async fn topics_changed_during_a_send_reach_the_copies_not_yet_taken(db: Db) {
    let app = TestApp::spawn(db).await;
    readers(&app).await;
    let issue = a_digest(&app).await;
    app.store.queue_issue(issue, None).await.unwrap();
    assert_eq!(app.store.start_due_issues().await.unwrap()[0].deliveries, 5);
    let uz = app.reader("uz@example.uz").await.id;
    let kyrgyz = TopicChoice::from_slugs(&["kirghizistan"]).unwrap();
    app.store.set_reader_topics(uz, kyrgyz, None).await.unwrap();

    // A delivery taken now carries the reader's topics as they are now.
    let taken = app
        .store
        .claim_deliveries(chrono::Duration::milliseconds(200), 5)
        .await
        .unwrap();
    let uz_taken = taken.iter().find(|d| d.subscriber_id == uz).unwrap();
    let every = TopicChoice::Every;
    let tm = app.reader("tm@example.tm").await.id;
    app.store.set_reader_topics(tm, every, None).await.unwrap();
    assert_eq!(uz_taken.reader.as_ref().unwrap().topics, kyrgyz);
    let tm_taken = taken.iter().find(|d| d.subscriber_id == tm).unwrap();
    assert_ne!(
        tm_taken.reader.as_ref().unwrap().topics,
        every,
        "taken before the change"
    );

    // The leases lapse unsent (as after a crash): the worker takes them again, afresh.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let progress = crate::delivery::deliver(&app, issue).await;
    assert_eq!((progress.counts.sent, progress.counts.skipped), (5, 0));
    let copies = copies(&app);
    let (_, _, uz_text) = copies
        .iter()
        .find(|(to, _, _)| to == "uz@example.uz")
        .unwrap();
    assert!(
        uz_text.contains(KYRGYZ) && !uz_text.contains(KHIVA),
        "{uz_text}"
    );
}

both_databases!(
    topics_changed_during_a_send_reach_the_copies_not_yet_taken,
    each_reader_gets_the_stories_of_their_topics_and_nothing_else,
    editors_and_tools_preview_the_copy_of_given_topics,
);
