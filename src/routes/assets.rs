//! The static assets, compiled into the binary so they ship with it. Pages link the
//! stylesheets with their content's hash (`?v=`): such a link is cached for a year, as
//! `immutable`, and a new build changes the link; an unversioned request is cached an hour.
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};

const STYLESHEET: &str = include_str!("../../templates/assets/caravan.css");
const ADMIN_STYLESHEET: &str = include_str!("../../templates/assets/admin.css");
const ADMIN_SCRIPT: &str = include_str!("../../templates/assets/admin.js");
const FAVICON: &str = include_str!("../../templates/assets/favicon.svg");
/// The card shared links show (1200 × 630): `templates/assets/card.html` as headless
/// Chromium draws it (`chromium --headless --screenshot --window-size=1200,630`).
const CARD: &[u8] = include_bytes!("../../templates/assets/card.png");

/// FNV-1a over the bytes: a version that changes with the content, known at compile time.
const fn content_version(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u64;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    hash
}

/// The `?v=` of `/static/caravan.css` (templates link it with this).
pub const STYLESHEET_VERSION: u64 = content_version(STYLESHEET.as_bytes());
/// The `?v=` of `/static/admin.css` and `/static/admin.js`.
pub const ADMIN_ASSETS_VERSION: u64 =
    content_version(ADMIN_STYLESHEET.as_bytes()) ^ content_version(ADMIN_SCRIPT.as_bytes());
/// The `?v=` of the favicon and the card.
pub const IMAGES_VERSION: u64 = content_version(FAVICON.as_bytes()) ^ content_version(CARD);

const YEAR: &str = "public, max-age=31536000, immutable";
const HOUR: &str = "public, max-age=3600";

/// A year when the request names this build's version, an hour otherwise.
fn lifetime(req: &HttpRequest, version: u64) -> &'static str {
    let asked = url::form_urlencoded::parse(req.query_string().as_bytes())
        .find(|(k, _)| k == "v")
        .map(|(_, v)| v.into_owned());
    match asked {
        Some(v) if v == version.to_string() => YEAR,
        _ => HOUR,
    }
}

fn asset(req: &HttpRequest, version: u64, content_type: &str, body: &'static [u8]) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::CACHE_CONTROL, lifetime(req, version)))
        .body(body)
}

/// `GET /static/caravan.css`.
pub async fn stylesheet(req: HttpRequest) -> HttpResponse {
    asset(
        &req,
        STYLESHEET_VERSION,
        "text/css; charset=utf-8",
        STYLESHEET.as_bytes(),
    )
}

/// `GET /static/admin.css`.
pub async fn admin_stylesheet(req: HttpRequest) -> HttpResponse {
    asset(
        &req,
        ADMIN_ASSETS_VERSION,
        "text/css; charset=utf-8",
        ADMIN_STYLESHEET.as_bytes(),
    )
}

/// `GET /static/admin.js`: the admin pages' only script (no inline scripts anywhere).
pub async fn admin_script(req: HttpRequest) -> HttpResponse {
    asset(
        &req,
        ADMIN_ASSETS_VERSION,
        "text/javascript; charset=utf-8",
        ADMIN_SCRIPT.as_bytes(),
    )
}

/// `GET /static/favicon.svg`.
pub async fn favicon(req: HttpRequest) -> HttpResponse {
    asset(&req, IMAGES_VERSION, "image/svg+xml", FAVICON.as_bytes())
}

/// `GET /static/card.png`: the image of shared links (Open Graph, Twitter cards).
pub async fn card(req: HttpRequest) -> HttpResponse {
    asset(&req, IMAGES_VERSION, "image/png", CARD)
}

/// `GET /manifest.webmanifest`: the name, colours and icon a phone shows for the site.
pub async fn manifest() -> HttpResponse {
    let body = serde_json::json!({
        "name": "Caravan — la lettre de l’Asie centrale",
        "short_name": "Caravan",
        "lang": "fr",
        "start_url": "/",
        "display": "browser",
        "background_color": "#faf7f2",
        "theme_color": "#9a3412",
        "icons": [{
            "src": format!("/static/favicon.svg?v={IMAGES_VERSION}"),
            "sizes": "any",
            "type": "image/svg+xml",
        }],
    });
    HttpResponse::Ok()
        .content_type("application/manifest+json")
        .insert_header((header::CACHE_CONTROL, HOUR))
        .body(body.to_string())
}
