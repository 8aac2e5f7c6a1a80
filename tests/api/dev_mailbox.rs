use crate::helpers::{Db, TestApp};

async fn the_mailbox_lists_messages_and_shows_a_clickable_link(db: Db) {
    let app = TestApp::spawn(db).await;
    let empty = app.get("/dev/mailbox").await;
    assert_eq!(empty.status(), 200);
    assert!(empty.text().await.unwrap().contains("No message yet"));

    let link = app.subscribe_and_get_link("reader@example.kz").await;
    let list = app.get("/dev/mailbox").await.text().await.unwrap();
    assert!(list.contains("reader@example.kz"), "{list}");
    assert!(list.contains("Confirmez votre inscription"), "{list}");
    let (file, _) = app.outbox_files().pop().unwrap();
    let page = app.get(&format!("/dev/mailbox/{file}")).await;
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    let escaped_link = link.replace('&', "&#38;");
    assert!(
        page.contains(&format!("<a href=\"http://localhost:8080{escaped_link}\""))
            || page.contains(&format!(
                "<a href=\"http://localhost:8080{}\"",
                link.replace('&', "&amp;")
            )),
        "{page}"
    );
    let html = app.get(&format!("/dev/mailbox/{file}/html")).await;
    assert_eq!(html.status(), 200);
    assert!(
        html.text()
            .await
            .unwrap()
            .contains("Confirmer mon inscription")
    );
}

async fn the_mailbox_refuses_paths_outside_the_outbox(db: Db) {
    let app = TestApp::spawn(db).await;
    for path in [
        "/dev/mailbox/..%2Fcaravan.db",
        "/dev/mailbox/.hidden.eml",
        "/dev/mailbox/x.txt",
    ] {
        assert_eq!(app.get(path).await.status(), 404, "{path}");
    }
}

async fn the_mailbox_is_not_served_when_smtp_is_configured(db: Db) {
    let smtp = crate::smtp_server::SmtpServer::start();
    let app = TestApp::spawn_with(
        db,
        crate::helpers::TestOptions {
            smtp_url: Some(smtp.url()),
            database_url: None,
            workers: false,
            ..Default::default()
        },
    )
    .await;
    assert_eq!(app.get("/dev/mailbox").await.status(), 404);
}

/// The mailbox shows every reader's address and links: a public instance never serves it,
/// whatever the path, unless `CARAVAN_DEV_MAILBOX=on` says so.
async fn the_mailbox_is_not_served_by_a_public_instance(db: Db) {
    let secret = ("CARAVAN_SECRET", "s".repeat(40));
    let public_setups = [
        vec![
            ("CARAVAN_BASE_URL", "https://news.example.org".to_owned()),
            secret.clone(),
        ],
        vec![("CARAVAN_LISTEN", "0.0.0.0:0".to_owned())],
        vec![
            ("CARAVAN_BASE_URL", "http://localhost:8080".to_owned()),
            ("CARAVAN_DEV_MAILBOX", "off".to_owned()),
        ],
    ];
    for env in public_setups {
        let app = TestApp::spawn_with(
            db.clone(),
            crate::helpers::TestOptions {
                env: env.clone(),
                ..Default::default()
            },
        )
        .await;
        app.subscribe_and_get_link("exposed@example.tm").await;
        let (file, _) = app.outbox_files().pop().expect("the e-mail was written");
        for path in [
            "/dev/mailbox".to_owned(),
            format!("/dev/mailbox/{file}"),
            format!("/dev/mailbox/{file}/html"),
        ] {
            let response = app.get(&path).await;
            assert_eq!(response.status(), 404, "{path} with {env:?}");
            assert!(!response.text().await.unwrap().contains("exposed@"));
        }
    }
    // Forced on: served even on a public address (an operator's deliberate choice).
    let forced = TestApp::spawn_with(
        db,
        crate::helpers::TestOptions {
            env: vec![
                ("CARAVAN_LISTEN", "0.0.0.0:0".to_owned()),
                ("CARAVAN_DEV_MAILBOX", "on".to_owned()),
            ],
            ..Default::default()
        },
    )
    .await;
    assert_eq!(forced.get("/dev/mailbox").await.status(), 200);
}

both_databases!(
    the_mailbox_is_not_served_by_a_public_instance,
    the_mailbox_lists_messages_and_shows_a_clickable_link,
    the_mailbox_refuses_paths_outside_the_outbox,
    the_mailbox_is_not_served_when_smtp_is_configured,
);
