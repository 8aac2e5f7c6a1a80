//! The reader's preference page: reached from every letter or by a link mailed on request;
//! topics and language saved, a pause, leaving, the reader's data, erasure; forged and
//! expired links change nothing.
use reqwest::StatusCode;
use serde_json::Value;

use crate::admin_client::location;
use crate::fan_out::readers_and_a_draft;
use crate::helpers::{Db, TestApp, text_part, to_subject_text};

/// The path and query of the preference link in a raw message's text part.
pub fn preferences_path(raw: &str) -> String {
    let text = text_part(raw);
    let start = text.find("/preferences?token=").expect("a preference link");
    let end = text[start..]
        .find(char::is_whitespace)
        .map_or(text.len(), |n| start + n);
    text[start..end].to_owned()
}

/// A sent digest, and the preference link of reader a@example.kz's copy.
async fn a_letter_with_its_link(app: &TestApp) -> String {
    let issue = readers_and_a_draft(app).await;
    app.store.queue_issue(issue, None).await.unwrap();
    crate::delivery::deliver(app, issue).await;
    let (_, raw) = app
        .outbox_files()
        .into_iter()
        .find(|(name, raw)| name.starts_with("20") && raw.contains("To: Aigerim <a@example.kz>"))
        .expect("a's copy");
    assert!(
        raw.contains("Choisir mes sujets, faire une pause"),
        "the HTML and text parts name the link"
    );
    preferences_path(&raw)
}

/// POSTs a form to a path and query of the page (`/preferences/pause?token=…`).
async fn post(app: &TestApp, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .form(form)
        .send()
        .await
        .unwrap()
}

fn on(path: &str, action: &str) -> String {
    path.replacen("/preferences?", &format!("/preferences/{action}?"), 1)
}

