//! The audit log beyond the admin pages: the API names the token, the command line "cli".
use caravan::store::AuditAction;
use reqwest::StatusCode;

use crate::admin_roles::{READERS, seed};
use crate::api_issues::{erase, token};
use crate::audit_log::since;
use crate::helpers::{Db, TestApp};

async fn the_api_is_recorded_by_its_token_name(db: Db) {
    let app = TestApp::spawn(db).await;
    seed(&app).await;
    let token = token(&app, "newsroom-cms").await;
    let export = app
        .client
        .get(app.url("/api/v1/subscribers/export"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(export.status(), StatusCode::OK);
    let import = app
        .client
        .post(app.url("/api/v1/subscribers/import"))
        .bearer_auth(&token)
        .header("Content-Type", "text/csv")
        .body("email\none@example.kz\ntwo@example.kz\n")
        .send()
        .await
        .unwrap();
    assert_eq!(import.status(), StatusCode::OK);
    let id = app.reader(READERS[0]).await.id;
    assert_eq!(erase(&app, &token, id).await, 204);
    // A refused call is not an action.
    let anonymous = app
        .client
        .get(app.url("/api/v1/subscribers/export"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);

    let by_token = |action, detail: &str| {
        (
            action,
            "token".to_owned(),
            "newsroom-cms".to_owned(),
            detail.to_owned(),
        )
    };
    assert_eq!(
        since(&app, 0).await,
        [
            by_token(AuditAction::Export, "3 readers exported (all)"),
            by_token(AuditAction::Import, "imported 2 added / 0 known"),
            by_token(AuditAction::Erase, &format!("reader #{id} erased")),
        ]
    );
}

async fn the_command_line_is_recorded_as_cli(db: Db) {
    let app = TestApp::spawn(db).await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("readers.csv"),
        "email\na@example.kz\nb@example.kz\n",
    )
    .unwrap();
    let url = app.database_url.clone();
    let path = dir.path().to_owned();
    let outputs = tokio::task::spawn_blocking(move || {
        let run = |args: &[&str]| {
            crate::binary::caravan(&path)
                .env("DATABASE_URL", &url)
                .args(args)
                .output()
                .unwrap()
        };
        [
            run(&["users", "add", "ops@caravan.test", "--role", "editor"]),
            run(&["subscribers", "import", "readers.csv"]),
            run(&["subscribers", "export", "--status", "confirmed"]),
        ]
    })
    .await
    .unwrap();
    for output in &outputs {
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let user = app.store.list_users().await.unwrap()[0].id;
    let by_cli = |action, detail: String| (action, "cli".to_owned(), "cli".to_owned(), detail);
    assert_eq!(
        since(&app, 0).await,
        [
            by_cli(
                AuditAction::AccountAdded,
                format!("account #{user} (ops@caravan.test) added as editor")
            ),
            by_cli(AuditAction::Import, "imported 2 added / 0 known".into()),
            by_cli(
                AuditAction::Export,
                "2 readers exported (status=confirmed)".into()
            ),
        ]
    );
}

both_databases!(
    the_api_is_recorded_by_its_token_name,
    the_command_line_is_recorded_as_cli,
);
