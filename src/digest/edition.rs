//! A digest's edition and each reader's copy of it. The edition is its groups of stories (a
//! lead and the stories on the same subject), each touching the topics of its stories; a
//! reader's copy carries the groups that touch one of their topics, whole and in order. A
//! group whose stories carry no topic at all (the tagger found no country) goes to everyone:
//! nobody chose to leave it out.
use super::digest_subject;
use crate::domain::Lang;
use crate::i18n::texts;
use crate::store::{IssueArticle, IssueRow};
use crate::topics::{TopicChoice, TopicSet, catalogue};

/// Which groups a copy carries, by position: what copies are rendered and cached by.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Selection(Vec<bool>);

impl Selection {
    /// Groups there were, and none is for this reader. (An issue without stories, an
    /// editor's letter of words alone, is full for everyone.)
    pub fn is_empty(&self) -> bool {
        !self.0.is_empty() && !self.0.contains(&true)
    }

    pub fn is_full(&self) -> bool {
        self.0.iter().all(|&kept| kept)
    }

    /// How many groups it carries.
    pub fn len(&self) -> usize {
        self.0.iter().filter(|&&kept| kept).count()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Group {
    /// Its stories: `articles[start..end]`, the lead first.
    start: usize,
    end: usize,
    topics: TopicSet,
}

/// An issue's groups, read once per issue from its articles in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edition {
    groups: Vec<Group>,
}

impl Edition {
    /// The groups as rendering makes them: a story starts a group when it is its own lead
    /// (or comes first); the others follow their lead.
    pub fn of(articles: &[IssueArticle]) -> Self {
        let catalogue = catalogue();
        let mut groups: Vec<Group> = Vec::new();
        for (index, article) in articles.iter().enumerate() {
            let topics: TopicSet = article
                .topics
                .0
                .iter()
                .filter_map(|slug| catalogue.index_of(slug))
                .collect();
            match groups.last_mut() {
                Some(group) if article.lead_article_id != article.id => {
                    group.end = index + 1;
                    group.topics = group.topics.union(topics);
                }
                _ => groups.push(Group {
                    start: index,
                    end: index + 1,
                    topics,
                }),
            }
        }
        Self { groups }
    }

    pub fn group_count(&self) -> usize {
        self.groups.len()
    }

    /// The groups of `issue` a reader with these topics gets: a digest's by their topics;
    /// any other issue (an editor's letter) whole, for everyone.
    pub fn selection_for(&self, issue: &IssueRow, choice: TopicChoice) -> Selection {
        match issue.kind.as_str() {
            "digest" => self.selection(choice),
            _ => self.selection(TopicChoice::Every),
        }
    }

    /// A copy as it is rendered: the whole edition under the issue's subject, or the
    /// selected groups under a subject naming their own lead story (in `lang`).
    pub fn copy(
        &self,
        issue: &IssueRow,
        articles: &[IssueArticle],
        selection: &Selection,
        lang: Lang,
    ) -> (IssueRow, Vec<IssueArticle>) {
        if selection.is_full() {
            return (issue.clone(), articles.to_vec());
        }
        let kept: Vec<IssueArticle> = self
            .articles(selection, articles)
            .into_iter()
            .cloned()
            .collect();
        let lead = kept.first().map_or("", |a| a.title.as_str());
        let subject = digest_subject(lead, selection.len().saturating_sub(1), texts(lang));
        (
            IssueRow {
                subject,
                ..issue.clone()
            },
            kept,
        )
    }

    /// The groups a reader with these topics gets.
    pub fn selection(&self, choice: TopicChoice) -> Selection {
        let set = choice.set();
        Selection(
            self.groups
                .iter()
                .map(|g| {
                    choice == TopicChoice::Every || g.topics.is_empty() || g.topics.intersects(set)
                })
                .collect(),
        )
    }

    /// The stories of a selection, in the edition's order.
    pub fn articles<'a>(
        &self,
        selection: &Selection,
        articles: &'a [IssueArticle],
    ) -> Vec<&'a IssueArticle> {
        self.groups
            .iter()
            .zip(&selection.0)
            .filter(|(_, kept)| **kept)
            .flat_map(|(g, _)| &articles[g.start..g.end.min(articles.len())])
            .collect()
    }
}

#[cfg(test)]
#[path = "edition_tests.rs"]
mod tests;
