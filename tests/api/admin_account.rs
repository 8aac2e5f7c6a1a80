//! `/admin/account`: changing one's password, the sessions open in one's name, and the
//! page in English. Two-step sign-in is in `admin_account_2fa`.
use reqwest::StatusCode;

use crate::admin_client::{AdminClient, PASSWORD, account, location};
use crate::helpers::{Db, TestApp};

const NEW_PASSWORD: &str = "a brand new passphrase";

async fn a_password_change_needs_the_current_one_and_ends_other_sessions(db: Db) {
    let app = TestApp::spawn(db).await;
    account(&app, "editor@caravan.test", "editor").await;
    let mut here = AdminClient::signed_in(&app, "editor@caravan.test").await;
    let elsewhere = AdminClient::signed_in(&app, "editor@caravan.test").await;
    let (_, page) = here.page("/admin/account").await;
    assert!(
        page.contains("href=\"/admin/account\" aria-current=\"page\""),
        "{page}"
    );

    let fields = |current: &'static str, again: &'static str| {
        [
            ("current_password", current),
            ("new_password", NEW_PASSWORD),
            ("new_password_again", again),
        ]
    };
    let mut forged_fields = fields(PASSWORD, NEW_PASSWORD).to_vec();
    forged_fields.push(("csrf", "forged"));
    let forged = here
        .post_raw("/admin/account/password", &forged_fields)
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN, "a foreign form");
    let wrong = here
        .submit(
            "/admin/account/password",
            &fields("not my password", NEW_PASSWORD),
        )
        .await;
    assert_eq!(
        location(&wrong),
        "/admin/account?notice=password_wrong#password"
    );
    let typo = here
        .submit(
            "/admin/account/password",
            &fields(PASSWORD, "a brand new passphrasE"),
        )
        .await;
    assert_eq!(
        location(&typo),
        "/admin/account?notice=password_mismatch#password"
    );
    assert_eq!(elsewhere.get("/admin").await.status(), StatusCode::OK);

    let done = here
        .submit("/admin/account/password", &fields(PASSWORD, NEW_PASSWORD))
        .await;
    assert_eq!(
        location(&done),
        "/admin/account?notice=password_changed#password"
    );
    let (status, page) = here.page(&location(&done)).await;
    assert_eq!(status, StatusCode::OK, "this session stays");
    assert!(page.contains("Mot de passe changé"), "{page}");
    assert_eq!(
        elsewhere.get("/admin").await.status(),
        StatusCode::SEE_OTHER,
        "the other session is ended"
    );
    let old = AdminClient::new(&app)
        .login("editor@caravan.test", PASSWORD)
        .await;
    assert_eq!(old.status(), StatusCode::UNAUTHORIZED);
    let new = AdminClient::new(&app)
        .login("editor@caravan.test", NEW_PASSWORD)
        .await;
    assert_eq!(new.status(), StatusCode::SEE_OTHER);
}
async fn sessions_are_listed_and_ended(db: Db) {
    let app = TestApp::spawn(db).await;
    account(&app, "editor@caravan.test", "editor").await;
    let mut here = AdminClient::signed_in(&app, "editor@caravan.test").await;
    let second = AdminClient::signed_in(&app, "editor@caravan.test").await;
    let third = AdminClient::signed_in(&app, "editor@caravan.test").await;
    let (_, page) = here.page("/admin/account").await;
    assert_eq!(page.matches("data-current-session").count(), 1, "{page}");
    let keys: Vec<String> = page
        .match_indices("data-end-session=\"")
        .map(|(at, m)| page[at + m.len()..].split('"').next().unwrap().to_owned())
        .collect();
    assert_eq!(keys.len(), 2, "the two other sessions can be ended: {page}");

    for bad in ["nope", "a\0b", ""] {
        let unknown = here
            .submit("/admin/account/sessions/end", &[("session", bad)])
            .await;
        assert_eq!(unknown.status(), StatusCode::NOT_FOUND, "{bad:?}");
    }
    let ended = here
        .submit("/admin/account/sessions/end", &[("session", &keys[0])])
        .await;
    assert_eq!(
        location(&ended),
        "/admin/account?notice=session_ended#sessions"
    );
    let open = [
        second.get("/admin").await.status(),
        third.get("/admin").await.status(),
    ];
    assert_eq!(
        open.iter().filter(|s| **s == StatusCode::OK).count(),
        1,
        "exactly one other session ended: {open:?}"
    );
    let (_, page) = here.page("/admin/account").await;
    assert_eq!(page.matches("data-end-session=").count(), 1, "{page}");

    let all = here.submit("/admin/account/sessions/end-others", &[]).await;
    assert_eq!(
        location(&all),
        "/admin/account?notice=sessions_ended#sessions"
    );
    assert_eq!(second.get("/admin").await.status(), StatusCode::SEE_OTHER);
    assert_eq!(third.get("/admin").await.status(), StatusCode::SEE_OTHER);
    assert_eq!(here.get("/admin").await.status(), StatusCode::OK);
}
async fn the_account_page_speaks_english(db: Db) {
    let app = TestApp::spawn(db).await;
    account(&app, "editor@caravan.test", "editor").await;
    let mut browser = AdminClient::signed_in(&app, "editor@caravan.test").await;
    browser.get("/admin/lang?to=en&back=/admin/account").await;
    let (_, page) = browser.page("/admin/account").await;
    for text in [
        "My account",
        "Two-step sign-in",
        "Open sessions",
        "Current password",
    ] {
        assert!(page.contains(text), "{text}: {page}");
    }
    let bad = browser
        .submit("/admin/account/2fa/confirm", &[("nothing", "")])
        .await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    assert!(
        bad.text()
            .await
            .unwrap()
            .contains("The form sent is incomplete")
    );
}
both_databases!(
    a_password_change_needs_the_current_one_and_ends_other_sessions,
    sessions_are_listed_and_ended,
    the_account_page_speaks_english,
);
