//! `GET /archive?q=`: words searched in the stories of every sent issue, not only their
//! titles, with French stemming ("coopérations" finds "coopération") and accents ignored.
//! A send indexes its issue when it finishes; a search also fills in, at most once a minute,
//! any sent issue the index lacks (those sent before it existed).
use rust_stemmers::{Algorithm, Stemmer};

use crate::digest::plain_text;
use crate::store::{IssueArticle, IssueRow, Store, StoreError};

/// The most results a search shows.
pub const SEARCH_LIMIT: i64 = 50;
/// Longest query read, in characters; the rest is ignored.
const MAX_QUERY_CHARS: usize = 200;

/// Lower case, accents dropped, words split on anything not a letter or a digit.
fn folded_words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| deunicode::deunicode(&w.to_lowercase()))
        .filter(|w| !w.is_empty())
}

/// The words as SQLite's index holds them: each reduced to its French stem.
fn stems(text: &str) -> Vec<String> {
    let stemmer = Stemmer::create(Algorithm::French);
    folded_words(text)
        .map(|w| stemmer.stem(&w).into_owned())
        .collect()
}

/// Everything of an issue a reader may search for.
fn issue_text(issue: &IssueRow, articles: &[IssueArticle]) -> String {
    let mut text = format!(
        "{}\n{}\n",
        issue.subject,
        issue.intro.as_deref().unwrap_or("")
    );
    for a in articles {
        text.push_str(&a.title);
        text.push('\n');
        text.push_str(a.summary.as_deref().unwrap_or(""));
        text.push('\n');
        text.push_str(&plain_text(&a.body_md));
        text.push('\n');
    }
    text
}

/// Indexes one sent issue (the delivery worker calls it when a send finishes).
pub async fn index_sent_issue(store: &Store, id: i64) -> Result<(), StoreError> {
    if let Some((issue, articles)) = store.issue_with_articles(id).await? {
        let text = issue_text(&issue, &articles);
        let folded: Vec<String> = folded_words(&text).collect();
        store
            .index_issue(id, &stems(&text).join(" "), &folded.join(" "))
            .await?;
    }
    Ok(())
}

/// Indexes the sent issues the index lacks: all of them the first time (issues sent before
/// the index existed), then any whose send finished in a process that did not index it.
async fn fill_index(store: &Store) -> Result<(), StoreError> {
    for id in store.unindexed_sent_issues().await? {
        index_sent_issue(store, id).await?;
    }
    Ok(())
}

/// When a process last made sure the index held every sent issue: searches look again at
/// most once a minute, since finished sends index their issue themselves.
#[derive(Clone, Default)]
pub struct IndexCheck(std::sync::Arc<std::sync::Mutex<Option<std::time::Instant>>>);

impl IndexCheck {
    const EVERY: std::time::Duration = std::time::Duration::from_secs(60);

    /// True when the index should be checked now (and marks it checked).
    fn due(&self) -> bool {
        let mut last = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let due = last.is_none_or(|at| at.elapsed() >= Self::EVERY);
        if due {
            *last = Some(std::time::Instant::now());
        }
        due
    }
}

/// Sent issues holding every word of `query`, best first; none for a query without words.
pub async fn search_archive(
    store: &Store,
    check: &IndexCheck,
    query: &str,
) -> Result<Vec<IssueRow>, StoreError> {
    let query: String = query.chars().take(MAX_QUERY_CHARS).collect();
    let terms = stems(&query);
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    if check.due() {
        fill_index(store).await?;
    }
    // Each stem quoted: FTS5 reads it as a plain word, whatever it holds.
    let fts: Vec<String> = terms.iter().map(|t| format!("\"{t}\"")).collect();
    let folded: Vec<String> = folded_words(&query).collect();
    store
        .search_issues(&fts.join(" "), &folded.join(" "), SEARCH_LIMIT)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals_and_accents_meet_their_stem() {
        assert_eq!(stems("Coopérations"), stems("coopération"));
        assert_eq!(stems("cooperation"), stems("coopération"));
        assert_eq!(stems("L’Ouzbékistan"), ["l", "ouzbekistan"]);
        assert!(stems(" , ; ").is_empty());
    }
}
