//! The articles pages: the list, and re-reading the folder from the browser.
use reqwest::StatusCode;

use crate::admin_client::{AdminClient, account};
use crate::helpers::{Db, TestApp, TestOptions};

/// An app syncing a private copy of the sample articles, and a signed-in editor.
pub async fn with_articles_folder(db: Db) -> (TestApp, AdminClient, tempfile::TempDir) {
    let folder = tempfile::tempdir().unwrap();
    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("articles");
    for entry in std::fs::read_dir(samples).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        std::fs::copy(&path, folder.path().join(path.file_name().unwrap())).unwrap();
    }
    let app = TestApp::spawn_with(
        db,
        TestOptions {
            articles_dir: Some(folder.path().to_owned()),
            ..TestOptions::default()
        },
    )
    .await;
    account(&app, "editor@caravan.test", "editor").await;
    let browser = AdminClient::signed_in(&app, "editor@caravan.test").await;
    (app, browser, folder)
}

async fn the_folder_is_re_read_from_the_articles_page(db: Db) {
    let (app, mut browser, folder) = with_articles_folder(db).await;
    let (status, page) = browser.page("/admin/articles").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page.matches("<tr>").count(), 1 + 5, "five sample articles");
    // Each with its topics, named in the editor's language (French by default).
    assert!(
        page.contains(r#"data-topics="kazakhstan,kirghizistan">Kazakhstan, Kirghizistan</td>"#),
        "{page}"
    );
    assert!(
        page.contains(r#"data-topics="kazakhstan,asie-centrale">Kazakhstan, Asie centrale</td>"#),
        "{page}"
    );

    std::fs::write(
        folder.path().join("nouvelle-route.md"),
        "+++\ntitle = \"Une nouvelle route entre Almaty et Bichkek\"\ndate = 2026-11-20\n+++\n\nLe chantier commence.\n",
    )
    .unwrap();
    std::fs::write(folder.path().join("casse.md"), "pas de front matter").unwrap();
    let forged = browser
        .post_raw("/admin/articles/sync", &[("csrf", "x")])
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.store.list_articles().await.unwrap().len(), 5);

    let response = browser.submit("/admin/articles/sync", &[]).await;
    assert_eq!(response.status(), StatusCode::OK);
    let page = response.text().await.unwrap();
    assert!(page.contains("data-sync-added>1<"), "{page}");
    assert!(page.contains("casse.md"), "the broken file is named");
    assert!(page.contains("Une nouvelle route entre Almaty et Bichkek"));
    assert_eq!(app.store.list_articles().await.unwrap().len(), 6);
}

async fn an_article_is_added_from_the_form(db: Db) {
    let (app, mut browser, folder) = with_articles_folder(db).await;
    let (status, page) = browser.page("/admin/articles/new").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("name=\"body\""));

    // A bad date: the form comes back as typed, the field named, nothing written.
    let typed = [
        ("title", "Le Tadjikistan ouvre un nouveau poste frontière"),
        ("date", "20/11/2026"),
        ("lang", "fr"),
        ("tags", "Tadjikistan, frontières"),
        ("body", "Le poste de **Karamyk** rouvre."),
    ];
    let refused = browser.submit("/admin/articles/new", &typed).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = refused.text().await.unwrap();
    assert!(page.contains("data-error-for=\"date\""), "{page}");
    assert!(
        page.contains("Le poste de **Karamyk** rouvre."),
        "the body is kept"
    );
    assert_eq!(std::fs::read_dir(folder.path()).unwrap().count(), 5);

    let mut fixed = typed.to_vec();
    fixed[1] = ("date", "2026-11-20");
    let created = browser.submit("/admin/articles/new", &fixed).await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let slug = "le-tadjikistan-ouvre-un-nouveau-poste-frontiere";
    let file = std::fs::read_to_string(folder.path().join(format!("{slug}.md"))).unwrap();
    let parsed = caravan::articles::ArticleFile::parse(&file).unwrap();
    assert_eq!(parsed.front.date.unwrap().to_string(), "2026-11-20");
    assert_eq!(parsed.front.tags, vec!["Tadjikistan", "frontières"]);
    assert!(
        app.store.article_id(slug).await.unwrap().is_some(),
        "listed at once"
    );
    let (_, list) = browser.page("/admin/articles?notice=article_created").await;
    assert!(list.contains("Le Tadjikistan ouvre un nouveau poste frontière"));

    // The same title again would overwrite the file: refused.
    let twice = browser.submit("/admin/articles/new", &fixed).await;
    assert_eq!(twice.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        twice
            .text()
            .await
            .unwrap()
            .contains("data-error-for=\"title\"")
    );
    // A re-read of the folder finds the new file unchanged.
    let synced = browser.submit("/admin/articles/sync", &[]).await;
    assert!(synced.text().await.unwrap().contains("data-sync-added>0<"));
}

both_databases!(
    the_folder_is_re_read_from_the_articles_page,
    an_article_is_added_from_the_form,
);
