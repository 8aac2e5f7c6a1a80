//! The issue pages: build the week's digest, preview it, test it, send or schedule it in the
//! newsroom's time, cancel it, watch it; and what is refused.
use chrono::{Datelike, Duration, NaiveTime, TimeZone, Utc};
use chrono_tz::Asia::Almaty;
use reqwest::StatusCode;

use crate::admin_client::{AdminClient, account, location};
use crate::helpers::{Db, TestApp, TestOptions};

/// An app with the sample articles, in Almaty time, and a signed-in editor.
pub async fn newsroom(db: Db) -> (TestApp, AdminClient) {
    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("articles");
    let app = TestApp::spawn_with(
        db,
        TestOptions {
            articles_dir: Some(samples),
            env: vec![("CARAVAN_TIMEZONE", "Asia/Almaty".to_owned())],
            ..TestOptions::default()
        },
    )
    .await;
    account(&app, "editor@caravan.test", "editor").await;
    let browser = AdminClient::signed_in(&app, "editor@caravan.test").await;
    (app, browser)
}

/// Builds the week's digest from the issues page; returns its id.
pub async fn build_digest(browser: &mut AdminClient) -> i64 {
    browser.page("/admin/issues").await;
    let response = browser.submit("/admin/issues/digest", &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let to = location(&response);
    assert!(to.ends_with("?notice=digest_built"), "{to}");
    to.trim_start_matches("/admin/issues/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

async fn an_editor_builds_previews_tests_and_schedules_the_digest(db: Db) {
    let (app, mut browser) = newsroom(db).await;
    let id = build_digest(&mut browser).await;
    let (status, page) = browser
        .page(&format!("/admin/issues/{id}?notice=digest_built"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Le sommaire de la semaine est prêt"));
    let (issue, articles) = app.store.issue_with_articles(id).await.unwrap().unwrap();
    assert!(
        page.contains(&issue.subject.replace('\'', "&#x27;")) || page.contains("Asie centrale")
    );
    assert!(articles.len() > 1);
    for article in &articles {
        assert!(page.contains(&format!("name=\"pos_{}\"", article.id)));
    }
    // A second build finds the same issue.
    let again = browser.submit("/admin/issues/digest", &[]).await;
    assert_eq!(
        location(&again),
        format!("/admin/issues/{id}?notice=digest_exists")
    );

    // Preview: phone and desktop frames, the text part, the HTML as a reader gets it.
    let (status, preview) = browser.page(&format!("/admin/issues/{id}/preview")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(preview.contains("frame phone"));
    assert!(preview.contains("frame desktop"));
    assert!(
        preview.contains(
            &articles[0]
                .title
                .replace('\'', "&#x27;")
                .replace('"', "&quot;")
        ) || preview.contains("Bonjour")
    );
    let html = browser
        .get(&format!("/admin/issues/{id}/preview.html?lang=fr"))
        .await;
    assert_eq!(html.status(), StatusCode::OK);
    assert!(
        html.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("script-src 'none'")
    );
    let html = html.text().await.unwrap();
    assert!(html.contains("Aïgerim"), "the sample reader is greeted");
    let english = browser
        .get(&format!("/admin/issues/{id}/preview.html?lang=en"))
        .await;
    assert!(english.text().await.unwrap().contains("lang=\"en\""));

    // Test send to two addresses: two [TEST] copies in the outbox, the issue untouched.
    browser.page(&format!("/admin/issues/{id}")).await;
    let test = browser
        .submit(
            &format!("/admin/issues/{id}/test"),
            &[
                ("to", "editor@caravan.test,\nchief@caravan.test"),
                ("lang", "fr"),
            ],
        )
        .await;
    assert_eq!(
        location(&test),
        format!("/admin/issues/{id}?notice=test_sent#sending")
    );
    app.drain_outbox().await;
    let tests: Vec<_> = app
        .outbox_files()
        .into_iter()
        .filter(|(_, raw)| raw.contains("[TEST]"))
        .collect();
    assert_eq!(tests.len(), 2);
    assert_eq!(
        app.store.issue_status(id).await.unwrap().unwrap().as_str(),
        "draft"
    );

    // Schedule for next Monday 08:00 Almaty time.
    let now = Utc::now().with_timezone(&Almaty);
    let monday =
        now.date_naive() + Duration::days(7 - i64::from(now.weekday().num_days_from_monday()));
    let field = format!("{}T08:00", monday.format("%Y-%m-%d"));
    let scheduled = browser
        .submit(
            &format!("/admin/issues/{id}/schedule"),
            &[("send_at", &field)],
        )
        .await;
    assert_eq!(
        location(&scheduled),
        format!("/admin/issues/{id}?notice=scheduled#sending")
    );
    let progress = app.store.issue_progress(id).await.unwrap().unwrap();
    assert_eq!(progress.status.as_str(), "queued");
    let expected = Almaty
        .from_local_datetime(&monday.and_time(NaiveTime::from_hms_opt(8, 0, 0).unwrap()))
        .unwrap()
        .with_timezone(&Utc);
    assert_eq!(progress.send_at, Some(expected));
    let (_, page) = browser.page(&format!("/admin/issues/{id}")).await;
    assert!(
        page.contains(&format!("{} 08:00", monday.format("%d/%m/%Y"))),
        "shown in newsroom time"
    );
    assert!(
        !page.contains("id=\"edit\""),
        "a queued issue has no edit form"
    );

    // Scheduling twice changes nothing; cancelling stops it.
    let twice = browser
        .submit(&format!("/admin/issues/{id}/queue"), &[])
        .await;
    assert!(location(&twice).contains("notice=already_queued"));
    let cancel = browser
        .submit(&format!("/admin/issues/{id}/cancel"), &[])
        .await;
    assert!(location(&cancel).contains("notice=cancelled"));
    assert_eq!(
        app.store.issue_status(id).await.unwrap().unwrap().as_str(),
        "cancelled"
    );
    let again = browser
        .submit(&format!("/admin/issues/{id}/cancel"), &[])
        .await;
    assert!(location(&again).contains("notice=not_cancellable"));
}

async fn sending_now_shows_live_progress(db: Db) {
    let (app, mut browser) = newsroom(db).await;
    for address in ["a@example.kz", "b@example.uz"] {
        let link = app.subscribe_and_get_link(address).await;
        app.confirm(&link).await;
    }
    let id = build_digest(&mut browser).await;
    browser.page(&format!("/admin/issues/{id}")).await;
    let queued = browser
        .submit(&format!("/admin/issues/{id}/queue"), &[])
        .await;
    assert!(location(&queued).contains("notice=queued"));
    let (_, page) = browser.page(&format!("/admin/issues/{id}")).await;
    assert!(page.contains(&format!(
        "data-progress-url=\"/admin/issues/{id}/progress.json\""
    )));
    app.store.start_due_issues().await.unwrap();
    let progress: serde_json::Value = browser
        .get(&format!("/admin/issues/{id}/progress.json"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(progress["status"], "sending");
    assert_eq!(progress["total"], 2);
    assert_eq!(progress["pending"], 2);
    assert_eq!(progress["status_label"], "En cours d'envoi");
}

async fn bad_schedules_and_forged_forms_change_nothing(db: Db) {
    let (app, mut browser) = newsroom(db).await;
    let id = build_digest(&mut browser).await;
    browser.page(&format!("/admin/issues/{id}")).await;
    let path = format!("/admin/issues/{id}/schedule");
    for (value, notice) in [
        ("2020-01-06T08:00", "schedule_past"),
        ("lundi 8h", "schedule_bad"),
        ("", "schedule_bad"),
    ] {
        let response = browser.submit(&path, &[("send_at", value)]).await;
        assert!(location(&response).contains(notice), "{value:?}");
    }
    let (_, page) = browser
        .page(&format!("/admin/issues/{id}?notice=schedule_past"))
        .await;
    assert!(page.contains("Choisissez une date et une heure à venir"));
    for (to, why) in [("", "none"), ("not-an-address", "invalid")] {
        let response = browser
            .submit(&format!("/admin/issues/{id}/test"), &[("to", to)])
            .await;
        assert!(location(&response).contains("notice=test_bad"), "{why}");
    }
    // Without the session's CSRF token nothing happens.
    let forged = browser
        .post_raw(&format!("/admin/issues/{id}/queue"), &[("csrf", "forged")])
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let missing = browser
        .post_raw(&format!("/admin/issues/{id}/queue"), &[])
        .await;
    assert_eq!(missing.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        app.store.issue_status(id).await.unwrap().unwrap().as_str(),
        "draft"
    );
    // Unknown issues are 404 pages, not errors.
    for path in [
        "/admin/issues/9999",
        "/admin/issues/abc",
        "/admin/issues/9999/preview",
    ] {
        assert_eq!(
            browser.get(path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let response = browser.submit("/admin/issues/9999/queue", &[]).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.drain_outbox().await, 0, "no test copy was queued");
}

async fn a_draft_is_edited_and_a_queued_issue_is_not(db: Db) {
    let (app, mut browser) = newsroom(db).await;
    let id = build_digest(&mut browser).await;
    let (_, before) = app.store.issue_with_articles(id).await.unwrap().unwrap();
    browser.page(&format!("/admin/issues/{id}")).await;
    // Keep all but the first article, in reverse order.
    let kept: Vec<i64> = before.iter().skip(1).map(|a| a.id).rev().collect();
    let mut fields: Vec<(String, String)> = vec![
        (
            "subject".into(),
            "  Semaine 48 :\n l'Asie centrale  ".into(),
        ),
        (
            "intro".into(),
            "Bonjour à toutes et à tous.\r\n\r\nBonne lecture.".into(),
        ),
    ];
    for (n, article) in kept.iter().enumerate() {
        fields.push(("article".into(), article.to_string()));
        fields.push((format!("pos_{article}"), (n + 1).to_string()));
    }
    fields.push((format!("pos_{}", before[0].id), "1".into()));
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let saved = browser.submit(&format!("/admin/issues/{id}"), &pairs).await;
    assert_eq!(location(&saved), format!("/admin/issues/{id}?notice=saved"));
    let (issue, after) = app.store.issue_with_articles(id).await.unwrap().unwrap();
    assert_eq!(issue.subject, "Semaine 48 : l'Asie centrale");
    assert_eq!(
        issue.intro.as_deref(),
        Some("Bonjour à toutes et à tous.\n\nBonne lecture.")
    );
    assert_eq!(after.iter().map(|a| a.id).collect::<Vec<_>>(), kept);
    let html = browser
        .get(&format!("/admin/issues/{id}/preview.html"))
        .await;
    assert!(
        html.text()
            .await
            .unwrap()
            .contains("Bonjour à toutes et à tous.")
    );

    // Refused input changes nothing.
    let blank = browser
        .submit(
            &format!("/admin/issues/{id}"),
            &[("subject", "   "), ("article", &kept[0].to_string())],
        )
        .await;
    assert!(location(&blank).ends_with("notice=subject_required"));
    let unknown = browser
        .submit(
            &format!("/admin/issues/{id}"),
            &[("subject", "X"), ("article", "424242")],
        )
        .await;
    assert!(location(&unknown).ends_with("notice=unknown_article"));
    let (issue, unchanged) = app.store.issue_with_articles(id).await.unwrap().unwrap();
    assert_eq!(issue.subject, "Semaine 48 : l'Asie centrale");
    assert_eq!(unchanged.len(), kept.len());

    // Once queued, the issue is read-only.
    app.store.queue_issue(id, None).await.unwrap();
    let late = browser
        .submit(&format!("/admin/issues/{id}"), &[("subject", "Trop tard")])
        .await;
    assert_eq!(late.status(), StatusCode::CONFLICT);
    assert!(
        late.text()
            .await
            .unwrap()
            .contains("ne peut plus être modifié")
    );
    let (issue, _) = app.store.issue_with_articles(id).await.unwrap().unwrap();
    assert_eq!(issue.subject, "Semaine 48 : l'Asie centrale");

    // A blank letter opens ready to edit.
    browser.page("/admin/issues").await;
    let created = browser.submit("/admin/issues/new", &[]).await;
    let to = location(&created);
    assert!(to.ends_with("?notice=letter_created"), "{to}");
    let (status, page) = browser.page(&to).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("id=\"edit\""));
    let letter = app.store.list_issues().await.unwrap().remove(0);
    assert_eq!(
        (letter.kind.as_str(), letter.status.as_str()),
        ("letter", "draft")
    );
    assert_eq!(letter.subject, "Nouvelle lettre");
}

/// The only relay down: the issue page says the send is paused, how many wait, and why.
async fn a_paused_send_says_why_on_the_issue_page(db: Db) {
    let smtp = crate::fault_smtp::FaultSmtp::start(Default::default()).await;
    smtp.set_down(true);
    let (app, issue) = crate::delivery::app_on(&smtp, db, Vec::new()).await;
    account(&app, "editor@caravan.test", "editor").await;
    let mut browser = AdminClient::signed_in(&app, "editor@caravan.test").await;
    app.store.queue_issue(issue, None).await.unwrap();
    let (_, page) = browser.page(&format!("/admin/issues/{issue}")).await;
    assert!(!page.contains("Envoi en pause"), "nothing held yet");
    crate::delivery::drain(&crate::delivery::worker(&app, Duration::days(3)).await).await;
    let (_, page) = browser.page(&format!("/admin/issues/{issue}")).await;
    assert!(
        page.contains("Envoi en pause, il reprendra tout seul"),
        "{page}"
    );
    assert!(page.contains("(3) : "), "three readers wait: {page}");
    assert!(page.contains("421"), "the relay's answer: {page}");
}

both_databases!(
    a_paused_send_says_why_on_the_issue_page,
    a_draft_is_edited_and_a_queued_issue_is_not,
    an_editor_builds_previews_tests_and_schedules_the_digest,
    sending_now_shows_live_progress,
    bad_schedules_and_forged_forms_change_nothing,
);
