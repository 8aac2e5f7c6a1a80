//! Who may use each admin route: without a session every page and form leads to the login
//! page and changes nothing; with one, every form refuses a missing or forged CSRF token.
use reqwest::StatusCode;

use crate::admin_client::{AdminClient, account, location};
use crate::helpers::{Db, TestApp};

/// Every admin page (with ids that exist in the test below); some are for admins only
/// (admin_roles.rs, audit_log.rs).
pub const PAGES: &[&str] = &[
    "/admin",
    "/admin/issues",
    "/admin/issues/1",
    "/admin/issues/1/preview",
    "/admin/issues/1/preview.html",
    "/admin/issues/1/progress.json",
    "/admin/readers",
    "/admin/readers/1",
    "/admin/readers/import",
    "/admin/readers/export.csv",
    "/admin/articles",
    "/admin/articles/new",
    "/admin/users",
    "/admin/audit",
];

/// Every form that changes something.
pub const FORMS: &[&str] = &[
    "/admin/logout",
    "/admin/issues/digest",
    "/admin/issues/new",
    "/admin/issues/1",
    "/admin/issues/1/test",
    "/admin/issues/1/queue",
    "/admin/issues/1/schedule",
    "/admin/issues/1/cancel",
    "/admin/readers/1/unsubscribe",
    "/admin/readers/1/delete",
    "/admin/articles/sync",
    "/admin/articles/new",
    "/admin/users",
    "/admin/users/1/role",
    "/admin/users/1/delete",
];

async fn no_session_opens_nothing_and_no_forged_form_changes_anything(db: Db) {
    let app = TestApp::spawn(db).await;
    let issue = crate::fan_out::readers_and_a_draft(&app).await;
    assert_eq!(issue, 1);
    account(&app, "chief@caravan.test", "admin").await;

    let stranger = AdminClient::new(&app);
    for path in PAGES {
        let response = stranger.get(path).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "GET {path}");
        assert!(
            location(&response).starts_with("/admin/login?next="),
            "GET {path}"
        );
    }
    for path in FORMS {
        let response = stranger
            .post_raw(path, &[("csrf", "x"), ("to", "a@b.kz"), ("role", "editor")])
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "POST {path}");
        assert!(
            location(&response).starts_with("/admin/login"),
            "POST {path}"
        );
    }

    let mut chief = AdminClient::signed_in(&app, "chief@caravan.test").await;
    for path in PAGES {
        let (status, _) = chief.page(path).await;
        assert_eq!(status, StatusCode::OK, "GET {path} as an admin");
    }
    for path in FORMS {
        let fields = [
            ("to", "a@b.kz"),
            ("role", "editor"),
            ("send_at", "2099-01-05T08:00"),
            ("email", "x@caravan.test"),
            ("password", "long enough password"),
        ];
        let mut forged = fields.to_vec();
        forged.push(("csrf", "forged-token"));
        let response = chief.post_raw(path, &forged).await;
        assert_eq!(
            response.status(),
            StatusCode::FORBIDDEN,
            "POST {path} with a forged token"
        );
        let response = chief.post_raw(path, &fields).await;
        assert!(
            matches!(
                response.status(),
                StatusCode::BAD_REQUEST | StatusCode::FORBIDDEN
            ),
            "POST {path} without a token: {}",
            response.status()
        );
    }
    // Nothing moved.
    assert_eq!(
        app.store.issue_status(1).await.unwrap().unwrap().as_str(),
        "draft"
    );
    assert_eq!(app.store.list_users().await.unwrap().len(), 1);
    assert!(app.store.subscriber_by_id(1).await.unwrap().is_some());
    assert_eq!(
        chief.get("/admin").await.status(),
        StatusCode::OK,
        "still signed in"
    );
}

both_databases!(no_session_opens_nothing_and_no_forged_form_changes_anything);
