//! The audit log: every sign-in (and refusal), export, import, erasure, unsubscription by an
//! editor and account change is one entry naming who did it; readers only by id;
//! `/admin/audit` for admins, page by page. The API and the CLI: audit_sources.rs.
use caravan::store::{Actor, AuditAction, AuditRow};
use reqwest::StatusCode;

use crate::admin_client::{AdminClient, PASSWORD, account};
use crate::admin_readers::upload;
use crate::admin_roles::{READERS, seed};
use crate::api_issues::{erase, token};
use crate::helpers::{Db, TestApp};

/// Every entry, oldest first.
pub async fn entries(app: &TestApp) -> Vec<AuditRow> {
    let mut all = app.store.audit_page(None, None, 10_000).await.unwrap();
    all.reverse();
    all
}

/// Entries after the first `skip`, as (action, actor kind, actor name, detail).
pub async fn since(app: &TestApp, skip: usize) -> Vec<(AuditAction, String, String, String)> {
    entries(app)
        .await
        .into_iter()
        .skip(skip)
        .map(|e| (e.action, e.actor_kind, e.actor_name, e.detail))
        .collect()
}

fn chief(detail: &str, action: AuditAction) -> (AuditAction, String, String, String) {
    (
        action,
        "account".into(),
        "chief@caravan.test".into(),
        detail.into(),
    )
}

async fn each_admin_action_is_one_entry_naming_the_account(db: Db) {
    let app = TestApp::spawn(db).await;
    seed(&app).await;
    let chief_id = account(&app, "chief@caravan.test", "admin").await;
    assert!(entries(&app).await.iter().all(|e| e.actor_kind == "cli"));
    let start = entries(&app).await.len();

    let mut refused = AdminClient::new(&app);
    refused
        .login("chief@caravan.test", "a wrong password 1")
        .await;
    refused
        .login("nobody@caravan.test", "another wrong one")
        .await;
    let mut browser = AdminClient::signed_in(&app, "chief@caravan.test").await;
    let log = entries(&app).await;
    let failed = &log[start];
    assert_eq!(failed.action, AuditAction::SignInFailed);
    assert_eq!(failed.actor_id, Some(chief_id), "the account, as it exists");
    let unknown = &log[start + 1];
    assert_eq!(
        (unknown.action, unknown.actor_kind.as_str()),
        (AuditAction::SignInFailed, "unknown")
    );
    assert_eq!(unknown.actor_id, None);
    assert!(
        !unknown.actor_name.contains("nobody"),
        "no typed address kept"
    );
    assert_eq!(log[start + 2].action, AuditAction::SignIn);
    assert_eq!(log[start + 2].actor_id, Some(chief_id));
    let start = start + 3;

    let export = browser
        .get("/admin/readers/export.csv?status=confirmed")
        .await;
    assert_eq!(export.status(), StatusCode::OK);
    browser.page("/admin/readers/import").await;
    let csv = format!("email\nnew@example.kz\n{}\n", READERS[0]);
    assert_eq!(
        upload(&browser, &csv, &browser.csrf).await.0,
        StatusCode::OK
    );
    let reader = app.reader(READERS[1]).await.id;
    browser
        .submit(&format!("/admin/readers/{reader}/unsubscribe"), &[])
        .await;
    browser
        .submit(&format!("/admin/readers/{reader}/delete"), &[])
        .await;
    browser.page("/admin/users").await;
    let fields = [
        ("email", "new.editor@caravan.test"),
        ("role", "editor"),
        ("password", "a long enough password"),
    ];
    browser.submit("/admin/users", &fields).await;
    let new_id = app
        .store
        .list_users()
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.email == "new.editor@caravan.test")
        .unwrap()
        .id;
    let role_path = format!("/admin/users/{new_id}/role");
    browser.submit(&role_path, &[("role", "admin")]).await;
    browser
        .submit(&format!("/admin/users/{new_id}/delete"), &[])
        .await;

    assert_eq!(
        since(&app, start).await,
        [
            chief("3 readers exported (status=confirmed)", AuditAction::Export),
            chief("imported 1 added / 1 known", AuditAction::Import),
            chief(
                &format!("reader #{reader} unsubscribed"),
                AuditAction::UnsubscribeReader
            ),
            chief(&format!("reader #{reader} erased"), AuditAction::Erase),
            chief(
                &format!("account #{new_id} (new.editor@caravan.test) added as editor"),
                AuditAction::AccountAdded
            ),
            chief(
                &format!("role editor→admin for #{new_id} (new.editor@caravan.test)"),
                AuditAction::RoleChange
            ),
            chief(
                &format!("account #{new_id} (new.editor@caravan.test) deleted, was admin"),
                AuditAction::AccountDeleted
            ),
        ]
    );
    // Refused or empty actions write nothing.
    let before = entries(&app).await.len();
    browser
        .submit(&format!("/admin/readers/{reader}/delete"), &[])
        .await;
    browser.submit("/admin/users/999999/delete", &[]).await;
    assert_eq!(entries(&app).await.len(), before);
    // Never a password, typed or right.
    for entry in entries(&app).await {
        for text in [&entry.actor_name, &entry.detail] {
            for password in ["a wrong password 1", "another wrong one", PASSWORD] {
                assert!(!text.contains(password), "{entry:?}");
            }
        }
    }
}

