//! The welcome e-mail: once a reader confirms, once ever, through the outbox; the editors'
//! text (French and English, edited at /admin/welcome), then the latest letter's stories
//! for the reader's topics, their preference and unsubscribe links.
use reqwest::StatusCode;

use crate::admin_client::{AdminClient, account, location};
use crate::helpers::{Db, TestApp, confirmation_path, text_part, to_subject_text};

/// The welcome e-mails written to the outbox folder for `address`, by their subject.
fn welcomes(app: &TestApp, address: &str) -> Vec<String> {
    app.outbox_files()
        .into_iter()
        .map(|(_, raw)| raw)
        .filter(|raw| {
            let (to, subject, _) = to_subject_text(raw);
            to == address && (subject.starts_with("Bienvenue") || subject.starts_with("Welcome"))
        })
        .collect()
}

async fn a_confirmed_reader_is_welcomed_once_with_the_latest_stories_of_their_topics(db: Db) {
    let app = TestApp::spawn(db).await;
    // A sent digest first: its stories are what the welcome shows.
    let issue = crate::fan_out::readers_and_a_draft(&app).await;
    app.store.queue_issue(issue, None).await.unwrap();
    crate::delivery::deliver(&app, issue).await;

    account(&app, "editor@caravan.test", "editor").await;
    let mut browser = AdminClient::signed_in(&app, "editor@caravan.test").await;
    let (status, page) = browser.page("/admin/welcome").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Merci de nous avoir rejoints."),
        "the default text"
    );
    let saved = browser
        .submit(
            "/admin/welcome",
            &[
                (
                    "body_fr",
                    "Bienvenue parmi nos lecteurs.\r\n\r\nBonne lecture !",
                ),
                ("body_en", ""),
            ],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert!(location(&saved).ends_with("notice=saved"));

    app.post_form(&[
        ("email", "bichkek@example.kg"),
        ("topics_offered", "1"),
        ("topics", "kirghizistan"),
    ])
    .await;
    app.drain_outbox().await;
    let (_, raw) = app
        .outbox_files()
        .into_iter()
        .find(|(_, raw)| raw.contains("bichkek@example.kg"))
        .unwrap();
    let confirm = confirmation_path(&raw);
    assert_eq!(app.confirm(&confirm).await.status(), StatusCode::OK);
    app.drain_outbox().await;
    let found = welcomes(&app, "bichkek@example.kg");
    assert_eq!(found.len(), 1, "one welcome");
    let text = text_part(&found[0]);
    assert!(text.contains("Bienvenue parmi nos lecteurs."), "{text}");
    assert!(text.contains("Bonne lecture !"), "two paragraphs: {text}");
    assert!(
        text.contains("Pour commencer, la dernière lettre"),
        "{text}"
    );
    assert!(text.contains("#le-kazakhstan-et-le-kirghizistan"), "{text}");
    assert!(
        !text.contains("#renforcement-du-partenariat"),
        "only their topics: {text}"
    );
    assert!(text.contains("/unsubscribe?token="));
    assert!(
        found[0].contains("Content-Type: text/html"),
        "an HTML part too"
    );
    assert!(found[0].contains("List-Unsubscribe"));

    // Confirming again, or leaving and coming back: no second welcome.
    app.confirm(&confirm).await;
    let id = app.reader("bichkek@example.kg").await.id;
    app.store.unsubscribe(id).await.unwrap();
    // Their new confirmation link (the sign-up form would wait ten minutes to send one).
    // Made after they left (links carry whole seconds).
    let made = chrono::Utc::now() + chrono::Duration::seconds(2);
    let token = app.signer().await.confirmation(id, made);
    let again = format!("/subscriptions/confirm?token={token}&lang=fr");
    assert_eq!(app.confirm(&again).await.status(), StatusCode::OK);
    assert_eq!(
        app.reader("bichkek@example.kg").await.status,
        caravan::store::SubscriberStatus::Confirmed
    );
    app.drain_outbox().await;
    assert_eq!(welcomes(&app, "bichkek@example.kg").len(), 1);

    // An English reader: the default English text (the field was left empty).
    app.post_form(&[("email", "english@example.kz"), ("lang", "en")])
        .await;
    app.drain_outbox().await;
    let (_, raw) = app
        .outbox_files()
        .into_iter()
        .find(|(_, raw)| raw.contains("english@example.kz"))
        .unwrap();
    app.confirm(&confirmation_path(&raw)).await;
    app.drain_outbox().await;
    let english = welcomes(&app, "english@example.kz");
    assert_eq!(english.len(), 1);
    let text = text_part(&english[0]);
    assert!(text.contains("Thank you for joining us."), "{text}");
    assert!(
        text.contains("#renforcement-du-partenariat"),
        "every topic: {text}"
    );
}

both_databases!(a_confirmed_reader_is_welcomed_once_with_the_latest_stories_of_their_topics,);
