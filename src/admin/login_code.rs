//! The second sign-in step for accounts with TOTP on: after the right password, a signed,
//! short-lived cookie names the account, and only a right code (or an unused recovery code)
//! opens the session. Wrong codes spend the same throttle tokens as wrong passwords.
use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::error::AdminError;
use super::lang::admin_lang;
use super::login::{LOGIN_CSRF_COOKIE, open_session, random_token, safe_next, secure};
use super::session::same_secret;
use super::texts::{AdminTexts, admin_texts};
use super::totp;
use crate::web::{AppState, render};

const PENDING_COOKIE: &str = "caravan_2fa";
/// Time to reach for the phone; then the password is asked again.
const PENDING_MINUTES: i64 = 5;

#[derive(Template)]
#[template(path = "admin/login_code.html")]
struct CodePage<'a> {
    t: &'static AdminTexts,
    csrf: &'a str,
    next: &'a str,
    error: Option<&'static str>,
    lang_href: String,
}

#[derive(Deserialize)]
pub struct CodeForm {
    code: String,
    csrf: String,
    next: Option<String>,
}

fn cookie(name: &'static str, value: String, state: &AppState) -> Cookie<'static> {
    let mut cookie = Cookie::build(name, value)
        .path("/admin/login")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure(state))
        .finish();
    if cookie.value().is_empty() {
        cookie.make_removal();
    }
    cookie
}

/// The code form, with a fresh login CSRF token; `pending` renews the pending cookie.
fn code_form(
    req: &HttpRequest,
    state: &AppState,
    status: StatusCode,
    next: &str,
    error: Option<&'static str>,
    pending: Option<String>,
) -> HttpResponse {
    let t = admin_texts(admin_lang(req));
    let csrf = random_token();
    let mut response = render(
        status,
        &CodePage {
            t,
            csrf: &csrf,
            next,
            error,
            lang_href: format!("/admin/lang?to={}&back=/admin/login", t.other_lang_code),
        },
    );
    let _ = response.add_cookie(&cookie(LOGIN_CSRF_COOKIE, csrf, state));
    if let Some(pending) = pending {
        let _ = response.add_cookie(&cookie(PENDING_COOKIE, pending, state));
    }
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    response
}

/// After a right password: the code form when the account has TOTP on, else `None`.
pub(super) async fn challenge(
    req: &HttpRequest,
    state: &AppState,
    user_id: i64,
    next: &str,
) -> Result<Option<HttpResponse>, AdminError> {
    let row = state.store.two_factor(user_id).await?;
    if row.and_then(|r| r.totp_secret).is_none() {
        return Ok(None);
    }
    let expires = crate::store::now() + chrono::Duration::minutes(PENDING_MINUTES);
    let pending = state.signer.second_factor(user_id, expires);
    tracing::info!(user_id, "password right, asking for the code");
    Ok(Some(code_form(
        req,
        state,
        StatusCode::OK,
        next,
        None,
        Some(pending),
    )))
}

/// `POST /admin/login/code`.
#[tracing::instrument(name = "admin.login_code", skip_all)]
pub async fn verify(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<CodeForm>,
) -> Result<HttpResponse, AdminError> {
    let t = admin_texts(admin_lang(&req));
    let next = safe_next(form.next.as_deref()).to_owned();
    let again = |status, error| code_form(&req, &state, status, &next, Some(error), None);
    let cookie_csrf = req.cookie(LOGIN_CSRF_COOKIE).map(|c| c.value().to_owned());
    if !cookie_csrf.is_some_and(|c| same_secret(&form.csrf, &c)) {
        return Ok(again(StatusCode::FORBIDDEN, t.csrf_failed));
    }
    let now = crate::store::now();
    let user_id = req
        .cookie(PENDING_COOKIE)
        .and_then(|c| state.signer.verify_second_factor(c.value(), now).ok());
    let row = match user_id {
        Some(id) => state
            .store
            .two_factor(id)
            .await?
            .and_then(|row| row.totp_secret.clone().map(|secret| (id, row, secret))),
        None => None,
    };
    let Some((user_id, row, secret)) = row else {
        // Expired or forged: back to the password, which starts over.
        return Ok(HttpResponse::SeeOther()
            .cookie(cookie(PENDING_COOKIE, String::new(), &state))
            .insert_header((header::LOCATION, "/admin/login"))
            .finish());
    };
    // The same bucket as the password typed for this account from this network.
    let key = super::login_fields::AccountKey::of(&row.email);
    if !state.login_throttle.allow(key, state.client_network(&req)) {
        tracing::warn!(user_id, "code step throttled");
        return Ok(again(StatusCode::TOO_MANY_REQUESTS, t.login_throttled));
    }
    let accepted = if totp::looks_like_totp(&form.code) {
        match totp::matching_step(&secret, &form.code, now.timestamp()) {
            Some(step) => state.store.use_totp_step(user_id, step).await?,
            None => false,
        }
    } else {
        state
            .store
            .use_recovery_code(user_id, &totp::recovery_hash(&form.code))
            .await?
    };
    if !accepted {
        tracing::info!(user_id, "code refused");
        return Ok(again(StatusCode::UNAUTHORIZED, t.totp_wrong_code));
    }
    let mut response = open_session(&state, user_id, &row.email, next).await?;
    let _ = response.add_cookie(&cookie(PENDING_COOKIE, String::new(), &state));
    Ok(response)
}
