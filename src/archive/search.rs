//! `GET /archive?q=`: words searched in the stories of every sent issue, not only their
//! titles, with French stemming ("coopérations" finds "coopération") and accents ignored.
//! The index is filled here, the first time a search meets a sent issue it lacks.
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

/// Indexes the sent issues the index lacks (all of them, the first time).
async fn fill_index(store: &Store) -> Result<(), StoreError> {
    for id in store.unindexed_sent_issues().await? {
        if let Some((issue, articles)) = store.issue_with_articles(id).await? {
            let text = issue_text(&issue, &articles);
            let folded: Vec<String> = folded_words(&text).collect();
            store
                .index_issue(id, &stems(&text).join(" "), &folded.join(" "))
                .await?;
        }
    }
    Ok(())
}

/// Sent issues holding every word of `query`, best first; none for a query without words.
pub async fn search_archive(store: &Store, query: &str) -> Result<Vec<IssueRow>, StoreError> {
    let query: String = query.chars().take(MAX_QUERY_CHARS).collect();
    let terms = stems(&query);
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    fill_index(store).await?;
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