async fn an_erased_reader_is_nowhere_in_the_audit_log(db: Db) {
    let app = TestApp::spawn(db).await;
    seed(&app).await;
    account(&app, "chief@caravan.test", "admin").await;
    let mut browser = AdminClient::signed_in(&app, "chief@caravan.test").await;
    let address = READERS[2];
    let id = app.reader(address).await.id;
    // A search by the address, an export of it, an unsubscription, an erasure.
    let (_, found) = browser.page(&format!("/admin/readers?q={address}")).await;
    assert!(found.contains(address));
    let export = browser
        .get(&format!("/admin/readers/export.csv?q={address}"))
        .await;
    assert!(export.text().await.unwrap().contains(address));
    browser
        .submit(&format!("/admin/readers/{id}/unsubscribe"), &[])
        .await;
    let token = token(&app, "cms").await;
    assert_eq!(erase(&app, &token, id).await, 204);

    let log = entries(&app).await;
    let actions: Vec<AuditAction> = log.iter().map(|e| e.action).collect();
    assert!(actions.ends_with(&[
        AuditAction::Export,
        AuditAction::UnsubscribeReader,
        AuditAction::Erase
    ]));
    assert_eq!(
        log.last().unwrap().detail,
        format!("reader #{id} erased"),
        "by id"
    );
    assert!(log[log.len() - 3].detail.contains("with a search"));
    let local = address.split('@').next().unwrap();
    for entry in &log {
        for text in [&entry.actor_name, &entry.detail, &entry.actor_kind] {
            assert!(!text.contains(local), "{entry:?}");
        }
    }
    // And the whole table, every column, straight from the database.
    let dump: Vec<String> = match app.database_url.starts_with("sqlite") {
        true => {
            let pool = sqlx::SqlitePool::connect(&app.database_url).await.unwrap();
            sqlx::query_scalar(
                "SELECT at || actor_kind || COALESCE(actor_id, 0) || actor_name || action || detail FROM audit_log",
            )
            .fetch_all(&pool)
            .await
            .unwrap()
        }
        false => {
            let pool = sqlx::PgPool::connect(&app.database_url).await.unwrap();
            sqlx::query_scalar("SELECT audit_log::text FROM audit_log")
                .fetch_all(&pool)
                .await
                .unwrap()
        }
    };
    assert_eq!(dump.len(), log.len());
    assert!(dump.iter().all(|row| !row.contains(local)), "{dump:?}");
}

async fn the_audit_page_is_for_admins_newest_first_fifty_at_a_time(db: Db) {
    let app = TestApp::spawn(db).await;
    account(&app, "chief@caravan.test", "admin").await;
    account(&app, "editor@caravan.test", "editor").await;
    let mut editor = AdminClient::signed_in(&app, "editor@caravan.test").await;
    let (status, page) = editor.page("/admin/audit").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(!page.contains("<table"), "nothing of the log shown");

    for n in 1..=120 {
        let detail = format!("reader #{n} erased");
        let actor = Actor::Token("cms".into());
        app.store
            .record_audit(&actor, AuditAction::Erase, &detail)
            .await
            .unwrap();
    }
    let mut chief = AdminClient::signed_in(&app, "chief@caravan.test").await;
    let (status, first) = chief.page("/admin/audit").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(first.matches("<tr data-action=").count(), 50);
    assert!(first.contains("scope=\"col\""), "headed columns");
    let newest = first
        .find("<td>chief@caravan.test</td>")
        .expect("the chief's sign-in");
    let erased_120 = first.find("reader #120 erased").unwrap();
    assert!(newest < erased_120, "newest first");
    assert!(first.contains("Jeton API « cms »"), "the token, in French");
    assert!(!first.contains("reader #70 erased"));

    let older = |page: &str| {
        page.split("class=\"pager\"><a href=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .map(|href| href.replace("&amp;", "&"))
    };
    let (_, second) = chief.page(&older(&first).expect("older entries")).await;
    assert_eq!(second.matches("<tr data-action=").count(), 50);
    assert!(second.contains("reader #71 erased") && second.contains("reader #22 erased"));
    let (_, third) = chief.page(&older(&second).expect("the last ones")).await;
    // 124 entries: 2 accounts added, the editor's sign-in, 120 erasures, the chief's sign-in.
    assert_eq!(third.matches("<tr data-action=").count(), 24);
    assert!(third.contains("reader #1 erased") && third.contains("Ligne de commande"));
    assert!(older(&third).is_none(), "nothing older");

    let (_, sign_ins) = chief.page("/admin/audit?action=sign_in").await;
    assert_eq!(sign_ins.matches("<tr data-action=\"sign_in\"").count(), 2);
    assert_eq!(sign_ins.matches("<tr data-action=").count(), 2);
    assert!(sign_ins.contains("<option value=\"sign_in\" selected>"));
    let (status, all) = chief.page("/admin/audit?action=drop_table&before=x").await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a bad cursor is the client's mistake"
    );
    assert!(!all.contains("<tr data-action="));
    let (status, all) = chief.page("/admin/audit?action=drop_table").await;
    assert_eq!(
        status,
        StatusCode::OK,
        "an unknown action shows every entry"
    );
    assert_eq!(all.matches("<tr data-action=").count(), 50);
    chief.get("/admin/lang?to=en&back=/admin").await;
    let (_, english) = chief.page("/admin/audit").await;
    assert!(english.contains("Audit log") && english.contains("API token"));
}

both_databases!(
    each_admin_action_is_one_entry_naming_the_account,
    an_erased_reader_is_nowhere_in_the_audit_log,
    the_audit_page_is_for_admins_newest_first_fifty_at_a_time,
);
