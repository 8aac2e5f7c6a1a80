//! Who may do what with the reader list: editors search, read and unsubscribe readers; only
//! admins export, import and erase them. An editor gets a 403 in their language, nothing
//! changes, and no button or link offers what they may not do.
use caravan::domain::{Lang, SubscriberEmail, SubscriberName};
use caravan::store::{ImportedReader, SubscriberStatus};
use reqwest::StatusCode;

use crate::admin_client::{AdminClient, account, location};
use crate::admin_readers::upload;
use crate::helpers::{Db, TestApp};

pub const READERS: [&str; 3] = [
    "aigerim@example.kz",
    "erlan@example.kg",
    "zarina@example.uz",
];

/// Three confirmed readers, stored the way the benchmarks seed them (not audited).
pub async fn seed(app: &TestApp) {
    let readers: Vec<ImportedReader> = READERS
        .iter()
        .map(|email| ImportedReader {
            email: SubscriberEmail::parse(email).unwrap(),
            name: SubscriberName::parse("Lecteur").unwrap(),
            lang: Lang::Fr,
            unsubscribed: false,
            topics: Default::default(),
        })
        .collect();
    assert_eq!(app.store.import_confirmed(&readers).await.unwrap(), 3);
}

async fn editors_may_not_export_import_or_erase_readers(db: Db) {
    let app = TestApp::spawn(db).await;
    seed(&app).await;
    account(&app, "editor@caravan.test", "editor").await;
    let mut editor = AdminClient::signed_in(&app, "editor@caravan.test").await;
    let reader = app.reader(READERS[0]).await;

    let export = editor.get("/admin/readers/export.csv").await;
    assert_eq!(export.status(), StatusCode::FORBIDDEN);
    assert!(
        export.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html"),
        "the 403 page, not a CSV"
    );
    let page = export.text().await.unwrap();
    assert!(
        page.contains("seul un administrateur peut faire ceci"),
        "{page}"
    );
    assert!(!page.contains(READERS[0]), "no reader in the refusal");

    let (status, _) = editor.page("/admin/readers/import").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, list) = editor.page("/admin/readers").await;
    let (status, page) = upload(&editor, "email\nnew@example.kz\n", &editor.csrf).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{page}");
    assert_eq!(
        app.store.count_subscribers().await.unwrap(),
        3,
        "nothing imported"
    );

    let erase = editor
        .submit(&format!("/admin/readers/{}/delete", reader.id), &[])
        .await;
    assert_eq!(erase.status(), StatusCode::FORBIDDEN);
    assert!(
        app.store
            .subscriber_by_id(reader.id)
            .await
            .unwrap()
            .is_some(),
        "not erased"
    );

    // In English too.
    editor.get("/admin/lang?to=en&back=/admin").await;
    let export = editor
        .get("/admin/readers/export.csv?status=confirmed")
        .await;
    assert_eq!(export.status(), StatusCode::FORBIDDEN);
    let page = export.text().await.unwrap();
    assert!(page.contains("only an administrator may do this"), "{page}");

    // None of it is offered.
    assert!(list.contains(READERS[0]), "the list itself is shown");
    assert!(!list.contains("export.csv"), "no export link");
    assert!(!list.contains("/admin/readers/import"), "no import link");
    let (_, one) = editor.page(&format!("/admin/readers/{}", reader.id)).await;
    assert!(one.contains(&format!("/admin/readers/{}/unsubscribe", reader.id)));
    assert!(!one.contains("/delete"), "no erase button");
    // Nothing of it was recorded as done: only the account's creation and sign-in.
    use caravan::store::AuditAction;
    let done = app.store.audit_page(None, None, 50).await.unwrap();
    let actions: Vec<AuditAction> = done.iter().map(|e| e.action).collect();
    assert_eq!(
        actions,
        [AuditAction::SignIn, AuditAction::AccountAdded],
        "{done:?}"
    );
}

async fn editors_search_read_and_unsubscribe_readers(db: Db) {
    let app = TestApp::spawn(db).await;
    seed(&app).await;
    account(&app, "editor@caravan.test", "editor").await;
    let mut editor = AdminClient::signed_in(&app, "editor@caravan.test").await;
    let reader = app.reader(READERS[1]).await;

    let (status, found) = editor.page("/admin/readers?q=erlan").await;
    assert_eq!(status, StatusCode::OK);
    assert!(found.contains(READERS[1]) && !found.contains(READERS[0]));
    let (status, page) = editor.page(&format!("/admin/readers/{}", reader.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(READERS[1]));

    let done = editor
        .submit(&format!("/admin/readers/{}/unsubscribe", reader.id), &[])
        .await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    assert!(location(&done).ends_with("notice=reader_unsubscribed"));
    assert_eq!(
        app.reader(READERS[1]).await.status,
        SubscriberStatus::Unsubscribed
    );
    // Not the audit log either: it is for admins.
    assert_eq!(editor.page("/admin/audit").await.0, StatusCode::FORBIDDEN);
    let (_, dashboard) = editor.page("/admin").await;
    assert!(!dashboard.contains("/admin/audit"), "no link to it");
}

async fn admins_export_import_and_erase_readers(db: Db) {
    let app = TestApp::spawn(db).await;
    seed(&app).await;
    account(&app, "chief@caravan.test", "admin").await;
    let mut chief = AdminClient::signed_in(&app, "chief@caravan.test").await;
    let reader = app.reader(READERS[2]).await;

    let (_, list) = chief.page("/admin/readers").await;
    assert!(list.contains("/admin/readers/export.csv?"), "export link");
    assert!(
        list.contains("href=\"/admin/readers/import\""),
        "import link"
    );
    let (_, one) = chief.page(&format!("/admin/readers/{}", reader.id)).await;
    assert!(one.contains(&format!("/admin/readers/{}/delete", reader.id)));

    let export = chief.get("/admin/readers/export.csv").await;
    assert_eq!(export.status(), StatusCode::OK);
    let csv = export.text().await.unwrap();
    assert_eq!(csv.lines().count(), 1 + 3, "{csv}");

    let (_, _) = chief.page("/admin/readers/import").await;
    let (status, page) = upload(&chief, "email\nnew@example.kz\n", &chief.csrf).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(app.store.count_subscribers().await.unwrap(), 4);

    let erased = chief
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
    let (_, dashboard) = chief.page("/admin").await;
    assert!(
        dashboard.contains("href=\"/admin/audit\""),
        "the audit link"
    );
}

both_databases!(
    editors_may_not_export_import_or_erase_readers,
    editors_search_read_and_unsubscribe_readers,
    admins_export_import_and_erase_readers,
);
