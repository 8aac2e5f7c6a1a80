//! Turning two-step sign-in (TOTP) on and off from `/admin/account`. On: a fresh secret is
//! kept as pending and shown as a QR code; a current code confirms it, and only then is it
//! switched on and ten recovery codes shown, once. Off: the password and a current code.
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::account::{account_page, account_redirect, check_password, page_throttle_key};
use super::error::AdminError;
use super::issue_list::CsrfForm;
use super::notice::Notice;
use super::session::Editor;
use super::totp;
use crate::web::AppState;

#[derive(Deserialize)]
pub struct ConfirmForm {
    csrf: String,
    code: String,
}

#[derive(Deserialize)]
pub struct DisableForm {
    csrf: String,
    password: String,
    code: String,
}

/// `POST /admin/account/2fa/start`: offers a new secret (replacing any unconfirmed one).
#[tracing::instrument(name = "admin.totp_start", skip_all, fields(user_id = editor.user.user_id))]
pub async fn start(
    editor: Editor,
    state: web::Data<AppState>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, AdminError> {
    editor.check_csrf(&form.csrf)?;
    if !editor.user.totp_on {
        state
            .store
            .set_totp_pending(editor.user.user_id, &totp::new_secret())
            .await?;
    }
    Ok(super::issue_list::see_other(
        "/admin/account#two-factor".to_owned(),
    ))
}

/// `POST /admin/account/2fa/confirm`: a right code switches TOTP on; the page that answers
/// is the only one that ever shows the recovery codes.
#[tracing::instrument(name = "admin.totp_confirm", skip_all, fields(user_id = editor.user.user_id))]
pub async fn confirm(
    editor: Editor,
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<ConfirmForm>,
) -> Result<HttpResponse, AdminError> {
    editor.check_csrf(&form.csrf)?;
    let user_id = editor.user.user_id;
    let pending = state
        .store
        .two_factor(user_id)
        .await?
        .and_then(|row| row.totp_pending);
    let Some(secret) = pending else {
        return Ok(account_redirect(Notice::TotpWrongCode, "two-factor"));
    };
    if !state.login_throttle.allow(
        page_throttle_key(&editor.user.email),
        state.client_network(&req),
    ) {
        return Ok(account_redirect(Notice::Throttled, "two-factor"));
    }
    let now = crate::store::now().timestamp();
    let Some(step) = totp::matching_step(&secret, &form.code, now) else {
        return Ok(account_redirect(Notice::TotpWrongCode, "two-factor"));
    };
    let codes = totp::new_recovery_codes();
    let hashes: Vec<String> = codes.iter().map(|c| totp::recovery_hash(c)).collect();
    let enabled = state
        .store
        .enable_totp(user_id, &secret, step, &hashes)
        .await?;
    if !enabled {
        return Ok(account_redirect(Notice::TotpWrongCode, "two-factor"));
    }
    tracing::info!("two-step sign-in switched on");
    let notice = Notice::TotpEnabled.line(editor.t);
    account_page(&editor, &req, &state, codes, Some(notice)).await
}

/// `POST /admin/account/2fa/disable`: the password and a current code (or a recovery code,
/// for whoever lost their phone) switch TOTP off.
#[tracing::instrument(name = "admin.totp_disable", skip_all, fields(user_id = editor.user.user_id))]
pub async fn disable(
    editor: Editor,
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<DisableForm>,
) -> Result<HttpResponse, AdminError> {
    editor.check_csrf(&form.csrf)?;
    let form = form.into_inner();
    let user_id = editor.user.user_id;
    if let Err(notice) = check_password(&editor, &req, &state, form.password).await? {
        return Ok(account_redirect(notice, "two-factor"));
    }
    let secret = state
        .store
        .two_factor(user_id)
        .await?
        .and_then(|row| row.totp_secret);
    let Some(secret) = secret else {
        return Ok(account_redirect(Notice::TotpDisabled, "two-factor"));
    };
    let now = crate::store::now().timestamp();
    let accepted = if totp::looks_like_totp(&form.code) {
        match totp::matching_step(&secret, &form.code, now) {
            Some(step) => state.store.use_totp_step(user_id, step).await,
            None => Ok(false),
        }
    } else {
        let hash = totp::recovery_hash(&form.code);
        state.store.use_recovery_code(user_id, &hash).await
    }?;
    if !accepted {
        return Ok(account_redirect(Notice::TotpWrongCode, "two-factor"));
    }
    state.store.disable_totp(user_id).await?;
    tracing::info!("two-step sign-in switched off");
    Ok(account_redirect(Notice::TotpDisabled, "two-factor"))
}
