//! Loads the articles folder into the database, keyed by slug (the file name). New files are
//! added, changed ones updated (a content hash tells), unchanged ones left alone; a file that
//! cannot be read is reported with its path and reason while the others still load.
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{ArticleFile, FrontMatter, render_html, slugify};
use crate::digest::plain_text;
use crate::store::{NewArticle, Store, StoreError, UpsertOutcome};
use crate::topics::{TOPICS_TOML, UnknownTopic, catalogue, tag};

#[derive(Debug, Default)]
pub struct SyncReport {
    pub added: Vec<String>,
    pub updated: Vec<String>,
    pub unchanged: usize,
    pub problems: Vec<SyncProblem>,
}

#[derive(Debug)]
pub struct SyncProblem {
    pub path: PathBuf,
    pub reason: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("CARAVAN_ARTICLES_DIR: cannot read the folder {}: {source}", dir.display())]
    Folder {
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Reads every `*.md` file of `dir` and brings the database in line with it.
#[tracing::instrument(name = "articles.sync", skip(store))]
pub async fn sync_folder(store: &Store, dir: &Path) -> Result<SyncReport, SyncError> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|source| SyncError::Folder {
            dir: dir.to_owned(),
            source,
        })?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    paths.sort();
    let mut report = SyncReport::default();
    for path in paths {
        let article = match read_article(&path) {
            Ok(article) => article,
            Err(reason) => {
                tracing::warn!(path = %path.display(), %reason, "article skipped");
                report.problems.push(SyncProblem { path, reason });
                continue;
            }
        };
        let slug = article.slug.clone();
        let (outcome, id) = store.upsert_article(&article).await?;
        match outcome {
            UpsertOutcome::Added => report.added.push(slug),
            UpsertOutcome::Updated => report.updated.push(slug),
            UpsertOutcome::Unchanged => report.unchanged += 1,
        }
        if outcome != UpsertOutcome::Unchanged {
            // The file is the article's record: a note it keeps is shown even if the
            // database never had it (one restored from the files), without a letter.
            let notes: Vec<_> = article
                .corrections
                .iter()
                .map(|(date, note)| {
                    let at = date
                        .and_then(|d| d.and_hms_opt(0, 0, 0))
                        .map_or_else(crate::store::now, |t| t.and_utc());
                    (at, note.clone())
                })
                .collect();
            store.keep_file_corrections(id, &notes).await?;
        }
    }
    Ok(report)
}

/// An article's topics: the front matter's when it names them (each must be a topic of the
/// list), otherwise those the tagger finds in its title, caption and text.
pub fn article_topics(front: &FrontMatter, body_md: &str) -> Result<Vec<String>, UnknownTopic> {
    let catalogue = catalogue();
    let set = if front.topics.is_empty() {
        let caption = front.caption.as_deref().unwrap_or_default();
        tag(
            &format!("{}\n{caption}\n{}", front.title, plain_text(body_md)),
            catalogue,
        )
    } else {
        catalogue.set_of(&front.topics)?
    };
    Ok(catalogue.slugs(set))
}

pub(crate) fn read_article(path: &Path) -> Result<NewArticle, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
    let text = std::str::from_utf8(&bytes).map_err(|_| "the file is not UTF-8 text".to_owned())?;
    // PostgreSQL cannot store a NUL in text: refuse the file here, with its name, rather than
    // fail the whole sync at the insert.
    if text.contains('\0') {
        return Err("the file holds NUL characters (a binary file?)".to_owned());
    }
    let slug = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_owned();
    if slug.is_empty() || slugify(&slug) != slug {
        return Err(format!(
            "the file name must be a slug (lower-case ASCII words and hyphens), such as {}.md",
            slugify(&slug)
        ));
    }
    let ArticleFile { front, body } = ArticleFile::parse(text).map_err(|e| e.to_string())?;
    let topics = article_topics(&front, &body).map_err(|e| format!("topics: {e}"))?;
    // The topics list is part of what the row is made from: a new list retags every article.
    let content_hash = Sha256::new()
        .chain_update(&bytes)
        .chain_update(TOPICS_TOML)
        .finalize();
    Ok(NewArticle {
        slug,
        title: front.title,
        date: front.date,
        summary: front.summary,
        caption: front.caption,
        source: front.source,
        url: front.url,
        tags: front.tags,
        topics,
        lang: front.lang,
        body_html: render_html(&body),
        content_hash: format!("{content_hash:x}"),
        body_md: body,
        corrections: front
            .corrections
            .into_iter()
            .map(|c| (c.date, c.note))
            .collect(),
    })
}
