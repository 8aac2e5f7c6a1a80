//! The editors' pages under `/admin`: server-rendered, French first, one small script.
//! Every page needs a session ([`Editor`]); account pages, the audit log, and taking the
//! reader list out, bringing one in or erasing a reader need an admin ([`Admin`]); every
//! form that changes something carries the session's CSRF token.
mod account;
mod article_correction;
mod article_new;
mod articles;
mod audit;
mod chrome;
mod dashboard;
mod error;
mod issue_clicks;
mod issue_edit;
mod issue_list;
mod issue_page;
mod issue_preview;
mod issue_reports;
mod issue_sending;
mod lang;
mod login;
mod login_code;
mod login_fields;
mod notice;
mod reader_bounces;
mod reader_import;
mod reader_topics;
mod readers;
mod request_texts;
mod session;
mod sign_in_audit;
mod texts;
mod throttle;
mod topic_panel;
mod totp;
mod two_factor;
mod users;
mod welcome;

pub use error::{AdminError, AdminErrorKind};
pub use session::{Admin, Editor, SESSION_COOKIE, same_secret};
pub use texts::{AdminTexts, admin_texts};
pub use throttle::LoginThrottle;

use actix_web::{HttpRequest, http::header, middleware::DefaultHeaders, web};

/// Mounts `/admin`. Forms that do not parse get the admin's own 400 page.
pub fn routes(config: &mut web::ServiceConfig) {
    config.service(
        web::scope("/admin")
            .wrap(DefaultHeaders::new().add((header::CACHE_CONTROL, "no-store")))
            // The texts and request id a 500 page shows, for errors turned by `?`.
            .wrap(actix_web::middleware::from_fn(
                request_texts::within_admin_request,
            ))
            .app_data(web::FormConfig::default().limit(1024 * 1024).error_handler(
                |error, req: &HttpRequest| {
                    tracing::info!(%error, "admin form refused");
                    AdminError::new(admin_texts(lang::admin_lang(req)), AdminErrorKind::BadForm)
                        .into()
                },
            ))
            // A query that does not parse (`?before=x`) is the client's mistake: the same 400.
            .app_data(
                web::QueryConfig::default().error_handler(|error, req: &HttpRequest| {
                    tracing::info!(%error, "admin query refused");
                    AdminError::new(admin_texts(lang::admin_lang(req)), AdminErrorKind::BadForm)
                        .into()
                }),
            )
            .route("", web::get().to(dashboard::dashboard))
            .route("/", web::get().to(dashboard::dashboard))
            .route("/login", web::get().to(login::login_page))
            .route("/login", web::post().to(login::login))
            .route("/login/code", web::post().to(login_code::verify))
            .route("/logout", web::post().to(login::logout))
            .route("/lang", web::get().to(lang::switch_lang))
            .route("/account", web::get().to(account::page))
            .route(
                "/account/password",
                web::post().to(account::change_password),
            )
            .route("/account/2fa/start", web::post().to(two_factor::start))
            .route("/account/2fa/confirm", web::post().to(two_factor::confirm))
            .route("/account/2fa/disable", web::post().to(two_factor::disable))
            .route(
                "/account/sessions/end",
                web::post().to(account::end_session),
            )
            .route(
                "/account/sessions/end-others",
                web::post().to(account::end_other_sessions),
            )
            .route("/issues", web::get().to(issue_list::list))
            .route("/issues/digest", web::post().to(issue_list::build))
            .route("/issues/new", web::post().to(issue_edit::new_letter))
            .route("/welcome", web::get().to(welcome::show))
            .route("/welcome", web::post().to(welcome::save))
            .route("/issues/{id}", web::get().to(issue_page::show))
            .route("/issues/{id}", web::post().to(issue_edit::save))
            .route("/issues/{id}/preview", web::get().to(issue_preview::page))
            .route(
                "/issues/{id}/preview.html",
                web::get().to(issue_preview::html),
            )
            .route("/issues/{id}/test", web::post().to(issue_sending::test))
            .route(
                "/issues/{id}/queue",
                web::post().to(issue_sending::queue_now),
            )
            .route(
                "/issues/{id}/schedule",
                web::post().to(issue_sending::schedule),
            )
            .route("/issues/{id}/cancel", web::post().to(issue_sending::cancel))
            .route(
                "/issues/{id}/send-now",
                web::post().to(issue_sending::send_now),
            )
            .route(
                "/issues/{id}/progress.json",
                web::get().to(issue_sending::progress),
            )
            .route("/readers", web::get().to(readers::list))
            .route("/readers/export.csv", web::get().to(readers::export))
            .service(
                web::resource("/readers/import")
                    .app_data(web::PayloadConfig::new(reader_import::MAX_IMPORT_BYTES))
                    .route(web::get().to(reader_import::form))
                    .route(web::post().to(reader_import::import)),
            )
            .route("/readers/{id}", web::get().to(readers::show))
            .route(
                "/readers/{id}/unsubscribe",
                web::post().to(readers::unsubscribe),
            )
            .route("/readers/{id}/delete", web::post().to(readers::delete))
            .route("/readers/{id}/lift", web::post().to(reader_bounces::lift))
            .route("/readers/{id}/topics", web::post().to(reader_topics::save))
            .route("/articles", web::get().to(articles::list))
            .route("/articles/sync", web::post().to(articles::sync))
            .route("/articles/new", web::get().to(article_new::form))
            .route("/articles/new", web::post().to(article_new::create))
            .route(
                "/articles/{slug}/correction",
                web::get().to(article_correction::form),
            )
            .route(
                "/articles/{slug}/correction",
                web::post().to(article_correction::publish_form),
            )
            .route("/audit", web::get().to(audit::list))
            .route("/users", web::get().to(users::list))
            .route("/users", web::post().to(users::add))
            .route("/users/{id}/role", web::post().to(users::set_role))
            .route("/users/{id}/delete", web::post().to(users::delete)),
    );
}
