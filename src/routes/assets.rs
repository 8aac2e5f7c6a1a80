use actix_web::HttpResponse;
use actix_web::http::header;

const STYLESHEET: &str = include_str!("../../templates/assets/caravan.css");

/// `GET /static/caravan.css`, compiled into the binary so it ships with it.
pub async fn stylesheet() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(STYLESHEET)
}

const ADMIN_STYLESHEET: &str = include_str!("../../templates/assets/admin.css");
const ADMIN_SCRIPT: &str = include_str!("../../templates/assets/admin.js");

/// `GET /static/admin.css`.
pub async fn admin_stylesheet() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(ADMIN_STYLESHEET)
}

/// `GET /static/admin.js`: the admin pages' only script (no inline scripts anywhere).
pub async fn admin_script() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(ADMIN_SCRIPT)
}
