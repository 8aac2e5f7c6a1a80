//! Two-step sign-in from `/admin/account`: TOTP set-up (codes computed here with totp-rs
//! from the key the page shows), the code step at sign-in, replays, throttling, recovery
//! codes, turning it off, and `CARAVAN_REQUIRE_2FA` for admins.
use reqwest::StatusCode;
use totp_rs::{Algorithm, Secret, TOTP};

use crate::admin_client::{AdminClient, PASSWORD, account, csrf_of, location};
use crate::helpers::{Db, TestApp, TestOptions};

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// The code an authenticator app shows for `secret`, `steps_ahead` steps from now.
fn code(secret: &str, steps_ahead: u64) -> String {
    let bytes = Secret::Encoded(secret.to_owned()).to_bytes().unwrap();
    let totp = TOTP::new(Algorithm::SHA1, 6, 1, 30, bytes, None, String::new()).unwrap();
    totp.generate(now() + 30 * steps_ahead)
}

/// Every `data-NAME>value<` on a page.
fn marked(page: &str, name: &str) -> Vec<String> {
    let mark = format!("data-{name}>");
    page.match_indices(&mark)
        .map(|(at, _)| {
            let rest = &page[at + mark.len()..];
            rest[..rest.find('<').unwrap()].to_owned()
        })
        .collect()
}

fn has_session_cookie(response: &reqwest::Response) -> bool {
    response.headers().get_all("set-cookie").iter().any(|c| {
        let c = c.to_str().unwrap();
        c.starts_with("caravan_session=") && !c.starts_with("caravan_session=;")
    })
}

/// Turns TOTP on from the account page; returns the secret and the recovery codes shown.
async fn turn_on_totp(browser: &mut AdminClient) -> (String, Vec<String>) {
    let (status, page) = browser.page("/admin/account").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Validation en deux étapes"), "{page}");
    let start = browser.submit("/admin/account/2fa/start", &[]).await;
    assert_eq!(start.status(), StatusCode::SEE_OTHER);
    let (_, page) = browser.page("/admin/account").await;
    assert!(page.contains("<svg") && page.contains("<path"), "{page}");
    assert!(!page.contains("<script>"), "no inline script");
    let secret = marked(&page, "totp-secret").pop().expect("the key as text");
    assert_eq!(secret.len(), 32, "{secret}");
    // A wrong code switches nothing on.
    let wrong = browser
        .submit("/admin/account/2fa/confirm", &[("code", "000000")])
        .await;
    assert_eq!(
        location(&wrong),
        "/admin/account?notice=totp_wrong_code#two-factor"
    );
    let response = browser
        .submit("/admin/account/2fa/confirm", &[("code", &code(&secret, 0))])
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let page = response.text().await.unwrap();
    assert!(page.contains("Validation en deux étapes activée"), "{page}");
    let codes = marked(&page, "recovery-code");
    assert_eq!(codes.len(), 10, "{page}");
    // Shown once: the page does not show them again.
    let (_, again) = browser.page("/admin/account").await;
    assert!(marked(&again, "recovery-code").is_empty());
    assert!(again.contains("Codes de secours restants : 10"), "{again}");
    (secret, codes)
}

