//! Signing in and out of `/admin`: the session cookie, CSRF on every form, slowed guessing,
//! and who may see what.
use reqwest::StatusCode;

use crate::admin_client::{AdminClient, PASSWORD, account, location};
use crate::helpers::{Db, TestApp, TestOptions};

async fn pages_need_a_session(db: Db) {
    let app = TestApp::spawn(db).await;
    for path in ["/admin", "/admin/issues", "/admin/readers?status=pending"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
        let to = location(&response);
        assert!(
            to.starts_with("/admin/login?next=%2Fadmin"),
            "{path} → {to}"
        );
    }
    // A form posted without a session changes nothing and leads to the login page.
    let response = AdminClient::new(&app)
        .post_raw("/admin/logout", &[("csrf", "x")])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    // A forged cookie opens nothing.
    let response = app
        .client
        .get(app.url("/admin"))
        .header("cookie", "caravan_session=czox.AAAAAAAAAAAAAAAAAAAAAA")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

async fn signing_in_sets_a_guarded_cookie_and_signing_out_ends_the_session(db: Db) {
    let app = TestApp::spawn(db).await;
    account(&app, "editor@caravan.test", "editor").await;
    let mut browser = AdminClient::new(&app);

    let wrong = browser
        .login("editor@caravan.test", "not the password")
        .await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert!(
        wrong
            .text()
            .await
            .unwrap()
            .contains("Adresse ou mot de passe incorrect")
    );
    let unknown = browser.login("nobody@caravan.test", PASSWORD).await;
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);

    let ok = browser.login("Editor@Caravan.test", PASSWORD).await;
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&ok), "/admin");
    let cookie = ok
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("caravan_session="))
        .expect("a session cookie");
    for flag in ["HttpOnly", "SameSite=Lax", "Path=/admin", "Max-Age="] {
        assert!(cookie.contains(flag), "{flag} missing: {cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain http: {cookie}");

    let (status, page) = browser.page("/admin").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("editor@caravan.test"));
    assert!(page.contains("Tableau de bord"));

    // Logging out needs the session's CSRF token, then closes the session for good.
    let forged = browser
        .post_raw("/admin/logout", &[("csrf", "forged")])
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let missing = browser.post_raw("/admin/logout", &[]).await;
    assert!(missing.status().is_client_error(), "{}", missing.status());
    assert_eq!(browser.get("/admin").await.status(), StatusCode::OK);
    let out = browser.submit("/admin/logout", &[]).await;
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&out), "/admin/login?signed_out=1");
    assert_eq!(browser.get("/admin").await.status(), StatusCode::SEE_OTHER);
}

async fn the_login_form_needs_its_own_csrf_token(db: Db) {
    let app = TestApp::spawn(db).await;
    account(&app, "editor@caravan.test", "editor").await;
    let response = AdminClient::new(&app)
        .post_raw(
            "/admin/login",
            &[
                ("email", "editor@caravan.test"),
                ("password", PASSWORD),
                ("csrf", "guess"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(
        response
            .headers()
            .get_all("set-cookie")
            .iter()
            .all(|c| !c.to_str().unwrap().starts_with("caravan_session="))
    );
}

async fn repeated_failures_slow_an_account_down(db: Db) {
    let app = TestApp::spawn(db).await;
    account(&app, "editor@caravan.test", "editor").await;
    let mut browser = AdminClient::new(&app);
    for _ in 0..5 {
        let response = browser
            .login("editor@caravan.test", "wrong guess 123")
            .await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    // Even the right password waits now: the guesser cannot tell it was right.
    let response = browser.login("editor@caravan.test", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Trop de tentatives")
    );
    // Another account is not locked by this one's guesser.
    account(&app, "other@caravan.test", "editor").await;
    let response = browser.login("other@caravan.test", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

async fn the_cookie_is_secure_behind_https(db: Db) {
    let app = TestApp::spawn_with(
        db,
        TestOptions {
            env: vec![
                ("CARAVAN_BASE_URL", "https://lettre.example.org".to_owned()),
                // An https base URL needs a real secret (config::safeguards).
                ("CARAVAN_SECRET", "s".repeat(32)),
            ],
            ..TestOptions::default()
        },
    )
    .await;
    account(&app, "editor@caravan.test", "editor").await;
    let response = AdminClient::new(&app)
        .login("editor@caravan.test", PASSWORD)
        .await;
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("caravan_session="))
        .expect("a session cookie");
    assert!(cookie.contains("Secure"), "{cookie}");
}

async fn the_interface_speaks_english_on_request(db: Db) {
    let app = TestApp::spawn(db).await;
    account(&app, "editor@caravan.test", "editor").await;
    let mut browser = AdminClient::signed_in(&app, "editor@caravan.test").await;
    let switch = browser.get("/admin/lang?to=en&back=/admin").await;
    assert_eq!(switch.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&switch), "/admin");
    let (_, page) = browser.page("/admin").await;
    assert!(page.contains("Dashboard"), "{page}");
    assert!(page.contains("lang=\"en\""));
    // A switch never sends the editor off the site.
    let evil = browser.get("/admin/lang?to=fr&back=//evil.example").await;
    assert_eq!(location(&evil), "/admin");
}

both_databases!(
    pages_need_a_session,
    signing_in_sets_a_guarded_cookie_and_signing_out_ends_the_session,
    the_login_form_needs_its_own_csrf_token,
    repeated_failures_slow_an_account_down,
    the_cookie_is_secure_behind_https,
    the_interface_speaks_english_on_request,
);
