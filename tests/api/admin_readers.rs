//! The readers pages: search, filter, pages, one reader's history, unsubscribe, erase,
//! CSV import (all or nothing, every bad line named) and export.
use reqwest::StatusCode;

use crate::admin_client::{AdminClient, account, location};
use crate::helpers::{Db, TestApp};

pub async fn upload(browser: &AdminClient, csv: &str, csrf: &str) -> (StatusCode, String) {
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf.to_owned())
        .part(
            "file",
            reqwest::multipart::Part::bytes(csv.as_bytes().to_vec())
                .file_name("readers.csv")
                .mime_str("text/csv")
                .unwrap(),
        );
    let response = browser
        .client
        .post(format!("{}/admin/readers/import", browser.base()))
        .multipart(form)
        .send()
        .await
        .unwrap();
    (response.status(), response.text().await.unwrap())
}

/// An admin: these tests import, export and erase, which editors may not (admin_roles.rs).
async fn signed_in(db: Db) -> (TestApp, AdminClient) {
    let app = TestApp::spawn(db).await;
    account(&app, "chief@caravan.test", "admin").await;
    let browser = AdminClient::signed_in(&app, "chief@caravan.test").await;
    (app, browser)
}

async fn importing_readers_is_all_or_nothing_with_a_summary(db: Db) {
    let (app, mut browser) = signed_in(db).await;
    let (status, form) = browser.page("/admin/readers/import").await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("enctype=\"multipart/form-data\""));

    let broken =
        "email,name,lang\nok@example.kz,Aigerim,fr\nnot-an-address,Bob,fr\nx@example.kz,,de\n";
    let (status, page) = upload(&browser, broken, &browser.csrf).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("a été importé : corrigez ces lignes"),
        "{page}"
    );
    assert!(
        page.contains("<td>3</td>") && page.contains("<td>4</td>"),
        "the editor's line numbers"
    );
    assert_eq!(
        app.store.count_subscribers().await.unwrap(),
        0,
        "nothing imported"
    );

    let good = "email,name,lang\nok@example.kz,Aigerim,fr\nbob@example.uz,Bob,en\n";
    let (status, page) = upload(&browser, good, &browser.csrf).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("data-added>2<"), "{page}");
    let (_, page) = upload(&browser, good, &browser.csrf).await;
    assert!(page.contains("data-added>0<") && page.contains("data-known>2<"));
    assert_eq!(app.reader("bob@example.uz").await.lang, "en");

    let (status, _) = upload(&browser, good, "forged").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, page) = upload(&browser, "", &browser.csrf).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Choisissez un fichier CSV"));
}

async fn readers_are_searched_filtered_and_paged(db: Db) {
    let (app, mut browser) = signed_in(db).await;
    let mut csv = String::from("email,name,lang\n");
    for n in 0..120 {
        csv.push_str(&format!("reader{n:03}@example.kz,Lecteur {n:03},fr\n"));
    }
    csv.push_str("aigerim@example.kz,Aïgerim Nurlanovna,fr\n");
    let (status, _) = upload(&browser, &csv, &browser.csrf).await;
    assert_eq!(status, StatusCode::OK);
    app.post_form(&[("email", "pending@example.tj")]).await;

    let (_, first) = browser.page("/admin/readers").await;
    assert!(first.contains("pending@example.tj"), "newest first");
    assert_eq!(first.matches("<td><a href=\"/admin/readers/").count(), 50);
    let older = first
        .split("class=\"pager\"><a href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a link to older readers")
        .replace("&amp;", "&");
    let (_, second) = browser.page(&older).await;
    assert_eq!(second.matches("<td><a href=\"/admin/readers/").count(), 50);
    assert!(!second.contains("pending@example.tj"));

    let (_, found) = browser.page("/admin/readers?q=nurlan").await;
    assert!(
        found.contains("aigerim@example.kz"),
        "by a part of the name"
    );
    assert_eq!(found.matches("<td><a href=\"/admin/readers/").count(), 1);
    let (_, found) = browser.page("/admin/readers?q=READER11").await;
    assert_eq!(
        found.matches("<td><a href=\"/admin/readers/").count(),
        10,
        "by the start of the address"
    );
    let (_, pending) = browser.page("/admin/readers?status=pending").await;
    assert_eq!(pending.matches("<td><a href=\"/admin/readers/").count(), 1);
    let (_, none) = browser.page("/admin/readers?q=%25").await;
    assert!(
        none.contains("Aucun lecteur ne correspond"),
        "% is a character, not a wildcard"
    );

    let export = browser
        .get("/admin/readers/export.csv?status=confirmed")
        .await;
    assert_eq!(export.status(), StatusCode::OK);
    assert!(
        export.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    let body = export.text().await.unwrap();
    assert!(body.starts_with("email,name,lang,status"));
    assert_eq!(body.lines().count(), 1 + 121);
}

async fn a_reader_can_be_unsubscribed_or_erased(db: Db) {
    let (app, mut browser) = signed_in(db).await;
    let issue = crate::fan_out::readers_and_a_draft(&app).await;
    app.store.queue_issue(issue, None).await.unwrap();
    app.store.start_due_issues().await.unwrap();
    let reader = app.reader("a@example.kz").await;

    let (status, page) = browser.page(&format!("/admin/readers/{}", reader.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Aigerim"));
    assert!(
        page.contains(&format!("/admin/issues/{issue}")),
        "the issue in its history"
    );
    assert!(page.contains("En attente"));

    let forged = browser
        .post_raw(
            &format!("/admin/readers/{}/unsubscribe", reader.id),
            &[("csrf", "x")],
        )
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let done = browser
        .submit(&format!("/admin/readers/{}/unsubscribe", reader.id), &[])
        .await;
    assert!(location(&done).ends_with("notice=reader_unsubscribed"));
    assert_eq!(
        app.reader("a@example.kz").await.status,
        caravan::store::SubscriberStatus::Unsubscribed
    );

    let erased = browser
        .submit(&format!("/admin/readers/{}/delete", reader.id), &[])
        .await;
    assert_eq!(location(&erased), "/admin/readers?notice=reader_deleted");
    assert!(
        app.store
            .subscriber_by_id(reader.id)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        app.store
            .reader_history(reader.id, 10)
            .await
            .unwrap()
            .is_empty()
    );
    let again = browser
        .submit(&format!("/admin/readers/{}/delete", reader.id), &[])
        .await;
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        browser.get("/admin/readers/abc").await.status(),
        StatusCode::NOT_FOUND
    );
}

both_databases!(
    importing_readers_is_all_or_nothing_with_a_summary,
    readers_are_searched_filtered_and_paged,
    a_reader_can_be_unsubscribed_or_erased,
);
