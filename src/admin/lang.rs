//! The admin pages' language: the editor's choice (a cookie set by `/admin/lang`), else the
//! browser's, else French.
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::domain::Lang;

const LANG_COOKIE: &str = "caravan_lang";

pub fn admin_lang(req: &HttpRequest) -> Lang {
    let chosen = req.cookie(LANG_COOKIE).map(|c| c.value().to_owned());
    let accept = req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    Lang::negotiate(chosen.as_deref(), accept)
}

#[derive(Deserialize)]
pub struct SwitchLang {
    to: String,
    back: Option<String>,
}

/// `GET /admin/lang?to=en&back=/admin/issues`: remembers the language and goes back.
pub async fn switch_lang(query: web::Query<SwitchLang>) -> HttpResponse {
    let lang = Lang::from_code(&query.to).unwrap_or(Lang::Fr);
    let back = query
        .back
        .as_deref()
        .filter(|b| is_admin_path(b))
        .unwrap_or("/admin");
    let cookie = Cookie::build(LANG_COOKIE, lang.code())
        .path("/admin")
        .same_site(SameSite::Lax)
        .max_age(CookieDuration::days(365))
        .finish();
    HttpResponse::SeeOther()
        .cookie(cookie)
        .insert_header((header::LOCATION, back.to_owned()))
        .finish()
}

/// Only paths of this site's admin are followed after a switch or a login: never another
/// host (`//evil.example`) or scheme.
pub fn is_admin_path(path: &str) -> bool {
    (path == "/admin" || path.starts_with("/admin/") || path.starts_with("/admin?"))
        && !path.contains("//")
        && !path.contains('\\')
        && !path.chars().any(char::is_control)
}

#[cfg(test)]
mod tests {
    use super::is_admin_path;

    #[test]
    fn only_local_admin_paths_are_followed() {
        assert!(is_admin_path("/admin"));
        assert!(is_admin_path("/admin/issues/3?notice=saved"));
        for bad in [
            "//evil.example",
            "https://evil.example/admin",
            "/admin//evil",
            "/admin\\x",
            "/adminx",
            "/admin/\n",
        ] {
            assert!(!is_admin_path(bad), "{bad}");
        }
    }
}
