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

both_databases!(
    the_mailbox_lists_messages_and_shows_a_clickable_link,
    the_mailbox_refuses_paths_outside_the_outbox,
    the_mailbox_is_not_served_when_smtp_is_configured,
);
