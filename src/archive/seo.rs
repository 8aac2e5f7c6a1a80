//! What search engines read first: `robots.txt` (the public pages, not the readers' own or
//! the editors') and `sitemap.xml` (the sign-up page, the archive and every sent issue).
use actix_web::http::header;
use actix_web::{HttpResponse, web};

use crate::web::AppState;

/// Pages that are a reader's own, an editor's, or a machine's: never to be indexed.
const PRIVATE: &[&str] = &[
    "/admin",
    "/api/",
    "/preferences",
    "/unsubscribe",
    "/subscriptions/",
    "/dev/",
    "/webhooks/",
    "/r/",
];

/// The most issues a sitemap lists (the protocol allows 50,000 URLs a file).
const SITEMAP_ISSUES: i64 = 49_000;

/// `GET /robots.txt`.
pub async fn robots(state: web::Data<AppState>) -> HttpResponse {
    let mut body = String::from("User-agent: *\n");
    for path in PRIVATE {
        body.push_str(&format!("Disallow: {path}\n"));
    }
    body.push_str(&format!(
        "Allow: /\n\nSitemap: {}\n",
        state.link("/sitemap.xml")
    ));
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .body(body)
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `GET /sitemap.xml`.
#[tracing::instrument(name = "GET /sitemap.xml", skip_all)]
pub async fn sitemap(state: web::Data<AppState>) -> HttpResponse {
    let issues = match state.store.sent_issues(SITEMAP_ISSUES).await {
        Ok(issues) => issues,
        Err(error) => {
            tracing::error!(%error, "cannot list the issues for the sitemap");
            return HttpResponse::InternalServerError().finish();
        }
    };
    let mut body = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut url = |path: &str, lastmod: Option<chrono::DateTime<chrono::Utc>>| {
        body.push_str(&format!(
            "<url><loc>{}</loc>",
            xml_escape(&state.link(path))
        ));
        if let Some(at) = lastmod {
            body.push_str(&format!("<lastmod>{}</lastmod>", at.format("%Y-%m-%d")));
        }
        body.push_str("</url>\n");
    };
    url("/", None);
    url("/archive", issues.first().and_then(|i| i.sent_at));
    for issue in &issues {
        url(&format!("/archive/{}", issue.slug), issue.sent_at);
    }
    body.push_str("</urlset>\n");
    HttpResponse::Ok()
        .content_type("application/xml; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(body)
}
