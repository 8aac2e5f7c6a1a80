//! What people do in a real browser: an editor who has never seen Caravan signs in, builds
//! the week's digest, previews it in a phone-sized frame, sends a test, schedules it for
//! Monday 8:00 Almaty time and watches it go out; a reader subscribes through the form.
use chrono::{Datelike, Duration, NaiveTime, TimeZone, Utc};
use chrono_tz::Asia::Almaty;

use crate::admin_client::{PASSWORD, account};
use crate::browser::Browser;
use crate::helpers::{Db, TestApp, TestOptions, confirmation_path};

async fn newsroom_with_workers() -> TestApp {
    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("articles");
    TestApp::spawn_with(
        Db::Sqlite,
        TestOptions {
            articles_dir: Some(samples),
            workers: true,
            env: vec![("CARAVAN_TIMEZONE", "Asia/Almaty".to_owned())],
            ..TestOptions::default()
        },
    )
    .await
}

#[tokio::test]
async fn an_editor_takes_the_weekly_digest_from_draft_to_sent() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = newsroom_with_workers().await;
    account(&app, "redaction@caravan.test", "editor").await;
    // Three readers who confirmed (the workers are running: links are signed here rather
    // than read from the outbox they are emptying).
    let signer = app.signer().await;
    for address in ["a@example.kz", "b@example.uz", "c@example.kg"] {
        app.post_form(&[("email", address)]).await;
        let token = signer.confirmation(app.reader(address).await.id, Utc::now());
        let confirmed = app
            .confirm(&format!("/subscriptions/confirm?token={token}"))
            .await;
        assert_eq!(confirmed.status(), 200);
    }

    // Signing in: the dashboard sends a stranger to the login form, then back.
    browser.goto(&app.url("/admin")).await;
    assert!(browser.path().await.starts_with("/admin/login"));
    browser.screenshots("admin-login").await;
    browser.fill("#email", "redaction@caravan.test").await;
    browser.fill("#password", PASSWORD).await;
    browser.click("form button[type=submit]").await;
    browser
        .wait_for_text("main h1", "Tableau de bord", 10)
        .await;
    assert!(browser.text("[data-count=confirmed]").await.contains('3'));
    browser.screenshots("admin-dashboard").await;

    // This week's draft, built from the issues page.
    browser.click("nav a[href='/admin/issues']").await;
    browser.wait_for_text("main h1", "Numéros", 10).await;
    browser
        .click("form[action='/admin/issues/digest'] button")
        .await;
    browser
        .wait_for_text(".notice", "Le sommaire de la semaine est prêt", 10)
        .await;
    // The dashboard now points to the draft waiting for review.
    browser.click("nav a[href='/admin']").await;
    browser
        .wait_for_text(".drafts", "Relire et envoyer", 10)
        .await;
    browser.screenshots("admin-dashboard-draft").await;
    browser.click(".drafts a").await;
    browser
        .wait_for_text("main h1", "Renforcement du partenariat", 10)
        .await;
    let issue_path = browser.path().await;
    let id: i64 = issue_path
        .trim_start_matches("/admin/issues/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    browser.screenshots("admin-issue").await;

    // The preview: a phone-wide frame with the e-mail as a reader gets it.
    browser.click("a[href$='/preview']").await;
    browser.wait_for_text("main h1", "Aperçu", 10).await;
    let phone = browser.width("iframe.phone").await;
    assert!(
        (370.0..=380.0).contains(&phone),
        "phone frame is {phone}px wide"
    );
    assert!(browser.text("pre.text").await.contains("Bonjour Aïgerim"));
    browser.screenshots("admin-preview").await;
    let frame = browser
        .client
        .find(fantoccini::Locator::Css("iframe.phone"))
        .await
        .unwrap();
    frame.enter_frame().await.unwrap();
    browser.wait_for_text("body", "Aïgerim", 10).await;
    browser.client.enter_parent_frame().await.unwrap();

    // A test to the editor's own address (the form offers it).
    browser.goto(&app.url(&format!("/admin/issues/{id}"))).await;
    browser.click("form[action$='/test'] button").await;
    browser.wait_for_text(".notice", "Test envoyé", 10).await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !app
        .outbox_files()
        .iter()
        .any(|(_, raw)| raw.contains("[TEST]") && raw.contains("redaction@caravan.test"))
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the test copy never left"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }

    // Scheduled for Monday 08:00 newsroom time, the date the form offers.
    browser.click("form[action$='/schedule'] button").await;
    browser
        .wait_for_text(".notice", "Numéro programmé", 10)
        .await;
    let now = Utc::now().with_timezone(&Almaty);
    let monday =
        now.date_naive() + Duration::days(7 - i64::from(now.weekday().num_days_from_monday()));
    let shown = browser.text("[data-scheduled-for]").await;
    assert_eq!(shown, format!("{} 08:00", monday.format("%d/%m/%Y")));
    let expected = Almaty
        .from_local_datetime(&monday.and_time(NaiveTime::from_hms_opt(8, 0, 0).unwrap()))
        .unwrap()
        .with_timezone(&Utc);
    let progress = app.store.issue_progress(id).await.unwrap().unwrap();
    assert_eq!(progress.send_at, Some(expected));
    browser.screenshots("admin-issue-scheduled").await;

    // Monday comes (the test moves the issue's time, not the clock); the open page follows
    // the sending live and ends on the figures.
    let pool = sqlx::SqlitePool::connect(&app.database_url).await.unwrap();
    sqlx::query("UPDATE issues SET send_at = $1 WHERE id = $2")
        .bind(Utc::now() - Duration::seconds(1))
        .bind(id)
        .execute(&pool)
        .await
        .unwrap();
    browser
        .wait_for_text("[data-field=status_label]", "Envoyé", 60)
        .await;
    browser.wait_for_text("[data-field=sent]", "3", 10).await;
    browser.screenshots("admin-issue-sent").await;
    let sent = app
        .outbox_files()
        .iter()
        .filter(|(_, raw)| raw.contains("List-Unsubscribe:"))
        .count();
    assert!(sent >= 3, "every reader's copy was written");

    browser.goto(&app.url("/admin/readers")).await;
    browser.wait_for_text("main h1", "Lecteurs", 10).await;
    browser.screenshots("admin-readers").await;

    // A correction's page says whom it would reach before anything is sent (the three
    // readers were sent the story). Nothing is published here: the articles folder is the
    // repository's own.
    browser
        .goto(&app.url(
            "/admin/articles/renforcement-du-partenariat-strategique-kazakho-ouzbek-une-rencontre/correction",
        ))
        .await;
    browser
        .wait_for_text("main h1", "Publier une correction", 10)
        .await;
    assert!(browser.text("[data-readers]").await.contains(" 3 "));
    browser.screenshots("admin-correction").await;
    // The public list of corrections, empty so far, is as readable as the other pages.
    browser.goto(&app.url("/corrections")).await;
    browser.wait_for_text("h1", "Corrections", 10).await;
    assert_eq!(browser.accessibility_faults().await, Vec::<String>::new());
    browser.close().await;
}