async fn a_letters_link_opens_the_page_where_topics_and_language_are_saved(db: Db) {
    let app = TestApp::spawn(db).await;
    let link = a_letter_with_its_link(&app).await;
    let page = app.get(&link).await;
    assert_eq!(page.status(), StatusCode::OK);
    let page = page.text().await.unwrap();
    assert!(page.contains("<h1>Vos préférences</h1>"), "{page}");
    assert!(page.contains("a…@example.kz"), "the address half hidden");
    assert!(!page.contains("a@example.kz"));
    assert_eq!(page.matches(r#"name="topics" value=""#).count(), 6);
    assert_eq!(
        page.matches(" checked>").count(),
        6 + 1,
        "every topic, and French"
    );

    let saved = post(
        &app,
        &link,
        &[
            ("topics_offered", "1"),
            ("topics", "kirghizistan"),
            ("topics", "asie-centrale"),
            ("letter_lang", "en"),
        ],
    )
    .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let back = location(&saved);
    assert!(back.ends_with("&done=saved"), "{back}");
    let reader = app.reader("a@example.kz").await;
    assert_eq!(reader.topics.slugs(), ["kirghizistan", "asie-centrale"]);
    assert_eq!(reader.lang, "en");
    let page = app.get(&back).await.text().await.unwrap();
    assert!(page.contains("Vos préférences sont enregistrées"), "{page}");

    // No topic ticked: refused on the page, nothing changed.
    let refused = post(
        &app,
        &link,
        &[("topics_offered", "1"), ("letter_lang", "fr")],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("Cochez au moins un sujet.")
    );
    assert_eq!(app.reader("a@example.kz").await.lang, "en");

    // The page in English, by its switch.
    let english = app
        .get(&link.replace("lang=fr", "lang=en"))
        .await
        .text()
        .await
        .unwrap();
    assert!(english.contains("<h1>Your preferences</h1>"), "{english}");
    assert!(english.contains("> Kyrgyzstan</label>"));
}

async fn forged_and_expired_links_change_nothing_and_say_so(db: Db) {
    let app = TestApp::spawn(db).await;
    let link = a_letter_with_its_link(&app).await;
    let token = crate::helpers::token_in(&link).to_owned();
    let forged = link.replace(&token, &format!("{}x", &token[..token.len() - 1]));
    let response = post(&app, &forged, &[("topics", "tadjikistan")]).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("Ce lien est incomplet ou a été modifié"),
        "{page}"
    );
    assert!(
        page.contains(r#"action="/preferences/link"#),
        "it offers a new link"
    );
    let reader = app.reader("a@example.kz").await;
    assert_eq!(reader.topics, caravan::topics::TopicChoice::Every);

    let signer = app.signer().await;
    let expired = signer.preferences(reader.id, chrono::Utc::now() - chrono::Duration::hours(1));
    for path in ["/preferences", "/preferences/pause", "/preferences/erase"] {
        let response = post(
            &app,
            &format!("{path}?token={expired}"),
            &[("confirm", "yes")],
        )
        .await;
        assert_eq!(response.status(), StatusCode::GONE, "{path}");
        assert!(response.text().await.unwrap().contains("Ce lien a expiré"));
    }
    let reader = app.reader("a@example.kz").await;
    assert!(reader.paused_until.is_none());
    // A link for another purpose opens nothing either.
    let unsubscribe = signer.unsubscribe(reader.id);
    let response = app.get(&format!("/preferences?token={unsubscribe}")).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

async fn a_pause_skips_the_next_letter_and_leaving_unsubscribes(db: Db) {
    let app = TestApp::spawn(db).await;
    let link = a_letter_with_its_link(&app).await;
    let paused = post(&app, &on(&link, "pause"), &[]).await;
    assert!(location(&paused).ends_with("&done=paused"));
    let reader = app.reader("a@example.kz").await;
    let until = reader.paused_until.expect("paused");
    let weeks = (until - chrono::Utc::now()).num_days();
    assert!((27..=28).contains(&weeks), "{weeks} days");
    let page = app.get(&location(&paused)).await.text().await.unwrap();
    assert!(
        page.contains("Vos lettres sont en pause jusqu’au"),
        "{page}"
    );

    // The next letter goes to the two other confirmed readers only.
    let letter = caravan::store::DraftChanges {
        subject: "Une lettre de plus".into(),
        intro: Some("Bonjour.".into()),
        article_ids: None,
    };
    let next = match caravan::issues::create_letter(&app.store, &letter)
        .await
        .unwrap()
    {
        caravan::store::NewLetter::Created(id) => id,
        other => panic!("{other:?}"),
    };
    app.store.queue_issue(next, None).await.unwrap();
    let progress = crate::delivery::deliver(&app, next).await;
    assert_eq!(progress.counts.sent, 2, "{progress:?}");

    let resumed = post(&app, &on(&link, "resume"), &[]).await;
    assert!(location(&resumed).ends_with("&done=resumed"));
    assert!(app.reader("a@example.kz").await.paused_until.is_none());

    let left = post(&app, &on(&link, "leave"), &[]).await;
    assert!(location(&left).ends_with("&done=left"));
    assert_eq!(
        app.reader("a@example.kz").await.status,
        caravan::store::SubscriberStatus::Unsubscribed
    );
    let page = app.get(&location(&left)).await.text().await.unwrap();
    assert!(page.contains("data-not-subscribed"), "{page}");
}

async fn a_reader_downloads_everything_then_erases_it(db: Db) {
    let app = TestApp::spawn(db).await;
    let link = a_letter_with_its_link(&app).await;
    let response = post(&app, &on(&link, "data"), &[]).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let data: Value = response.json().await.unwrap();
    assert_eq!(data["profile"]["email"], "a@example.kz");
    assert_eq!(data["profile"]["status"], "confirmed");
    assert_eq!(data["topics"].as_array().unwrap().len(), 6);
    assert_eq!(data["letters"].as_array().unwrap().len(), 1);
    assert_eq!(data["letters"][0]["status"], "sent");
    assert_eq!(data["emails"][0]["kind"], "confirmation");

    let id = app.reader("a@example.kz").await.id;
    let unconfirmed = post(&app, &on(&link, "erase"), &[]).await;
    assert!(location(&unconfirmed).ends_with("&done=erase_unconfirmed"));
    assert!(app.store.subscriber_by_id(id).await.unwrap().is_some());

    let erased = post(&app, &on(&link, "erase"), &[("confirm", "yes")]).await;
    assert_eq!(erased.status(), StatusCode::OK);
    assert!(
        erased
            .text()
            .await
            .unwrap()
            .contains("Vos données sont effacées")
    );
    assert!(app.store.subscriber_by_id(id).await.unwrap().is_none());
    assert_eq!(
        app.sql_number(&format!(
            "SELECT COUNT(*) FROM deliveries WHERE subscriber_id = {id}"
        ))
        .await,
        0
    );
    assert!(
        !app.outbox_files()
            .iter()
            .any(|(_, raw)| raw.contains("a@example.kz")),
        "the message files are gone too"
    );
    let audit = app
        .store
        .audit_page(Some(caravan::store::AuditAction::Erase), None, 5)
        .await
        .unwrap();
    assert_eq!(audit[0].actor_kind, "reader");
    assert!(!audit[0].detail.contains("example.kz"));
    // The link now opens the "unknown reader" page.
    assert_eq!(app.get(&link).await.status(), StatusCode::NOT_FOUND);
}

async fn without_a_link_the_page_mails_one_and_answers_the_same_for_anyone(db: Db) {
    let app = TestApp::spawn(db).await;
    let link = app.subscribe_and_get_link("kg@example.kg").await;
    app.confirm(&link).await;
    let ask = app.get("/preferences").await.text().await.unwrap();
    assert!(ask.contains("<h1>Gérer vos préférences</h1>"), "{ask}");

    let mut answers = Vec::new();
    for address in ["kg@example.kg", "nobody@example.kg", "kg@example.kg"] {
        let response = app
            .client
            .post(app.url("/preferences/link"))
            .form(&[("email", address)])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        answers.push(response.text().await.unwrap());
    }
    assert_eq!(answers[0], answers[1], "the same answer, known or not");
    let bad = app
        .client
        .post(app.url("/preferences/link"))
        .form(&[("email", "not-an-address")])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // The link is queued in the background: one, however often it was asked for.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let kind = caravan::preferences::PREFERENCES_LINK_KIND;
    let query = format!("SELECT COUNT(*) FROM outbox WHERE kind = '{kind}'");
    while app.sql_number(&query).await == 0 {
        assert!(std::time::Instant::now() < deadline, "no link queued");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(app.sql_number(&query).await, 1);
    app.drain_outbox().await;
    let (_, raw) = app
        .outbox_files()
        .into_iter()
        .find(|(_, raw)| {
            let (to, subject, _) = to_subject_text(raw);
            to == "kg@example.kg" && subject == "Votre lien pour gérer vos préférences"
        })
        .expect("the link e-mail");
    assert!(text_part(&raw).contains("Ce lien est valable 24 heures."));
    let page = app.get(&preferences_path(&raw)).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("k…@example.kg"));
}

/// Someone typed an address that is not theirs: the confirmation e-mail lets its owner see
/// and erase what is kept, without confirming.
async fn the_confirmation_lets_the_owner_of_an_address_erase_it_unconfirmed(db: Db) {
    let app = TestApp::spawn(db).await;
    app.post_form(&[("email", "stranger@example.tm")]).await;
    app.drain_outbox().await;
    let (_, raw) = app
        .outbox_files()
        .into_iter()
        .find(|(_, raw)| raw.contains("stranger@example.tm"))
        .unwrap();
    assert!(text_part(&raw).contains("Voir ou effacer ce que nous gardons de cette adresse"));
    let link = preferences_path(&raw);
    let page = app.get(&link).await.text().await.unwrap();
    assert!(page.contains("data-not-confirmed"), "{page}");
    let erased = post(&app, &on(&link, "erase"), &[("confirm", "yes")]).await;
    assert_eq!(erased.status(), StatusCode::OK);
    assert_eq!(app.store.count_subscribers().await.unwrap(), 0);
}

both_databases!(
    the_confirmation_lets_the_owner_of_an_address_erase_it_unconfirmed,
    a_letters_link_opens_the_page_where_topics_and_language_are_saved,
    forged_and_expired_links_change_nothing_and_say_so,
    a_pause_skips_the_next_letter_and_leaving_unsubscribes,
    a_reader_downloads_everything_then_erases_it,
    without_a_link_the_page_mails_one_and_answers_the_same_for_anyone,
);