/// Signs in with the password, then sends `code` to the second step.
async fn sign_in_with_code(
    app: &TestApp,
    email: &str,
    code: &str,
) -> (AdminClient, reqwest::Response) {
    let mut browser = AdminClient::new(app);
    let step = browser.login(email, PASSWORD).await;
    assert_eq!(step.status(), StatusCode::OK, "the code is asked for");
    assert!(!has_session_cookie(&step), "no session before the code");
    let page = step.text().await.unwrap();
    assert!(page.contains("Code de validation"), "{page}");
    browser.csrf = csrf_of(&page).unwrap();
    let response = browser.submit("/admin/login/code", &[("code", code)]).await;
    (browser, response)
}
/// TOTP switched on straight in the store (the page's set-up is tested elsewhere), so that
/// the sign-ins below fit in the login throttle's burst of five attempts.
async fn totp_on_in_store(app: &TestApp, user_id: i64) -> String {
    let secret = match Secret::Raw(b"caravan test secret!".to_vec()).to_encoded() {
        Secret::Encoded(secret) => secret,
        Secret::Raw(_) => unreachable!(),
    };
    let previous_step = (now() / 30 - 1) as i64;
    app.store.set_totp_pending(user_id, &secret).await.unwrap();
    assert!(
        app.store
            .enable_totp(user_id, &secret, previous_step, &[])
            .await
            .unwrap()
    );
    secret
}
async fn sign_in_asks_for_a_code_once_totp_is_on(db: Db) {
    let app = TestApp::spawn(db).await;
    let id = account(&app, "editor@caravan.test", "editor").await;
    let secret = totp_on_in_store(&app, id).await;

    let (mut browser, response) = sign_in_with_code(&app, "editor@caravan.test", "123456").await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert!(!has_session_cookie(&response));
    let page = response.text().await.unwrap();
    assert!(page.contains("Ce code est incorrect"), "{page}");
    assert_eq!(browser.get("/admin").await.status(), StatusCode::SEE_OTHER);

    // The same step goes on with the right code.
    browser.csrf = csrf_of(&page).unwrap();
    let current = code(&secret, 0);
    let response = browser
        .submit("/admin/login/code", &[("code", &current)])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/admin");
    assert!(has_session_cookie(&response));
    assert_eq!(browser.page("/admin").await.0, StatusCode::OK);

    let (replay, response) = sign_in_with_code(&app, "editor@caravan.test", &current).await;
    assert_eq!(
        response.status(),
        StatusCode::UNAUTHORIZED,
        "a code works once"
    );
    assert!(!has_session_cookie(&response));
    assert_eq!(replay.get("/admin").await.status(), StatusCode::SEE_OTHER);
}
async fn wrong_codes_are_throttled_like_passwords(db: Db) {
    let app = TestApp::spawn(db).await;
    let id = account(&app, "editor@caravan.test", "editor").await;
    let secret = totp_on_in_store(&app, id).await;
    let (mut browser, mut response) =
        sign_in_with_code(&app, "editor@caravan.test", "000000").await;
    for _ in 0..3 {
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        browser.csrf = csrf_of(&response.text().await.unwrap()).unwrap();
        response = browser
            .submit("/admin/login/code", &[("code", "000000")])
            .await;
    }
    // Password and four wrong codes spent the account's burst: even the right code waits.
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    browser.csrf = csrf_of(&response.text().await.unwrap()).unwrap();
    let response = browser
        .submit("/admin/login/code", &[("code", &code(&secret, 0))])
        .await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(!has_session_cookie(&response));
    // A forged or missing pending step leads back to the password.
    let stranger = AdminClient::new(&app);
    let response = stranger
        .post_raw("/admin/login/code", &[("code", "000000"), ("csrf", "x")])
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}
async fn a_recovery_code_works_once_and_totp_turns_off(db: Db) {
    let app = TestApp::spawn(db).await;
    account(&app, "chief@caravan.test", "admin").await;
    let mut browser = AdminClient::signed_in(&app, "chief@caravan.test").await;
    let (secret, codes) = turn_on_totp(&mut browser).await;

    let typed = codes[3].to_uppercase();
    let (mut rescued, response) = sign_in_with_code(&app, "chief@caravan.test", &typed).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let (_, page) = rescued.page("/admin/account").await;
    assert!(page.contains("Codes de secours restants : 9"), "{page}");
    let (_, again) = sign_in_with_code(&app, "chief@caravan.test", &codes[3]).await;
    assert_eq!(again.status(), StatusCode::UNAUTHORIZED);

    // Off needs the password and a code.
    let no_code = rescued
        .submit(
            "/admin/account/2fa/disable",
            &[("password", PASSWORD), ("code", "999999")],
        )
        .await;
    assert_eq!(
        location(&no_code),
        "/admin/account?notice=totp_wrong_code#two-factor"
    );
    let off = rescued
        .submit(
            "/admin/account/2fa/disable",
            &[("password", PASSWORD), ("code", &code(&secret, 1))],
        )
        .await;
    assert_eq!(
        location(&off),
        "/admin/account?notice=totp_disabled#two-factor"
    );
    let (_, page) = rescued.page(&location(&off)).await;
    assert!(
        page.contains("Validation en deux étapes désactivée"),
        "{page}"
    );
    assert!(
        page.contains("/admin/account/2fa/start"),
        "can be turned on again"
    );
}
async fn required_2fa_keeps_an_admin_on_the_account_page(db: Db) {
    let app = TestApp::spawn_with(
        db,
        TestOptions {
            env: vec![("CARAVAN_REQUIRE_2FA", "1".into())],
            ..TestOptions::default()
        },
    )
    .await;
    account(&app, "chief@caravan.test", "admin").await;
    account(&app, "editor@caravan.test", "editor").await;
    let mut chief = AdminClient::new(&app);
    let signed = chief.login("chief@caravan.test", PASSWORD).await;
    assert_eq!(signed.status(), StatusCode::SEE_OTHER);
    for path in ["/admin", "/admin/users", "/admin/issues"] {
        let response = chief.get(path).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(
            location(&response),
            "/admin/account?notice=totp_required#two-factor",
            "{path}"
        );
    }
    let (status, page) = chief.page("/admin/account?notice=totp_required").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("obligatoire pour les administrateurs"),
        "{page}"
    );
    // Editors are not forced.
    let editor = AdminClient::signed_in(&app, "editor@caravan.test").await;
    assert_eq!(editor.get("/admin/issues").await.status(), StatusCode::OK);

    turn_on_totp(&mut chief).await;
    assert_eq!(chief.get("/admin/users").await.status(), StatusCode::OK);
}
both_databases!(
    sign_in_asks_for_a_code_once_totp_is_on,
    wrong_codes_are_throttled_like_passwords,
    a_recovery_code_works_once_and_totp_turns_off,
    required_2fa_keeps_an_admin_on_the_account_page,
);
