//! `/admin/login` and `/admin/logout`. The login form carries its own CSRF token (a cookie
//! it must match), so nobody can sign an editor into another account from their site.
use std::sync::OnceLock;

use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use base64::Engine;
use rand::Rng;
use serde::Deserialize;

use super::error::AdminError;
use super::lang::{admin_lang, is_admin_path};
use super::login_fields::{AccountKey, fields_fit};
use super::session::{Editor, SESSION_DAYS, same_secret, session_cookie};
use super::texts::{AdminTexts, admin_texts};
use crate::api::token_hash;
use crate::domain::SubscriberEmail;
use crate::passwords::verify_password;
use crate::web::{AppState, render};

pub(super) const LOGIN_CSRF_COOKIE: &str = "caravan_login";

#[derive(Template)]
#[template(path = "admin/login.html")]
struct LoginPage<'a> {
    t: &'static AdminTexts,
    csrf: &'a str,
    next: &'a str,
    email: &'a str,
    error: Option<&'static str>,
    info: Option<&'static str>,
    lang_href: String,
}

#[derive(Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
    signed_out: Option<String>,
}

#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    csrf: String,
    next: Option<String>,
}

#[derive(Deserialize)]
pub struct LogoutForm {
    csrf: String,
}

pub(super) fn random_token() -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(rand::rng().random::<[u8; 32]>())
}

pub(super) fn safe_next(next: Option<&str>) -> &str {
    next.filter(|n| is_admin_path(n)).unwrap_or("/admin")
}

pub(super) fn secure(state: &AppState) -> bool {
    state.base_url.scheme() == "https"
}

/// What the login form shows besides its fields.
struct Shown {
    next: String,
    email: String,
    error: Option<&'static str>,
    info: Option<&'static str>,
}

/// The form, with a fresh login CSRF token in a cookie and in the form.
fn login_form(
    req: &HttpRequest,
    state: &AppState,
    status: StatusCode,
    shown: Shown,
) -> HttpResponse {
    let t = admin_texts(admin_lang(req));
    let csrf = random_token();
    let mut response = render(
        status,
        &LoginPage {
            t,
            csrf: &csrf,
            next: &shown.next,
            email: &shown.email,
            error: shown.error,
            info: shown.info,
            lang_href: format!("/admin/lang?to={}&back=/admin/login", t.other_lang_code),
        },
    );
    let cookie = Cookie::build(LOGIN_CSRF_COOKIE, csrf)
        .path("/admin/login")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure(state))
        .finish();
    let _ = response.add_cookie(&cookie);
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    response
}

/// `GET /admin/login`.
#[tracing::instrument(name = "admin.login_page", skip_all)]
pub async fn login_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<LoginQuery>,
) -> HttpResponse {
    let t = admin_texts(admin_lang(&req));
    let shown = Shown {
        next: safe_next(query.next.as_deref()).to_owned(),
        email: String::new(),
        error: None,
        info: query.signed_out.is_some().then_some(t.signed_out),
    };
    login_form(&req, &state, StatusCode::OK, shown)
}

/// A hash to check wrong addresses against, so that an unknown address takes as long to
/// refuse as a wrong password (no account enumeration by timing).
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| {
        use argon2::password_hash::{PasswordHasher, SaltString};
        let salt = SaltString::encode_b64(&[7u8; 16]).expect("16 bytes make a salt");
        argon2::Argon2::default()
            .hash_password(random_token().as_bytes(), &salt)
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

/// `POST /admin/login`: opens a session, or says the address or password is wrong.
#[tracing::instrument(name = "admin.login", skip_all)]
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<LoginForm>,
) -> Result<HttpResponse, AdminError> {
    let t = admin_texts(admin_lang(&req));
    let form = form.into_inner();
    let next = safe_next(form.next.as_deref()).to_owned();
    let refuse = |status: StatusCode, error: &'static str, email: String| {
        let shown = Shown {
            next: next.clone(),
            email,
            error: Some(error),
            info: None,
        };
        login_form(&req, &state, status, shown)
    };
    // Before anything else: an overlong field is neither looked up, hashed, kept as a
    // throttle key nor shown back.
    if !fields_fit(&form.email, &form.password) {
        tracing::warn!("login refused: overlong field");
        return Ok(refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            t.login_too_long,
            String::new(),
        ));
    }
    let cookie_csrf = req.cookie(LOGIN_CSRF_COOKIE).map(|c| c.value().to_owned());
    if !cookie_csrf.is_some_and(|c| same_secret(&form.csrf, &c)) {
        return Ok(refuse(StatusCode::FORBIDDEN, t.csrf_failed, form.email));
    }
    // Not an address: nothing to look up, but the attempt still counts and takes as long.
    let key = SubscriberEmail::parse(&form.email).map(|e| e.key()).ok();
    let network = state.client_network(&req);
    if !state
        .login_throttle
        .allow(AccountKey::of(&form.email), network)
    {
        tracing::warn!(?network, "login throttled");
        return Ok(refuse(
            StatusCode::TOO_MANY_REQUESTS,
            t.login_throttled,
            form.email,
        ));
    }
    let candidate = match &key {
        Some(key) => state.store.login_candidate(key).await?,
        None => None,
    };
    let hash = candidate
        .as_ref()
        .map_or_else(|| decoy_hash().to_owned(), |c| c.password_hash.clone());
    let matches = verify_password(form.password, hash).await;
    let Some(user) = candidate.filter(|_| matches) else {
        tracing::info!("login refused");
        super::sign_in_audit::failed(&state, key.as_deref()).await;
        return Ok(refuse(StatusCode::UNAUTHORIZED, t.login_failed, form.email));
    };
    // With TOTP on, the password only leads to the code step; no session yet.
    if let Some(code_step) = super::login_code::challenge(&req, &state, user.id, &next).await? {
        return Ok(code_step);
    }
    open_session(&state, user.id, &user.email, next).await
}

/// Opens a session for an account whose sign-in is complete, and goes on to `next`.
pub(super) async fn open_session(
    state: &AppState,
    user_id: i64,
    email: &str,
    next: String,
) -> Result<HttpResponse, AdminError> {
    let session_id = random_token();
    let expires = crate::store::now() + chrono::Duration::days(SESSION_DAYS);
    state
        .store
        .create_session(&token_hash(&session_id), user_id, &random_token(), expires)
        .await?;
    tracing::info!(user_id, "signed in");
    super::sign_in_audit::succeeded(state, user_id, email).await?;
    let mut clear = Cookie::build(LOGIN_CSRF_COOKIE, "")
        .path("/admin/login")
        .finish();
    clear.make_removal();
    Ok(HttpResponse::SeeOther()
        .cookie(session_cookie(
            state.signer.session(&session_id),
            secure(state),
        ))
        .cookie(clear)
        .insert_header((header::LOCATION, next))
        .finish())
}

/// `POST /admin/logout`: closes the session in the database, not only in the browser.
#[tracing::instrument(name = "admin.logout", skip_all)]
pub async fn logout(
    editor: Editor,
    state: web::Data<AppState>,
    form: web::Form<LogoutForm>,
) -> Result<HttpResponse, AdminError> {
    editor.check_csrf(&form.csrf)?;
    state.store.delete_session(&editor.session_hash).await?;
    Ok(HttpResponse::SeeOther()
        .cookie(session_cookie(String::new(), secure(&state)))
        .insert_header((header::LOCATION, "/admin/login?signed_out=1"))
        .finish())
}