#[tokio::test]
async fn a_reader_subscribes_through_the_public_form() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = newsroom_with_workers().await;
    browser.goto(&app.url("/")).await;
    browser.screenshots("signup").await;
    assert_eq!(browser.accessibility_faults().await, Vec::<String>::new());
    // Every topic ticked at first; one unticked here.
    browser
        .click("input[name=topics][value=turkmenistan]")
        .await;
    browser.fill("#email", "lectrice@example.kz").await;
    browser.fill("#name", "Aïgerim").await;
    browser.click("form button[type=submit]").await;
    browser.wait_for_text("h1", "Vérifiez", 10).await;
    browser.screenshots("signup-thanks").await;

    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let raw = loop {
        if let Some((_, raw)) = app
            .outbox_files()
            .into_iter()
            .find(|(_, raw)| raw.contains("lectrice@example.kz"))
        {
            break raw;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no confirmation e-mail"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    };
    browser.goto(&app.url(&confirmation_path(&raw))).await;
    // The link shows one button; only pressing it confirms.
    browser
        .wait_for_text("h1", "Confirmer votre inscription", 10)
        .await;
    assert_eq!(
        app.reader("lectrice@example.kz").await.status,
        caravan::store::SubscriberStatus::Pending
    );
    browser.click("form[method=post] button").await;
    browser
        .wait_for_text("h1", "Inscription confirmée", 10)
        .await;
    browser.screenshots("signup-confirmed").await;
    let reader = app.reader("lectrice@example.kz").await;
    assert_eq!(reader.status, caravan::store::SubscriberStatus::Confirmed);
    assert_eq!(
        reader.topics.slugs(),
        [
            "kazakhstan",
            "kirghizistan",
            "ouzbekistan",
            "tadjikistan",
            "asie-centrale"
        ]
    );

    // Their preference page, as a letter's link opens it.
    let signer = app.signer().await;
    let token = signer.preferences(reader.id, chrono::Utc::now() + chrono::Duration::days(90));
    browser
        .goto(&app.url(&format!("/preferences?token={token}&lang=fr")))
        .await;
    browser.wait_for_text("h1", "Vos préférences", 10).await;
    browser.screenshots("preferences").await;
    assert_eq!(browser.accessibility_faults().await, Vec::<String>::new());
    browser.click("input[name=topics][value=kazakhstan]").await;
    browser.click("input[name=letter_lang][value=en]").await;
    browser.click("#choices button[type=submit]").await;
    browser
        .wait_for_text("[data-notice]", "Vos préférences sont enregistrées", 10)
        .await;
    let reader = app.reader("lectrice@example.kz").await;
    assert_eq!(reader.lang, "en");
    assert!(!reader.topics.slugs().contains(&"kazakhstan".to_owned()));
    browser.goto(&app.url("/preferences?lang=en")).await;
    browser
        .wait_for_text("h1", "Manage your preferences", 10)
        .await;
    browser.screenshots("preferences-ask").await;
    assert_eq!(browser.accessibility_faults().await, Vec::<String>::new());
    browser.close().await;
}
