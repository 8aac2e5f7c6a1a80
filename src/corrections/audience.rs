//! Who a correction is for: every reader the delivery ledger says was sent the story (their
//! copy carried its group: the copy was cut by the topics recorded with the delivery), who is
//! still subscribed and mailed, and whose topics still take the story. Readers who joined
//! later have no delivery; readers who left or were skipped are not `sent`.
//!
//! Copies are cut by a few dozen topic sets and readers choose among as few: each distinct
//! value is judged here once, and the database then selects the readers by those values
//! (`AudienceFilter`), so a million readers never pass through this process.
use std::collections::BTreeSet;

use crate::digest::Edition;
use crate::store::{AudienceFilter, Store, StoreError};
use crate::topics::{TopicChoice, TopicSet, catalogue};

/// The readers to write to about article `article_id`, as a filter, and how many it takes.
#[tracing::instrument(name = "corrections.audience", skip(store))]
pub async fn audience(store: &Store, article_id: i64) -> Result<(AudienceFilter, i64), StoreError> {
    let mut filter = AudienceFilter::default();
    let mut choices: BTreeSet<Option<String>> = BTreeSet::new();
    let mut story_topics = TopicSet::default();
    for issue_id in store.issues_carrying(article_id).await? {
        let Some((issue, articles)) = store.issue_with_articles(issue_id).await? else {
            continue;
        };
        let Some(article) = articles.iter().find(|a| a.id == article_id) else {
            continue;
        };
        let catalogue = catalogue();
        story_topics = article
            .topics
            .0
            .iter()
            .filter_map(|slug| catalogue.index_of(slug))
            .collect();
        let edition = Edition::of(&articles);
        let carried = |cut: &Option<String>| {
            let selection = edition.selection_for(&issue, TopicChoice::from_column(cut.as_deref()));
            edition
                .articles(&selection, &articles)
                .iter()
                .any(|a| a.id == article_id)
        };
        let pairs = store.sent_cuts(issue_id).await?;
        let cuts: BTreeSet<Option<String>> = pairs.iter().map(|(cut, _)| cut.clone()).collect();
        choices.extend(pairs.into_iter().map(|(_, choice)| choice));
        filter.issues.push((
            issue_id,
            cuts.into_iter().filter(|cut| carried(cut)).collect(),
        ));
    }
    let wants = |choice: &Option<String>| {
        let choice = TopicChoice::from_column(choice.as_deref());
        choice == TopicChoice::Every
            || story_topics.is_empty()
            || choice.set().intersects(story_topics)
    };
    filter.wanting = choices.into_iter().filter(|c| wants(c)).collect();
    let readers = store.count_audience(&filter).await?;
    Ok((filter, readers))
}
