//! A failure on our side in the admin is the 500 page with the request id to quote, in the
//! editor's language, whichever path it took: the login form, or a page's `?` on the store.
use reqwest::StatusCode;

use crate::admin_client::{AdminClient, PASSWORD, account};
use crate::helpers::{Db, TestApp};

/// The reference the 500 page shows; panics unless it is a request id.
fn reference(page: &str) -> String {
    let reference = page
        .split("<code>")
        .nth(1)
        .and_then(|rest| rest.split("</code>").next())
        .unwrap_or_else(|| panic!("a reference: {page}"));
    assert!(uuid::Uuid::parse_str(reference).is_ok(), "{reference:?}");
    reference.to_owned()
}

/// The sign-in cannot be recorded in the audit log: the login page's 500 used to show an
/// empty reference.
async fn a_sign_in_the_audit_log_refuses_shows_a_reference(db: Db) {
    let app = TestApp::spawn(db).await;
    account(&app, "editor@caravan.test", "editor").await;
    app.refuse_inserts("audit_log").await;
    let mut browser = AdminClient::new(&app);
    let response = browser.login("editor@caravan.test", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let page = response.text().await.unwrap();
    assert!(page.contains("Une erreur interne est survenue"), "{page}");
    reference(&page);
    assert!(
        !page.contains("refused by the test"),
        "the cause stays in the logs"
    );
}

/// A page whose table is gone: the `?` on the store answers the 500 page, in the language
/// the editor chose.
async fn a_page_the_database_fails_shows_its_request_id(db: Db) {
    let app = TestApp::spawn(db).await;
    account(&app, "admin@caravan.test", "admin").await;
    let browser = AdminClient::signed_in(&app, "admin@caravan.test").await;
    browser.get("/admin/lang?to=en&back=/admin").await;
    app.sql("ALTER TABLE subscribers RENAME TO subscribers_gone")
        .await;
    let response = browser.get("/admin/readers").await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let page = response.text().await.unwrap();
    assert!(page.contains("An internal error occurred"), "{page}");
    let first = reference(&page);
    let again = browser.get("/admin/readers").await.text().await.unwrap();
    assert_ne!(reference(&again), first, "one id per request");
}

both_databases!(
    a_sign_in_the_audit_log_refuses_shows_a_reference,
    a_page_the_database_fails_shows_its_request_id,
);
