//! Who a correction is for: every reader the delivery ledger says was sent the story (their
//! copy carried its group: the copy was cut by the topics recorded with the delivery), who is
//! still subscribed and mailed, and whose topics still take the story. Readers who joined
//! later have no delivery; readers who left or were skipped are not `sent`.
use std::collections::BTreeSet;

use crate::digest::Edition;
use crate::store::{Store, StoreError};
use crate::topics::{TopicChoice, TopicSet, catalogue};

/// The readers to write to about article `article_id`, each once.
#[tracing::instrument(name = "corrections.audience", skip(store))]
pub async fn audience(store: &Store, article_id: i64) -> Result<BTreeSet<i64>, StoreError> {
    let mut readers = BTreeSet::new();
    for issue_id in store.issues_carrying(article_id).await? {
        let Some((issue, articles)) = store.issue_with_articles(issue_id).await? else {
            continue;
        };
        let Some(article) = articles.iter().find(|a| a.id == article_id) else {
            continue;
        };
        let catalogue = catalogue();
        let story_topics: TopicSet = article
            .topics
            .0
            .iter()
            .filter_map(|slug| catalogue.index_of(slug))
            .collect();
        let edition = Edition::of(&articles);
        let carried = |choice: TopicChoice| {
            let selection = edition.selection_for(&issue, choice);
            edition
                .articles(&selection, &articles)
                .iter()
                .any(|a| a.id == article_id)
        };
        let wants = |choice: TopicChoice| {
            choice == TopicChoice::Every
                || story_topics.is_empty()
                || choice.set().intersects(story_topics)
        };
        // Copies are cut by a few dozen topic sets at most: each is checked once.
        let mut cuts = std::collections::HashMap::new();
        for reader in store.sent_readers(issue_id).await? {
            let sent = *cuts.entry(reader.sent_topics.clone()).or_insert_with(|| {
                carried(TopicChoice::from_column(reader.sent_topics.as_deref()))
            });
            if sent && wants(TopicChoice::from_column(reader.topics.as_deref())) {
                readers.insert(reader.subscriber_id);
            }
        }
    }
    Ok(readers)
}
