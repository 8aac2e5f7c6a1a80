//! The HTTP server: its middleware, the security headers and every top-level route; apart
//! from the application's build so the route table reads on its own.
use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::{App, HttpServer, web};
use anyhow::Context;
use tracing_actix_web::TracingLogger;

use crate::web::{AppState, PageCtx, PageError, PageErrorKind, RequestLog};
use crate::{admin, api, archive, preferences, routes, subscriptions};

/// Headers every answer carries unless its handler set its own (the e-mail previews do).
/// No page runs inline script; inline styles stay allowed (e-mail HTML is styled inline).
fn security_headers() -> actix_web::middleware::DefaultHeaders {
    actix_web::middleware::DefaultHeaders::new()
        .add((
            actix_web::http::header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
             img-src 'self' data: https:; object-src 'none'; base-uri 'none'; \
             form-action 'self'; frame-ancestors 'self'",
        ))
        .add((actix_web::http::header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .add((actix_web::http::header::X_FRAME_OPTIONS, "SAMEORIGIN"))
        // Pages reached by signed links (confirm, unsubscribe) must not hand their token to
        // another site through the Referer header.
        .add((actix_web::http::header::REFERRER_POLICY, "same-origin"))
}

/// A route whose answers are compressed when the client accepts it.
macro_rules! compressed {
    ($path:expr) => {
        web::resource($path).wrap(actix_web::middleware::Compress::default())
    };
}

pub(super) fn http_server(
    listener: TcpListener,
    state: AppState,
    signup_limit: Option<crate::web::SignupLimit>,
) -> anyhow::Result<Server> {
    let dev_mailbox = state.dev_mailbox.is_some();
    let state = web::Data::new(state);
    // The limit's state is made once, here, and shared by every HTTP worker thread. With
    // limits off the middleware is skipped; this stand-in only gives it a type.
    let unused_when_off = crate::web::signup_limit(1, state.trusted_proxies.clone())
        .context("the sign-up limit cannot be built")?;
    let server = HttpServer::new(move || {
        let mut app = App::new()
            // Innermost: the 408 of a cut body still gets the headers and is counted.
            .wrap(actix_web::middleware::from_fn(crate::web::body_deadline))
            .wrap(security_headers())
            .wrap(actix_web::middleware::from_fn(routes::http_metrics))
            .wrap(TracingLogger::<RequestLog>::new())
            .app_data(state.clone())
            .app_data(web::QueryConfig::default().error_handler(|_, req| {
                // A query that does not parse is a mangled link: say so in the reader's language.
                PageError::new(&PageCtx::from_request(req), PageErrorKind::LinkInvalid).into()
            }))
            .service(compressed!("/").route(web::get().to(subscriptions::show)))
            .service(
                web::resource("/subscriptions")
                    .wrap(actix_web::middleware::Condition::new(
                        signup_limit.is_some(),
                        actix_governor::Governor::new(
                            signup_limit.as_ref().unwrap_or(&unused_when_off),
                        ),
                    ))
                    .route(web::post().to(subscriptions::create)),
            )
            .route(
                "/subscriptions/confirm",
                web::get().to(subscriptions::confirm_page),
            )
            .route(
                "/subscriptions/confirm",
                web::post().to(subscriptions::confirm),
            )
            .route(
                "/unsubscribe",
                web::get().to(subscriptions::unsubscribe_page),
            )
            .route(
                "/unsubscribe",
                web::post().to(subscriptions::unsubscribe_one_click),
            )
            .service(
                web::resource("/preferences")
                    .route(web::get().to(preferences::show))
                    .route(web::post().to(preferences::save)),
            )
            .service(
                // The address form mails a link: limited per client as the sign-up form is.
                web::resource("/preferences/link")
                    .wrap(actix_web::middleware::Condition::new(
                        signup_limit.is_some(),
                        actix_governor::Governor::new(
                            signup_limit.as_ref().unwrap_or(&unused_when_off),
                        ),
                    ))
                    .route(web::post().to(preferences::request_link)),
            )
            .route("/preferences/pause", web::post().to(preferences::pause))
            .route("/preferences/resume", web::post().to(preferences::resume))
            .route("/preferences/leave", web::post().to(preferences::leave))
            .route("/preferences/data", web::post().to(preferences::download))
            .route("/preferences/erase", web::post().to(preferences::erase))
            // Public pages and assets are compressed (gzip or brotli, as the client asks);
            // pages that carry a reader's token or a session's CSRF token are not, so that
            // their size never tells a secret apart (BREACH).
            .service(compressed!("/archive").route(web::get().to(archive::archive)))
            .service(compressed!("/archive/{slug}").route(web::get().to(archive::archived_issue)))
            .service(compressed!("/feed.xml").route(web::get().to(archive::feed)))
            .service(
                compressed!("/corrections")
                    .route(web::get().to(crate::corrections::corrections_page)),
            )
            .service(compressed!("/sitemap.xml").route(web::get().to(archive::sitemap)))
            .route("/robots.txt", web::get().to(archive::robots))
            // Letters' story links: counted, then redirected (never compressed: no body).
            .service(
                web::resource("/r/{issue}/{story}")
                    .route(web::get().to(crate::clicks::follow))
                    .route(web::head().to(crate::clicks::follow)),
            )
            .route("/manifest.webmanifest", web::get().to(routes::manifest))
            .service(compressed!("/static/favicon.svg").route(web::get().to(routes::favicon)))
            .route("/static/card.png", web::get().to(routes::card))
            .route("/health", web::get().to(routes::health))
            .route("/metrics", web::get().to(routes::metrics))
            .service(compressed!("/static/caravan.css").route(web::get().to(routes::stylesheet)))
            .service(
                compressed!("/static/admin.css").route(web::get().to(routes::admin_stylesheet)),
            )
            .service(compressed!("/static/admin.js").route(web::get().to(routes::admin_script)))
            .configure(api::routes)
            .configure(crate::webhooks::routes)
            .configure(admin::routes);
        if dev_mailbox {
            app = app
                .route("/dev/mailbox", web::get().to(routes::mailbox))
                .route(
                    "/dev/mailbox/{file}",
                    web::get().to(routes::mailbox_message),
                )
                .route(
                    "/dev/mailbox/{file}/html",
                    web::get().to(routes::mailbox_html),
                );
        }
        app.default_service(web::to(routes::not_found))
    })
    .listen(listener)?
    .run();
    Ok(server)
}
