//! Accounts: only admins manage them; the last admin stays.
use reqwest::StatusCode;

use crate::admin_client::{AdminClient, PASSWORD, account, location};
use crate::helpers::{Db, TestApp};

async fn only_admins_manage_accounts(db: Db) {
    let app = TestApp::spawn(db).await;
    account(&app, "chief@caravan.test", "admin").await;
    let editor_id = account(&app, "editor@caravan.test", "editor").await;
    let mut editor = AdminClient::signed_in(&app, "editor@caravan.test").await;
    let (status, page) = editor.page("/admin/users").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "wrong role");
    assert!(page.contains("réservée aux administrateurs"));
    let (_, dashboard) = editor.page("/admin").await;
    assert!(
        !dashboard.contains("href=\"/admin/users\""),
        "no link an editor cannot follow"
    );
    let refused = editor
        .submit(
            "/admin/users",
            &[
                ("email", "intruder@caravan.test"),
                ("role", "admin"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let refused = editor
        .submit(
            &format!("/admin/users/{editor_id}/role"),
            &[("role", "admin")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.store.list_users().await.unwrap().len(), 2);

    let mut chief = AdminClient::signed_in(&app, "chief@caravan.test").await;
    let (status, page) = chief.page("/admin/users").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("editor@caravan.test"));
    let short = chief
        .submit(
            "/admin/users",
            &[
                ("email", "new@caravan.test"),
                ("role", "editor"),
                ("password", "short"),
            ],
        )
        .await;
    assert!(location(&short).ends_with("notice=user_short_password"));
    let added = chief
        .submit(
            "/admin/users",
            &[
                ("email", "new@caravan.test"),
                ("role", "editor"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert!(location(&added).ends_with("notice=user_added"));
    AdminClient::signed_in(&app, "new@caravan.test").await;
    let twice = chief
        .submit(
            "/admin/users",
            &[
                ("email", "NEW@caravan.test"),
                ("role", "editor"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert!(location(&twice).ends_with("notice=user_exists"));

    // The last admin can neither leave nor be demoted; promoting the editor lets them.
    let chief_id = app
        .store
        .list_users()
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.email == "chief@caravan.test")
        .unwrap()
        .id;
    let demote = chief
        .submit(
            &format!("/admin/users/{chief_id}/role"),
            &[("role", "editor")],
        )
        .await;
    assert!(location(&demote).ends_with("notice=last_admin"));
    let promote = chief
        .submit(
            &format!("/admin/users/{editor_id}/role"),
            &[("role", "admin")],
        )
        .await;
    assert!(location(&promote).ends_with("notice=user_role_changed"));
    assert_eq!(
        editor.page("/admin/users").await.0,
        StatusCode::OK,
        "now an admin"
    );

    // Deleting an account ends its sessions at once.
    let removed = editor
        .submit(&format!("/admin/users/{chief_id}/delete"), &[])
        .await;
    assert!(location(&removed).ends_with("notice=user_deleted"));
    assert_eq!(chief.get("/admin").await.status(), StatusCode::SEE_OTHER);
    let gone = editor.submit("/admin/users/999999/delete", &[]).await;
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
}

both_databases!(only_admins_manage_accounts);
