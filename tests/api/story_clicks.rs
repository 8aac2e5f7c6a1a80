//! What readers read, without following them: letters link each story through
//! `/r/{issue}/{story}`, the same link for every reader; a click counts for the story and
//! redirects to the article of that issue, nowhere else. HEAD requests, prefetches, known
//! scanners and clicks in the minute after a copy went out are kept apart; the counts are
//! exact after a burst, survive a failed write, and reach the issue page and `/metrics`.
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use caravan::domain::{Lang, SubscriberEmail};
use caravan::store::{ClickCounts, ImportedReader};
use caravan::topics::TopicChoice;
use reqwest::{Method, StatusCode};

use crate::admin_client::{AdminClient, account};
use crate::helpers::{Db, TestApp, TestOptions, to_subject_text};

const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
const KHIVA: &str = "renforcement-du-partenariat-strategique-kazakho-ouzbek-une-rencontre";

/// Two readers, a digest of the sample articles, sent; the issue's id.
async fn sent_digest(app: &TestApp) -> i64 {
    let readers: Vec<ImportedReader> = ["aigerim@example.kz", "timur@example.uz"]
        .into_iter()
        .map(|email| ImportedReader {
            email: SubscriberEmail::parse(email).unwrap(),
            name: None,
            lang: Lang::Fr,
            unsubscribed: false,
            topics: TopicChoice::Every,
        })
        .collect();
    app.store.import_confirmed(&readers).await.unwrap();
    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("articles");
    caravan::articles::sync_folder(&app.store, &samples)
        .await
        .unwrap();
    let issue = caravan::digest::build_digest(&app.store, chrono::Utc::now(), chrono_tz::UTC)
        .await
        .unwrap()
        .issue_id()
        .unwrap();
    app.store.queue_issue(issue, None).await.unwrap();
    let progress = crate::delivery::deliver(app, issue).await;
    assert_eq!(progress.counts.sent, 2, "{progress:?}");
    issue
}

/// The `/r/…` paths of each copy's text part, by recipient.
fn counted_links(app: &TestApp) -> Vec<(String, BTreeSet<String>)> {
    app.outbox_files()
        .into_iter()
        .map(|(_, raw)| {
            let (to, _, text) = to_subject_text(&raw);
            let links = text
                .split_whitespace()
                .filter_map(|word| word.find("/r/").map(|at| word[at..].to_owned()))
                .collect();
            (to, links)
        })
        .collect()
}

