//! The archive as a shared link and a search engine see it: description, canonical URL,
//! Open Graph and Twitter card tags with the site's card image, a favicon and a manifest,
//! robots.txt and sitemap.xml; public pages compressed (pages with a token never); versioned
//! assets cached for a year; a sent issue's page rendered once.
use std::io::Read;

use reqwest::StatusCode;

use crate::helpers::{Db, TestApp};

async fn a_sent_issue(app: &TestApp) -> String {
    let issue = crate::fan_out::readers_and_a_draft(app).await;
    app.store.queue_issue(issue, None).await.unwrap();
    crate::delivery::deliver(app, issue).await;
    app.store.list_issues().await.unwrap().remove(0).slug
}

async fn get(app: &TestApp, path: &str, encoding: Option<&str>) -> reqwest::Response {
    let mut request = app.client.get(app.url(path));
    if let Some(encoding) = encoding {
        request = request.header("Accept-Encoding", encoding);
    }
    request.send().await.unwrap()
}

fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

async fn a_shared_issue_shows_a_card_and_search_engines_find_every_issue(db: Db) {
    let app = TestApp::spawn(db).await;
    let slug = a_sent_issue(&app).await;
    let base = app
        .settings
        .base_url
        .as_str()
        .trim_end_matches('/')
        .to_owned();
    let page = get(&app, &format!("/archive/{slug}"), None).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(header(&page, "cache-control"), "public, max-age=300");
    let html = page.text().await.unwrap();
    let canonical = format!(r#"<link rel="canonical" href="{base}/archive/{slug}">"#);
    assert!(html.contains(&canonical), "{html}");
    assert!(html.contains(r#"<meta property="og:title" content="Renforcement du partenariat"#));
    assert!(html.contains(r#"<meta name="description" content=""#));
    assert!(
        !html.contains(r#"<meta name="description" content="">"#),
        "not empty"
    );
    assert!(html.contains(&format!(
        r#"<meta property="og:image" content="{base}/static/card.png?v="#
    )));
    assert!(html.contains(r#"<meta name="twitter:card" content="summary_large_image">"#));
    assert!(html.contains(r#"<link rel="icon" href="/static/favicon.svg?v="#));
    assert!(html.contains(r#"<link rel="manifest" href="/manifest.webmanifest">"#));
    assert_eq!(html.matches("</head>").count(), 1);
    // Rendered once: the second answer is the same bytes.
    let again = get(&app, &format!("/archive/{slug}"), None)
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(again, html);

    let list = get(&app, "/archive", None).await.text().await.unwrap();
    assert!(
        list.contains(&format!(
            r#"<link rel="canonical" href="{base}/archive?lang=fr">"#
        )),
        "{list}"
    );
    let signup = get(&app, "/", None).await.text().await.unwrap();
    assert!(signup.contains(&format!(r#"<link rel="canonical" href="{base}/?lang=fr">"#)));
    assert!(signup.contains(r#"<meta property="og:locale" content="fr_FR">"#));
    assert!(!signup.contains("noindex"));
    // A reader's own page is for nobody else: never indexed.
    let ask = get(&app, "/preferences", None).await.text().await.unwrap();
    assert!(ask.contains(r#"<meta name="robots" content="noindex">"#));

    let robots = get(&app, "/robots.txt", None).await.text().await.unwrap();
    assert!(robots.contains("Disallow: /admin\n") && robots.contains("Disallow: /preferences\n"));
    assert!(
        robots.contains(&format!("Sitemap: {base}/sitemap.xml")),
        "{robots}"
    );
    let sitemap = get(&app, "/sitemap.xml", None).await;
    assert!(header(&sitemap, "content-type").starts_with("application/xml"));
    let sitemap = sitemap.text().await.unwrap();
    assert!(
        sitemap.contains(&format!("<loc>{base}/archive/{slug}</loc><lastmod>")),
        "{sitemap}"
    );
    assert!(sitemap.contains(&format!("<loc>{base}/</loc>")));

    let manifest: serde_json::Value = get(&app, "/manifest.webmanifest", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(manifest["short_name"], "Caravan");
    let icon = manifest["icons"][0]["src"].as_str().unwrap().to_owned();
    let icon = get(&app, &icon, None).await;
    assert_eq!(header(&icon, "content-type"), "image/svg+xml");
    let card = get(&app, "/static/card.png", None)
        .await
        .bytes()
        .await
        .unwrap();
    assert!(card.starts_with(b"\x89PNG"), "a PNG");
}

async fn public_pages_are_compressed_and_pages_with_secrets_are_not(db: Db) {
    let app = TestApp::spawn(db).await;
    let slug = a_sent_issue(&app).await;
    let plain = get(&app, &format!("/archive/{slug}"), None)
        .await
        .text()
        .await
        .unwrap();
    let gzipped = get(&app, &format!("/archive/{slug}"), Some("gzip")).await;
    assert_eq!(header(&gzipped, "content-encoding"), "gzip");
    let bytes = gzipped.bytes().await.unwrap();
    assert!(
        bytes.len() * 2 < plain.len(),
        "{} of {}",
        bytes.len(),
        plain.len()
    );
    let mut unzipped = String::new();
    flate2::read::GzDecoder::new(&bytes[..])
        .read_to_string(&mut unzipped)
        .unwrap();
    assert_eq!(unzipped, plain);
    let brotli = get(&app, "/static/caravan.css", Some("br")).await;
    assert_eq!(header(&brotli, "content-encoding"), "br");

    // The admin's pages (CSRF tokens) and the preference page (a reader's token): never.
    for path in ["/admin/login", "/preferences"] {
        let answer = get(&app, path, Some("gzip, br")).await;
        assert_eq!(header(&answer, "content-encoding"), "", "{path}");
    }
}

async fn versioned_assets_are_cached_for_a_year(db: Db) {
    let app = TestApp::spawn(db).await;
    let signup = get(&app, "/", None).await.text().await.unwrap();
    let start = signup.find("/static/caravan.css?v=").unwrap();
    let link = &signup[start..signup[start..].find('"').unwrap() + start];
    let versioned = get(&app, link, None).await;
    assert_eq!(
        header(&versioned, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    let stale = get(&app, "/static/caravan.css?v=1", None).await;
    assert_eq!(header(&stale, "cache-control"), "public, max-age=3600");
}

/// Words inside the stories, not only titles, with French stemming and accents ignored.
async fn the_archive_finds_issues_by_the_words_of_their_stories(db: Db) {
    let app = TestApp::spawn(db).await;
    let slug = a_sent_issue(&app).await;
    // The send indexed its issue when it finished.
    assert_eq!(app.sql_number("SELECT COUNT(*) FROM issue_search").await, 1);
    // An issue the index lacks (sent before it existed) is found all the same: the first
    // search fills it in.
    app.sql("DELETE FROM issue_search").await;
    let search = |q: &str| {
        let app = &app;
        let q = q.to_owned();
        async move {
            let encoded: String = url::form_urlencoded::byte_serialize(q.as_bytes()).collect();
            let page = app
                .client
                .get(app.url(&format!("/archive?q={encoded}")))
                .send()
                .await
                .unwrap();
            assert_eq!(page.status(), StatusCode::OK);
            page.text().await.unwrap()
        }
    };
    let link = format!(r#"href="/archive/{slug}""#);
    // "agro-industriel" is in the text of the Kazakh–Kyrgyz story only, never in a title.
    let found = search("agro-industriel").await;
    assert!(found.contains(&link), "{found}");
    assert!(
        found.contains("1 lettre parle de « agro-industriel »"),
        "{found}"
    );
    // A plural and no accents find "coopération".
    assert!(search("cooperations").await.contains(&link));
    // Every word must be there.
    let none = search("coopération pingouin").await;
    assert!(!none.contains(&link));
    assert!(none.contains("Aucune lettre ne parle de"), "{none}");
    // Whatever is typed, an answer: quotes, FTS syntax, nothing but punctuation.
    for odd in ["\"", "a OR b NOT", "*", "« » ;", "NEAR(x y)"] {
        search(odd).await;
    }
    // A second search reads the index built by the first.
    assert!(search("Khiva").await.contains(&link));
}

both_databases!(
    the_archive_finds_issues_by_the_words_of_their_stories,
    a_shared_issue_shows_a_card_and_search_engines_find_every_issue,
    public_pages_are_compressed_and_pages_with_secrets_are_not,
    versioned_assets_are_cached_for_a_year,
);
