//! Syncing the articles folder into the database, at start and on demand.
use std::path::{Path, PathBuf};

use caravan::articles::sync_folder;

use crate::helpers::{Db, TestApp, TestOptions};

/// A copy of the repository's sample articles in a folder of the test's own.
fn sample_articles(into: &Path) -> PathBuf {
    let dir = into.join("articles");
    std::fs::create_dir_all(&dir).unwrap();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("articles");
    for entry in std::fs::read_dir(samples).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
    dir
}

async fn serve_loads_the_folder_at_start(db: Db) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_articles(tmp.path());
    let app = TestApp::spawn_with(
        db,
        TestOptions {
            articles_dir: Some(dir),
            ..Default::default()
        },
    )
    .await;
    let articles = app.store.list_articles().await.unwrap();
    assert_eq!(articles.len(), 5);
    let khiva = articles
        .iter()
        .find(|a| a.slug.starts_with("renforcement-du-partenariat"))
        .unwrap();
    assert!(khiva.title.ends_with("à Khiva"));
    assert!(
        khiva
            .body_html
            .contains("<h2>Une coopération fructueuse</h2>"),
        "{}",
        khiva.body_html
    );
    assert_eq!(
        khiva.caption.as_deref(),
        Some("Kassym-Jomart Tokaïev et Shavkat Mirziyoyev")
    );
    assert_eq!(khiva.date, None);
    // Tagged at the load: Tokaïev and Mirziyoyev at Khiva, not Kyrgyzstan.
    assert_eq!(khiva.topics.0, ["kazakhstan", "ouzbekistan"]);
    let kyrgyz = articles
        .iter()
        .find(|a| a.slug.starts_with("le-kazakhstan-et-le-kirghizistan"))
        .unwrap();
    assert_eq!(kyrgyz.topics.0, ["kazakhstan", "kirghizistan"]);
}

/// The front matter's `topics` overrides the tagger; a topic that is not in the list is a
/// refused file, named with its reason, while the others load.
async fn the_front_matter_overrides_the_tagger(db: Db) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_articles(tmp.path());
    let app = TestApp::spawn(db).await;
    let kyrgyz =
        dir.join("le-kazakhstan-et-le-kirghizistan-souhaitent-intensifier-leurs-relations.md");
    let text = std::fs::read_to_string(&kyrgyz).unwrap();
    std::fs::write(
        &kyrgyz,
        text.replace(
            "lang = \"fr\"",
            "lang = \"fr\"\ntopics = [\"kirghizistan\", \"asie-centrale\"]",
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("mongolie.md"),
        "+++\ntitle = \"Oulan-Bator\"\ntopics = [\"mongolie\"]\n+++\nTexte.",
    )
    .unwrap();
    let report = sync_folder(&app.store, &dir).await.unwrap();
    assert_eq!(report.added.len(), 5);
    assert_eq!(report.problems.len(), 1);
    assert_eq!(
        report.problems[0].reason,
        "topics: there is no topic \"mongolie\""
    );
    let articles = app.store.list_articles().await.unwrap();
    let stored = articles
        .iter()
        .find(|a| a.slug.starts_with("le-kazakhstan-et-le-kirghizistan"))
        .unwrap();
    assert_eq!(stored.topics.0, ["kirghizistan", "asie-centrale"]);

    // Taken out again, the tagger's topics come back at the next sync.
    std::fs::write(&kyrgyz, &text).unwrap();
    let again = sync_folder(&app.store, &dir).await.unwrap();
    assert_eq!(again.updated.len(), 1);
    let articles = app.store.list_articles().await.unwrap();
    let stored = articles
        .iter()
        .find(|a| a.slug.starts_with("le-kazakhstan-et-le-kirghizistan"))
        .unwrap();
    assert_eq!(stored.topics.0, ["kazakhstan", "kirghizistan"]);
}

async fn sync_adds_updates_and_reports_broken_files_while_loading_the_rest(db: Db) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_articles(tmp.path());
    let app = TestApp::spawn(db).await;
    let first = sync_folder(&app.store, &dir).await.unwrap();
    assert_eq!(
        (first.added.len(), first.updated.len(), first.unchanged),
        (5, 0, 0)
    );

    let again = sync_folder(&app.store, &dir).await.unwrap();
    assert_eq!(
        (again.added.len(), again.updated.len(), again.unchanged),
        (0, 0, 5)
    );

    let edited =
        dir.join("le-kazakhstan-et-le-kirghizistan-souhaitent-intensifier-leurs-relations.md");
    let text = std::fs::read_to_string(&edited).unwrap();
    std::fs::write(
        &edited,
        text.replace("lang = \"fr\"", "lang = \"fr\"\ndate = 2024-04-19"),
    )
    .unwrap();
    std::fs::write(dir.join("broken.md"), "+++\ntitle = \n+++\nx").unwrap();
    std::fs::write(dir.join("Not A Slug.md"), "+++\ntitle = \"x\"\n+++\nx").unwrap();
    std::fs::write(
        dir.join("nouvel-article.md"),
        "+++\ntitle = \"Nouvel article\"\nsummary = \"Un résumé.\"\n+++\n\nTexte <script>x</script> **gras**.",
    )
    .unwrap();
    let third = sync_folder(&app.store, &dir).await.unwrap();
    assert_eq!(third.added, vec!["nouvel-article".to_owned()]);
    assert_eq!(
        third.updated,
        vec!["le-kazakhstan-et-le-kirghizistan-souhaitent-intensifier-leurs-relations".to_owned()]
    );
    assert_eq!(third.unchanged, 4);
    let problems: Vec<String> = third
        .problems
        .iter()
        .map(|p| {
            format!(
                "{}: {}",
                p.path.file_name().unwrap().to_string_lossy(),
                p.reason
            )
        })
        .collect();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("Not A Slug.md: the file name must be a slug")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("broken.md: the front matter is not valid")),
        "{problems:?}"
    );

    let articles = app.store.list_articles().await.unwrap();
    assert_eq!(articles.len(), 6);
    assert_eq!(
        articles[0].date,
        chrono::NaiveDate::from_ymd_opt(2024, 4, 19),
        "dated articles first"
    );
    let new = articles
        .iter()
        .find(|a| a.slug == "nouvel-article")
        .unwrap();
    assert!(new.body_html.contains("<strong>gras</strong>"));
    assert!(!new.body_html.contains("<script"), "{}", new.body_html);
    assert_eq!(new.summary.as_deref(), Some("Un résumé."));
}

both_databases!(
    serve_loads_the_folder_at_start,
    the_front_matter_overrides_the_tagger,
    sync_adds_updates_and_reports_broken_files_while_loading_the_rest,
);