fn no_redirects() -> reqwest::Client {
    crate::helpers::client_builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn click(
    app: &TestApp,
    method: Method,
    path: &str,
    headers: &[(&str, &str)],
) -> reqwest::Response {
    let mut request = no_redirects().request(method, app.url(path));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap()
}

/// The issue's counts once written (they are written once a second): waits until they are
/// `expected`, and fails if they pass it or never reach it.
async fn counts_become(app: &TestApp, issue: i64, expected: ClickCounts) {
    let sum = |column: &str| {
        format!(
            "SELECT CAST(COALESCE(SUM({column}), 0) AS BIGINT) FROM story_clicks WHERE issue_id = {issue}"
        )
    };
    let started = Instant::now();
    loop {
        let got = ClickCounts {
            clicks: app.sql_number(&sum("clicks")).await,
            early: app.sql_number(&sum("early")).await,
            robots: app.sql_number(&sum("robots")).await,
        };
        if got == expected {
            return;
        }
        assert!(
            got.clicks <= expected.clicks
                && got.early <= expected.early
                && got.robots <= expected.robots,
            "counted more than clicked: {got:?}, expected {expected:?}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "{got:?}, expected {expected:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The copies went out long enough ago: clicks count from now on. (The redirect reads an
/// issue again at most once a second.)
async fn sending_is_long_over(app: &TestApp, issue: i64) {
    let past = chrono::Utc::now() - chrono::Duration::minutes(5);
    let stamp = past.to_rfc3339();
    app.sql(&format!(
        "UPDATE issues SET last_sent_at = '{stamp}' WHERE id = {issue}"
    ))
    .await;
    tokio::time::sleep(Duration::from_millis(1100)).await;
}

async fn every_reader_gets_the_same_story_links_and_each_goes_to_its_article(db: Db) {
    let app = TestApp::spawn(db).await;
    let issue = sent_digest(&app).await;
    // The article's own page, given before anyone clicks.
    app.sql(&format!(
        "UPDATE articles SET url = 'https://www.example.org/khiva' WHERE slug = '{KHIVA}'"
    ))
    .await;
    let copies = counted_links(&app);
    assert_eq!(copies.len(), 2);
    let (_, first) = &copies[0];
    let (_, second) = &copies[1];
    assert_eq!(first, second, "the same links for every reader");
    let (edition, stories) = app.store.issue_with_articles(issue).await.unwrap().unwrap();
    let expected: BTreeSet<String> = stories
        .iter()
        .map(|a| format!("/r/{issue}/{}", a.slug))
        .collect();
    assert_eq!(first, &expected, "one counted link per story, nothing else");

    // Each goes to its article: its own page, or its place in the issue's archive page.
    for story in &stories {
        let answer = click(
            &app,
            Method::GET,
            &format!("/r/{issue}/{}", story.slug),
            &[("user-agent", FIREFOX)],
        )
        .await;
        assert_eq!(answer.status(), StatusCode::FOUND);
        assert_eq!(answer.headers()["cache-control"], "no-store");
        assert_eq!(answer.headers()["referrer-policy"], "no-referrer");
        let location = answer.headers()["location"].to_str().unwrap().to_owned();
        match story.slug.as_str() {
            KHIVA => assert_eq!(location, "https://www.example.org/khiva"),
            slug => assert!(
                location.ends_with(&format!("/archive/{}#{slug}", edition.slug)),
                "{location}"
            ),
        }
    }
    // Anything else is not ours to redirect to: a clear 404, never a redirect.
    for path in [
        format!("/r/{issue}/not-a-story-of-this-issue"),
        format!("/r/{}/{KHIVA}", issue + 1),
        format!("/r/{issue}/https%3A%2F%2Fevil.example"),
        "/r/x/y".to_owned(),
        format!("/r/{issue}99999999999999999999/{KHIVA}"),
    ] {
        let answer = click(&app, Method::GET, &path, &[("user-agent", FIREFOX)]).await;
        assert_eq!(answer.status(), StatusCode::NOT_FOUND, "{path}");
        assert!(answer.headers().get("location").is_none());
    }
}

async fn people_are_counted_apart_from_robots_and_the_minute_after_sending(db: Db) {
    let app = TestApp::spawn(db).await;
    let issue = sent_digest(&app).await;
    let link = format!("/r/{issue}/{KHIVA}");
    // Right after the send: a security gateway's click, or a very quick reader; kept apart.
    click(&app, Method::GET, &link, &[("user-agent", FIREFOX)]).await;
    counts_become(
        &app,
        issue,
        ClickCounts {
            early: 1,
            ..Default::default()
        },
    )
    .await;

    sending_is_long_over(&app, issue).await;
    for _ in 0..3 {
        let answer = click(&app, Method::GET, &link, &[("user-agent", FIREFOX)]).await;
        assert_eq!(answer.status(), StatusCode::FOUND);
    }
    for headers in [
        vec![("user-agent", "Mozilla/5.0 (compatible; Googlebot/2.1)")],
        vec![("user-agent", FIREFOX), ("sec-purpose", "prefetch")],
        vec![],
    ] {
        let answer = click(&app, Method::GET, &link, &headers).await;
        assert_eq!(
            answer.status(),
            StatusCode::FOUND,
            "robots are redirected too"
        );
    }
    let head = click(&app, Method::HEAD, &link, &[("user-agent", FIREFOX)]).await;
    assert_eq!(head.status(), StatusCode::FOUND);
    counts_become(
        &app,
        issue,
        ClickCounts {
            clicks: 3,
            early: 1,
            robots: 4,
        },
    )
    .await;

    // The issue page shows them, story by story, and the story among the most read.
    account(&app, "editor@caravan.test", "editor").await;
    let mut editor = AdminClient::signed_in(&app, "editor@caravan.test").await;
    let (status, page) = editor.page(&format!("/admin/issues/{issue}")).await;
    assert_eq!(status, StatusCode::OK);
    let khiva_id = app
        .sql_number(&format!("SELECT id FROM articles WHERE slug = '{KHIVA}'"))
        .await;
    let row_at = page
        .find(&format!("data-article=\"{khiva_id}\""))
        .expect(&page);
    let row = &page[row_at..row_at + page[row_at..].find("</tr>").unwrap()];
    assert!(row.contains("data-field=\"clicks\">3<"), "{row}");
    assert!(
        row.contains("data-field=\"early\">1<") && row.contains("data-field=\"robots\">4<"),
        "{row}"
    );
    let top = &page[page.find("data-top-stories").expect("the most read")..];
    assert!(
        top.contains("Renforcement") && top.contains("<strong class=\"num\">3</strong>"),
        "{top}"
    );

    // And /metrics has the totals (the process's, shared by the tests running in it).
    let metrics = app.get("/metrics").await.text().await.unwrap();
    assert!(
        metrics.contains("caravan_story_clicks_total{outcome=\"counted\"}"),
        "{metrics}"
    );
    assert!(metrics.contains("caravan_story_clicks_total{outcome=\"robot\"}"));
}

async fn a_burst_of_clicks_is_counted_exactly(db: Db) {
    let app = TestApp::spawn(db).await;
    let issue = sent_digest(&app).await;
    sending_is_long_over(&app, issue).await;
    let client = no_redirects();
    let url = app.url(&format!("/r/{issue}/{KHIVA}"));
    // Sixteen clients at once, a hundred clicks each, across several one-second writes.
    let clicks = 1_600;
    futures_util::future::join_all((0..16).map(|_| async {
        for _ in 0..100 {
            let answer = client.get(&url).header("user-agent", FIREFOX).send().await;
            assert_eq!(answer.unwrap().status(), StatusCode::FOUND);
        }
    }))
    .await;
    counts_become(
        &app,
        issue,
        ClickCounts {
            clicks,
            ..Default::default()
        },
    )
    .await;
    // Nothing more comes after a further write.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    counts_become(
        &app,
        issue,
        ClickCounts {
            clicks,
            ..Default::default()
        },
    )
    .await;
}

async fn a_failed_write_keeps_its_counts_for_the_next(db: Db) {
    let app = TestApp::spawn(db).await;
    let issue = sent_digest(&app).await;
    let article = app
        .sql_number(&format!("SELECT id FROM articles WHERE slug = '{KHIVA}'"))
        .await;
    let tally = caravan::clicks::ClickTally::new(app.store.clone());
    tally.add(
        issue,
        article,
        ClickCounts {
            clicks: 5,
            early: 1,
            robots: 2,
        },
    );
    app.refuse_inserts("story_clicks").await;
    assert!(tally.write().await.is_err());
    tally.add(
        issue,
        article,
        ClickCounts {
            clicks: 1,
            ..Default::default()
        },
    );
    let drop = match app.database_url.starts_with("sqlite:") {
        true => "DROP TRIGGER refuse_story_clicks",
        false => "DROP TRIGGER refuse_story_clicks ON story_clicks",
    };
    app.sql(drop).await;
    tally.write().await.unwrap();
    counts_become(
        &app,
        issue,
        ClickCounts {
            clicks: 6,
            early: 1,
            robots: 2,
        },
    )
    .await;
}

async fn with_counts_off_letters_link_straight_to_the_articles(db: Db) {
    let app = TestApp::spawn_with(
        db,
        TestOptions {
            env: vec![("CARAVAN_CLICK_COUNTS", "off".to_owned())],
            ..TestOptions::default()
        },
    )
    .await;
    let issue = sent_digest(&app).await;
    let copies = counted_links(&app);
    assert!(
        copies.iter().all(|(_, links)| links.is_empty()),
        "{copies:?}"
    );
    let texts: Vec<String> = app
        .outbox_files()
        .into_iter()
        .map(|(_, raw)| to_subject_text(&raw).2)
        .collect();
    assert!(texts.iter().all(|t| t.contains(&format!("#{KHIVA}"))));
    // Links of letters sent before it was turned off still lead to the story, uncounted.
    sending_is_long_over(&app, issue).await;
    let answer = click(
        &app,
        Method::GET,
        &format!("/r/{issue}/{KHIVA}"),
        &[("user-agent", FIREFOX)],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::FOUND);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    counts_become(&app, issue, ClickCounts::default()).await;
}

async fn a_test_copy_of_a_draft_leads_to_its_stories_and_counts_nothing(db: Db) {
    let app = TestApp::spawn(db).await;
    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("articles");
    caravan::articles::sync_folder(&app.store, &samples)
        .await
        .unwrap();
    let draft = caravan::digest::build_digest(&app.store, chrono::Utc::now(), chrono_tz::UTC)
        .await
        .unwrap()
        .issue_id()
        .unwrap();
    let link = format!("/r/{draft}/{KHIVA}");
    for agent in [FIREFOX, "Mozilla/5.0 (compatible; Googlebot/2.1)"] {
        let answer = click(&app, Method::GET, &link, &[("user-agent", agent)]).await;
        assert_eq!(answer.status(), StatusCode::FOUND, "{agent}");
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    counts_become(&app, draft, ClickCounts::default()).await;
    assert_eq!(app.sql_number("SELECT COUNT(*) FROM story_clicks").await, 0);
}

both_databases!(
    a_test_copy_of_a_draft_leads_to_its_stories_and_counts_nothing,
    every_reader_gets_the_same_story_links_and_each_goes_to_its_article,
    people_are_counted_apart_from_robots_and_the_minute_after_sending,
    a_burst_of_clicks_is_counted_exactly,
    a_failed_write_keeps_its_counts_for_the_next,
    with_counts_off_letters_link_straight_to_the_articles,
);
