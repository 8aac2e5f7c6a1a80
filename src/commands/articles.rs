use std::path::{Path, PathBuf};

use super::with_store;
use crate::articles::{SyncReport, Written, article_topics, import_file, sync_folder};
use crate::config::Settings;

/// `caravan articles import FILE…`: one line for each file; fails at the end if any failed.
pub fn import_articles(dir: &Path, files: &[PathBuf], force: bool) -> anyhow::Result<()> {
    let mut failed = 0;
    for file in files {
        match import_file(dir, file, force) {
            Ok(report) => {
                let what = match report.written {
                    Written::Created => "wrote",
                    Written::Replaced => "replaced",
                    Written::Unchanged => "unchanged",
                };
                let derived = if report.imported.title_derived {
                    " (title derived from the text)"
                } else {
                    ""
                };
                let front = &report.imported.file.front;
                // What the next sync will tag it with, for the editor to check now.
                let topics = article_topics(front, &report.imported.file.body)
                    .map(|t| t.join(", "))
                    .unwrap_or_default();
                println!(
                    "{what} {} ← {}: {}{derived} [topics: {}]",
                    report.target.display(),
                    file.display(),
                    front.title,
                    if topics.is_empty() { "none" } else { &topics }
                );
            }
            Err(error) => {
                eprintln!("caravan: {error}");
                failed += 1;
            }
        }
    }
    anyhow::ensure!(
        failed == 0,
        "{failed} of {} files could not be imported",
        files.len()
    );
    Ok(())
}

/// `caravan articles sync`.
pub async fn sync_articles(settings: &Settings) -> anyhow::Result<()> {
    let report = with_store(settings, |store| async move {
        Ok(sync_folder(&store, &settings.articles_dir).await?)
    })
    .await?;
    print_sync_report(&report)
}

/// Says what a sync did; fails when a file could not be loaded (the others were).
pub fn print_sync_report(report: &SyncReport) -> anyhow::Result<()> {
    for slug in &report.added {
        println!("added {slug}");
    }
    for slug in &report.updated {
        println!("updated {slug}");
    }
    println!(
        "{} added, {} updated, {} unchanged",
        report.added.len(),
        report.updated.len(),
        report.unchanged
    );
    for problem in &report.problems {
        eprintln!("caravan: {}: {}", problem.path.display(), problem.reason);
    }
    anyhow::ensure!(
        report.problems.is_empty(),
        "{} article files could not be loaded",
        report.problems.len()
    );
    Ok(())
}

/// `caravan articles list`.
pub async fn list_articles(settings: &Settings) -> anyhow::Result<()> {
    let articles = with_store(
        settings,
        |store| async move { Ok(store.list_articles().await?) },
    )
    .await?;
    for article in articles {
        let date = article
            .date
            .map_or("          ".to_owned(), |d| d.to_string());
        println!(
            "{date}  {}  {}  [{}]",
            article.slug,
            article.title,
            article.topics.0.join(", ")
        );
    }
    Ok(())
}

/// `caravan articles correct SLUG --note "…" [--dry-run]`.
pub async fn correct_article(
    settings: &Settings,
    slug: &str,
    note: &str,
    dry_run: bool,
) -> anyhow::Result<()> {
    use crate::corrections::{Note, publish};
    let note = Note::parse(note).map_err(|e| anyhow::anyhow!("--note: {e}"))?;
    let published = with_store(settings, |store| async move {
        Ok(publish(&store, &settings.articles_dir, slug, &note, dry_run).await?)
    })
    .await?;
    let Some(recorded) = published.recorded else {
        println!("The correction would reach {} readers.", published.readers);
        return Ok(());
    };
    match (recorded.letter_issue_id, recorded.send_at) {
        (Some(letter), Some(at)) => println!(
            "Correction {} published. Letter {letter} to {} readers goes out at {}{}.",
            recorded.correction_id,
            published.readers,
            at.with_timezone(&settings.timezone)
                .format("%Y-%m-%d %H:%M %Z"),
            if recorded.merged {
                " (with the correction already waiting)"
            } else {
                ""
            },
        ),
        _ => println!(
            "Correction {} published. No reader was sent the story: no letter.",
            recorded.correction_id
        ),
    }
    if let Some(problem) = published.file_problem {
        eprintln!("caravan: the article's file was not changed: {problem}");
    }
    Ok(())
}
