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

both_databases!(the_folder_is_re_read_from_the_articles_page);
