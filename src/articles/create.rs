//! A new article from a form or the API: checked field by field, written to the articles
//! folder (which stays the source of truth: `caravan articles sync` reads it back the same),
//! then stored so it is listed at once.
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::sync::read_article;
use super::{ArticleFile, FrontMatter, slugify};
use crate::domain::has_control_characters;
use crate::store::{Store, StoreError};

pub const MAX_TITLE_CHARS: usize = 300;
pub const MAX_TAG_CHARS: usize = 50;

/// An article as an editor typed it.
#[derive(Debug, Clone, Default)]
pub struct ArticleDraft {
    pub title: String,
    /// `YYYY-MM-DD`, or empty.
    pub date: String,
    pub summary: String,
    pub caption: String,
    pub source: String,
    pub url: String,
    pub tags: Vec<String>,
    /// Slugs of `articles/topics.toml`; empty: the tagger's, at each sync.
    pub topics: Vec<String>,
    pub lang: String,
    pub body: String,
    /// Empty: made from the title.
    pub slug: String,
}

/// What is wrong with one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    Required,
    TooLong,
    BadDate,
    BadUrl,
    BadLang,
    BadSlug,
    /// A control character (a NUL, a backspace…) that has no place in the field.
    BadCharacters,
    UnknownTopic,
}

#[derive(Debug, thiserror::Error)]
pub enum CreateArticleError {
    #[error("{field}: {}", problem_text(*.problem))]
    Invalid {
        field: &'static str,
        problem: Problem,
    },
    #[error("an article named {0:?} already exists")]
    SlugTaken(String),
    #[error("cannot write the article file {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the written file does not read back: {0}")]
    ReadBack(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn problem_text(problem: Problem) -> &'static str {
    match problem {
        Problem::Required => "this field is required",
        Problem::TooLong => "this is too long",
        Problem::BadDate => "expected a date as YYYY-MM-DD",
        Problem::BadUrl => "expected an http:// or https:// address",
        Problem::BadLang => "expected fr or en",
        Problem::BadSlug => "expected lower-case ASCII words joined by hyphens",
        Problem::BadCharacters => {
            "this holds control characters (such as NUL) that cannot be stored"
        }
        Problem::UnknownTopic => "expected topics of articles/topics.toml, by their slugs",
    }
}

fn optional(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// The file an article draft becomes, and its slug; or the first field at fault.
pub fn article_file(draft: &ArticleDraft) -> Result<(String, ArticleFile), CreateArticleError> {
    let invalid = |field, problem| CreateArticleError::Invalid { field, problem };
    let one_line = [
        ("title", draft.title.as_str()),
        ("date", draft.date.as_str()),
        ("summary", draft.summary.as_str()),
        ("caption", draft.caption.as_str()),
        ("source", draft.source.as_str()),
        ("url", draft.url.as_str()),
        ("lang", draft.lang.as_str()),
        ("slug", draft.slug.as_str()),
    ];
    for (field, text) in one_line {
        // Line breaks and tabs are white space here, folded into spaces below.
        if has_control_characters(text, true) {
            return Err(invalid(field, Problem::BadCharacters));
        }
    }
    if draft.tags.iter().any(|t| has_control_characters(t, true)) {
        return Err(invalid("tags", Problem::BadCharacters));
    }
    if has_control_characters(&draft.body, true) {
        return Err(invalid("body", Problem::BadCharacters));
    }
    let title = draft.title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() {
        return Err(invalid("title", Problem::Required));
    }
    if title.chars().count() > MAX_TITLE_CHARS {
        return Err(invalid("title", Problem::TooLong));
    }
    let date = match draft.date.trim() {
        "" => None,
        raw => Some(
            NaiveDate::parse_from_str(raw, "%Y-%m-%d")
                .map_err(|_| invalid("date", Problem::BadDate))?,
        ),
    };
    let url = optional(&draft.url);
    if let Some(url) = &url {
        let parsed = url::Url::parse(url).map_err(|_| invalid("url", Problem::BadUrl))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(invalid("url", Problem::BadUrl));
        }
    }
    let lang = match draft.lang.trim() {
        "" | "fr" => "fr",
        "en" => "en",
        _ => return Err(invalid("lang", Problem::BadLang)),
    };
    let mut tags = Vec::new();
    for tag in draft
        .tags
        .iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
    {
        if tag.chars().count() > MAX_TAG_CHARS {
            return Err(invalid("tags", Problem::TooLong));
        }
        tags.push(tag.to_owned());
    }
    let catalogue = crate::topics::catalogue();
    let topics = catalogue
        .set_of(&draft.topics)
        .map(|set| catalogue.slugs(set))
        .map_err(|_| invalid("topics", Problem::UnknownTopic))?;
    let body = draft.body.replace("\r\n", "\n").trim().to_owned();
    if body.is_empty() {
        return Err(invalid("body", Problem::Required));
    }
    let slug = match draft.slug.trim() {
        "" => slugify(&title),
        given if slugify(given) == given => given.to_owned(),
        _ => return Err(invalid("slug", Problem::BadSlug)),
    };
    if slug.is_empty() {
        return Err(invalid("title", Problem::Required));
    }
    let front = FrontMatter {
        title,
        date,
        summary: optional(&draft.summary),
        caption: optional(&draft.caption),
        source: optional(&draft.source),
        url,
        tags,
        topics,
        lang: lang.to_owned(),
        corrections: Vec::new(),
    };
    Ok((slug, ArticleFile { front, body }))
}

/// Writes `<slug>.md` into `dir` (never over an existing file) and stores the article.
/// Returns its id and slug, as the write answered them.
#[tracing::instrument(name = "articles.create", skip_all)]
pub async fn create_article(
    store: &Store,
    dir: &Path,
    draft: &ArticleDraft,
) -> Result<(i64, String), CreateArticleError> {
    let (slug, file) = article_file(draft)?;
    let path = dir.join(format!("{slug}.md"));
    if store.article_id(&slug).await?.is_some() || path.exists() {
        return Err(CreateArticleError::SlugTaken(slug));
    }
    let write_error = |source| CreateArticleError::Write {
        path: path.clone(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(write_error)?;
    // Written aside, then linked into place: a crash leaves no half file, and a file that
    // appeared meanwhile is never replaced (the link fails instead).
    let temporary = dir.join(format!(".{slug}.md.{}.tmp", uuid::Uuid::new_v4().simple()));
    std::fs::write(&temporary, file.render()).map_err(write_error)?;
    let linked = std::fs::hard_link(&temporary, &path);
    let _ = std::fs::remove_file(&temporary);
    match linked {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(CreateArticleError::SlugTaken(slug));
        }
        Err(e) => return Err(write_error(e)),
    }
    // The file is kept only if the database takes the article too: no half-added article.
    let stored = match read_article(&path) {
        Ok(article) => store
            .upsert_article(&article)
            .await
            .map_err(CreateArticleError::Store),
        Err(reason) => Err(CreateArticleError::ReadBack(reason)),
    };
    let id = match stored {
        Ok((_, id)) => id,
        Err(error) => {
            let _ = std::fs::remove_file(&path);
            return Err(error);
        }
    };
    tracing::info!(article_id = id, %slug, "article created");
    Ok((id, slug))
}

#[cfg(test)]
#[path = "create_tests.rs"]
mod tests;
