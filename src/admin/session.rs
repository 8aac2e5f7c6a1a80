//! Who is signed in: the session cookie (a random id signed with `CARAVAN_SECRET`, HttpOnly,
//! SameSite=Lax, Secure behind https), the account behind it, and its CSRF token.
use std::future::Future;
use std::pin::Pin;

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};

use super::error::{AdminError, AdminErrorKind};
use super::lang::admin_lang;
use super::texts::{AdminTexts, admin_texts};
use crate::api::token_hash;
use crate::store::{Actor, Role, SessionUser};
use crate::web::AppState;

pub const SESSION_COOKIE: &str = "caravan_session";
/// How long a sign-in lasts.
pub const SESSION_DAYS: i64 = 7;

/// A signed-in editor or admin. Taking it as a handler argument is what makes a page private.
pub struct Editor {
    pub user: SessionUser,
    pub session_hash: String,
    pub t: &'static AdminTexts,
}

impl Editor {
    pub fn is_admin(&self) -> bool {
        self.user.role.is_admin()
    }

    /// This account as the audit log names it: id, and e-mail as it is now.
    pub fn actor(&self) -> Actor {
        Actor::Account {
            id: self.user.user_id,
            email: self.user.email.clone(),
        }
    }

    /// Refuses a form whose CSRF token is not this session's (compared in constant time).
    pub fn check_csrf(&self, sent: &str) -> Result<(), AdminError> {
        if same_secret(sent, &self.user.csrf_token) {
            Ok(())
        } else {
            Err(self.refuse(AdminErrorKind::Csrf))
        }
    }

    /// The id in a page's path; anything else names no page (404).
    pub fn path_id(&self, raw: &str) -> Result<i64, AdminError> {
        raw.parse()
            .map_err(|_| self.refuse(AdminErrorKind::NotFound))
    }

    pub fn refuse(&self, kind: AdminErrorKind) -> AdminError {
        AdminError::new(self.t, kind)
    }
}

/// Compares two secrets without leaking through timing where they first differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && !b.is_empty()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The session cookie, or the one that removes it (`value` empty).
pub fn session_cookie(value: String, secure: bool) -> Cookie<'static> {
    let mut cookie = Cookie::build(SESSION_COOKIE, value)
        .path("/admin")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .finish();
    if cookie.value().is_empty() {
        cookie.make_removal();
    } else {
        cookie.set_max_age(CookieDuration::days(SESSION_DAYS));
    }
    cookie
}

impl FromRequest for Editor {
    type Error = AdminError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AdminError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let t = admin_texts(admin_lang(req));
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let cookie = req.cookie(SESSION_COOKIE).map(|c| c.value().to_owned());
        let path = req.path().to_owned();
        let next = match req.method() {
            &actix_web::http::Method::GET => match req.query_string() {
                "" => req.path().to_owned(),
                query => format!("{}?{query}", req.path()),
            },
            _ => "/admin".to_owned(),
        };
        Box::pin(async move {
            let signed_out = || AdminError::new(t, AdminErrorKind::NotSignedIn { next });
            let Some(state) = state else {
                return Err(signed_out());
            };
            let Some(session_id) = cookie.and_then(|c| state.signer.verify_session(&c).ok()) else {
                return Err(signed_out());
            };
            let session_hash = token_hash(&session_id);
            let user = state.store.session_user(&session_hash).await?;
            match user {
                Some(user) if must_set_up_two_factor(&state, &user, &path) => {
                    Err(AdminError::new(t, AdminErrorKind::SetUpTwoFactor))
                }
                Some(user) => Ok(Editor {
                    user,
                    session_hash,
                    t,
                }),
                None => Err(signed_out()),
            }
        })
    }
}

/// `CARAVAN_REQUIRE_2FA`: an admin without TOTP reaches only the account page (to set it
/// up) and sign-out. Editors are not forced.
fn must_set_up_two_factor(state: &AppState, user: &SessionUser, path: &str) -> bool {
    state.safeguards.require_2fa
        && user.role == Role::Admin
        && !user.totp_on
        && path != "/admin/account"
        && !path.starts_with("/admin/account/")
        && path != "/admin/logout"
}

/// A signed-in admin: the pages that manage accounts, and those that take the reader list out,
/// bring one in or erase a reader, take this instead of [`Editor`]; an editor gets a 403.
pub struct Admin(pub Editor);

impl FromRequest for Admin {
    type Error = AdminError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AdminError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let editor = Editor::from_request(req, payload);
        Box::pin(async move {
            let editor = editor.await?;
            if editor.is_admin() {
                Ok(Admin(editor))
            } else {
                Err(editor.refuse(AdminErrorKind::Forbidden))
            }
        })
    }
}
