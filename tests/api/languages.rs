//! French first, English available, and the reader's choice remembered: a reader who signs
//! up in English reads every page and e-mail in English from then on, while a French reader
//! of the same issue reads it in French.
use crate::helpers::{Db, TestApp, TestOptions, confirmation_path, text_part};

async fn an_english_reader_gets_english_all_the_way(db: Db) {
    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("articles");
    let app = TestApp::spawn_with(
        db,
        TestOptions {
            articles_dir: Some(samples),
            ..TestOptions::default()
        },
    )
    .await;
    // The form in English posts `lang=en` with the address.
    let form = app.get("/?lang=en").await.text().await.unwrap();
    assert!(form.contains("name=\"lang\" value=\"en\""));
    let thanks = app
        .post_form(&[
            ("email", "dana@example.org"),
            ("name", "Dana"),
            ("lang", "en"),
        ])
        .await
        .text()
        .await
        .unwrap();
    assert!(thanks.contains("Check your inbox"), "{thanks}");
    assert_eq!(
        app.reader("dana@example.org").await.lang,
        "en",
        "remembered"
    );
    app.post_form(&[("email", "aigerim@example.kz"), ("name", "Aïgerim")])
        .await;
    app.drain_outbox().await;

    let confirmations = app.outbox_files();
    let english = confirmations
        .iter()
        .find(|(_, raw)| raw.contains("dana@example.org"))
        .map(|(_, raw)| raw.clone())
        .unwrap();
    assert!(text_part(&english).contains("Hello Dana,"));
    let link = confirmation_path(&english);
    assert!(link.contains("lang=en"), "{link}");
    let confirmed = app.confirm(&link).await.text().await.unwrap();
    assert!(confirmed.contains("Subscription confirmed"), "{confirmed}");
    let french = confirmations
        .iter()
        .find(|(_, raw)| raw.contains("aigerim@example.kz"))
        .map(|(_, raw)| raw.clone())
        .unwrap();
    assert!(text_part(&french).contains("Bonjour Aïgerim,"));
    app.confirm(&confirmation_path(&french)).await;

    // One issue, each reader in their language; the unsubscribe link keeps it.
    let issue =
        caravan::digest::build_digest(&app.store, chrono::Utc::now(), chrono_tz::Asia::Almaty)
            .await
            .unwrap()
            .issue_id()
            .unwrap();
    app.store.queue_issue(issue, None).await.unwrap();
    crate::delivery::deliver(&app, issue).await;
    let copies: Vec<String> = app
        .outbox_files()
        .into_iter()
        .map(|(_, raw)| raw)
        .filter(|raw| raw.contains("List-Unsubscribe-Post"))
        .collect();
    let to_dana = copies.iter().find(|raw| raw.contains("To: Dana")).unwrap();
    let to_aigerim = copies.iter().find(|raw| !raw.contains("To: Dana")).unwrap();
    let dana_text = text_part(to_dana);
    assert!(
        dana_text.contains("CENTRAL ASIA THIS WEEK") && dana_text.contains("Hello Dana,"),
        "{dana_text}"
    );
    assert!(text_part(to_aigerim).contains("Bonjour Aïgerim,"));
    let unsubscribe = dana_text
        .lines()
        .find_map(|l| {
            l.find("/unsubscribe?token=")
                .map(|at| l[at..].trim().to_owned())
        })
        .unwrap();
    assert!(unsubscribe.ends_with("lang=en"), "{unsubscribe}");
    let page = app.get(&unsubscribe).await.text().await.unwrap();
    assert!(
        page.contains("<html lang=\"en\">") && page.contains("Unsubscribe"),
        "{page}"
    );
    let done = app
        .client
        .post(app.url(&unsubscribe))
        .form(&[("confirm", "1")])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(done.contains("You are unsubscribed"), "{done}");
}

both_databases!(an_english_reader_gets_english_all_the_way);
