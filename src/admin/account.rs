//! `/admin/account`: what any signed-in person manages for themselves: the password, two-step
//! sign-in (see [`super::two_factor`]) and the sessions open in their name.
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::chrome::{Chrome, local_time};
use super::error::AdminError;
use super::issue_list::see_other;
use super::notice::{Notice, NoticeLine};
use super::session::Editor;
use super::totp;
use crate::domain::SubscriberEmail;
use crate::passwords::{PasswordError, hash_password, verify_password};
use crate::web::{AppState, render};

struct SessionLine {
    key: String,
    created: String,
    expires: String,
    current: bool,
}

/// A secret offered but not confirmed yet: its QR code and the key to type instead.
struct Setup {
    qr_svg: String,
    secret: String,
}

#[derive(Template)]
#[template(path = "admin/account.html")]
struct AccountPage {
    c: Chrome,
    totp_on: bool,
    setup: Option<Setup>,
    /// Shown once, right after two-step sign-in is switched on.
    recovery_codes: Vec<String>,
    recovery_left: i64,
    sessions: Vec<SessionLine>,
}

#[derive(Deserialize)]
pub struct PasswordForm {
    csrf: String,
    current_password: String,
    new_password: String,
    new_password_again: String,
}

#[derive(Deserialize)]
pub struct EndSessionForm {
    csrf: String,
    session: String,
}

pub(super) fn account_redirect(notice: Notice, anchor: &str) -> HttpResponse {
    see_other(format!("/admin/account?notice={notice}#{anchor}"))
}

/// The throttle bucket for passwords and codes typed on this page: the account's login key
/// with a prefix, so a signed-in person's typos do not lock their next sign-in, and a stolen
/// session still cannot guess the password (or codes) faster than the login form could.
pub(super) fn page_throttle_key(email: &str) -> super::login_fields::AccountKey {
    let key = SubscriberEmail::parse(email)
        .map(|e| e.key())
        .unwrap_or_else(|_| email.trim().to_lowercase());
    super::login_fields::AccountKey::of(&format!("account:{key}"))
}

/// Checks the password of the signed-in person, spending a throttle token like a login.
/// `Err(notice)` says what to show instead.
pub(super) async fn check_password(
    editor: &Editor,
    req: &HttpRequest,
    state: &AppState,
    password: String,
) -> Result<Result<(), Notice>, AdminError> {
    let address = state.client_network(req);
    if !state
        .login_throttle
        .allow(page_throttle_key(&editor.user.email), address)
    {
        return Ok(Err(Notice::Throttled));
    }
    let hash = state
        .store
        .password_hash(editor.user.user_id)
        .await?
        .unwrap_or_default();
    Ok(if verify_password(password, hash).await {
        Ok(())
    } else {
        Err(Notice::PasswordWrong)
    })
}

/// The page; `recovery_codes` and `notice` come from an action that renders it directly.
pub(super) async fn account_page(
    editor: &Editor,
    req: &HttpRequest,
    state: &AppState,
    recovery_codes: Vec<String>,
    notice: Option<NoticeLine>,
) -> Result<HttpResponse, AdminError> {
    let user_id = editor.user.user_id;
    let row = state.store.two_factor(user_id).await?;
    let sessions = state.store.user_sessions(user_id).await?;
    let (totp_on, pending, recovery_left) = row
        .map(|r| (r.totp_secret.is_some(), r.totp_pending, r.recovery_left))
        .unwrap_or_default();
    let setup = pending.filter(|_| !totp_on).and_then(|secret| {
        let uri = totp::otpauth_uri(&secret, &editor.user.email)?;
        Some(Setup {
            qr_svg: totp::qr_svg(&uri)?,
            secret,
        })
    });
    let sessions = sessions
        .into_iter()
        .map(|s| SessionLine {
            created: local_time(editor.t, s.created_at, state.timezone),
            expires: local_time(editor.t, s.expires_at, state.timezone),
            current: s.id_hash == editor.session_hash,
            key: s.id_hash,
        })
        .collect();
    let mut c = Chrome::new(editor, req, "account");
    if notice.is_some() {
        c.notice = notice;
    }
    Ok(render(
        StatusCode::OK,
        &AccountPage {
            c,
            totp_on,
            setup,
            recovery_codes,
            recovery_left,
            sessions,
        },
    ))
}

/// `GET /admin/account`.
#[tracing::instrument(name = "admin.account", skip_all, fields(user_id = editor.user.user_id))]
pub async fn page(
    editor: Editor,
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AdminError> {
    account_page(&editor, &req, &state, Vec::new(), None).await
}

/// `POST /admin/account/password`: the current password, then the new one twice.
#[tracing::instrument(name = "admin.change_password", skip_all, fields(user_id = editor.user.user_id))]
pub async fn change_password(
    editor: Editor,
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<PasswordForm>,
) -> Result<HttpResponse, AdminError> {
    editor.check_csrf(&form.csrf)?;
    let form = form.into_inner();
    if let Err(notice) = check_password(&editor, &req, &state, form.current_password).await? {
        return Ok(account_redirect(notice, "password"));
    }
    if form.new_password != form.new_password_again {
        return Ok(account_redirect(Notice::PasswordMismatch, "password"));
    }
    let hash = match hash_password(form.new_password).await {
        Ok(hash) => hash,
        Err(PasswordError::TooShort) => {
            return Ok(account_redirect(Notice::PasswordShort, "password"));
        }
        Err(e) => return Err(AdminError::internal(e)),
    };
    state
        .store
        .change_password(editor.user.user_id, &hash, &editor.session_hash)
        .await?;
    tracing::info!("password changed, other sessions ended");
    Ok(account_redirect(Notice::PasswordChanged, "password"))
}

/// `POST /admin/account/sessions/end`: ends one session of this account.
#[tracing::instrument(name = "admin.end_session", skip_all, fields(user_id = editor.user.user_id))]
pub async fn end_session(
    editor: Editor,
    state: web::Data<AppState>,
    form: web::Form<EndSessionForm>,
) -> Result<HttpResponse, AdminError> {
    editor.check_csrf(&form.csrf)?;
    // Session keys are hex digests: anything else names no session (and a NUL would make
    // PostgreSQL fail rather than match nothing).
    if !form.session.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(editor.refuse(super::AdminErrorKind::NotFound));
    }
    let ended = state
        .store
        .end_session(editor.user.user_id, &form.session)
        .await?;
    if !ended {
        return Err(editor.refuse(super::AdminErrorKind::NotFound));
    }
    if form.session == editor.session_hash {
        return Ok(see_other("/admin/login?signed_out=1".to_owned()));
    }
    Ok(account_redirect(Notice::SessionEnded, "sessions"))
}

/// `POST /admin/account/sessions/end-others`: every session of this account but this one.
#[tracing::instrument(name = "admin.end_other_sessions", skip_all, fields(user_id = editor.user.user_id))]
pub async fn end_other_sessions(
    editor: Editor,
    state: web::Data<AppState>,
    form: web::Form<super::issue_list::CsrfForm>,
) -> Result<HttpResponse, AdminError> {
    editor.check_csrf(&form.csrf)?;
    state
        .store
        .end_other_sessions(editor.user.user_id, &editor.session_hash)
        .await?;
    Ok(account_redirect(Notice::SessionsEnded, "sessions"))
}
