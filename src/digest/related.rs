//! Grouping related stories under one lead.
//!
//! How it decides. Each article is reduced to its *subject*:
//! - its **main countries**, counted as the article tagger counts them (`topics::Mentions`,
//!   the words of `articles/topics.toml`: Kazakhstan, kazakh, kazakho-…, Astana, Tokaïev…);
//!   a country is main when it is named at least twice and at least 40 % as often as the
//!   most named one. An article that names four or five of the states is about the region
//!   as a whole (a C5 summit) and gets all five.
//! - its **people**: surnames of the -ev/-ov/-iev form, folded so that transliterations meet
//!   (Mirziyoyev and Mirzioïev both become `mirzioiev`, Tokayev and Tokaïev `tokaiev`).
//!
//! Two articles are related when they share two main countries and their main countries
//! mostly coincide (Jaccard ≥ 2/3: the same bilateral relation), or when they share two
//! people (the same meeting). Groups are the connected sets of that relation. A country's
//! president alone is not enough: Tokaïev appears in every Kazakh story.
use std::collections::BTreeSet;

use crate::topics::{Mentions, TopicSet, catalogue, fold_word};

/// What a story is about, for grouping: its main countries and the people it names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Subject {
    pub countries: TopicSet,
    pub people: BTreeSet<String>,
}

impl Subject {
    pub fn of(text: &str) -> Self {
        let catalogue = catalogue();
        let mentions = Mentions::of(text, catalogue);
        let countries = if mentions.names_the_region(catalogue) {
            catalogue.states()
        } else {
            mentions.main_states(catalogue)
        };
        let people = text
            .split(|c: char| !(c.is_alphanumeric() || c == '-'))
            .filter(|w| w.starts_with(char::is_uppercase))
            .map(fold_word)
            .filter(|w| w.len() >= 5 && ["ev", "ov"].iter().any(|e| w.ends_with(e)))
            .collect();
        Self { countries, people }
    }

    pub fn related(&self, other: &Self) -> bool {
        let shared = self.countries.intersection(other.countries).len();
        let union = self.countries.union(other.countries).len();
        let same_relation = shared >= 2 && shared * 3 >= union * 2;
        let same_people = self.people.intersection(&other.people).count() >= 2;
        same_relation || same_people
    }
}

/// A lead story and the stories on the same subject, as indexes into the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub lead: usize,
    pub related: Vec<usize>,
}

/// Groups `subjects` (one per article, in the order the digest should follow) into connected
/// sets of related stories. The lead of a group is its first member in that order; groups
/// come in the order of their leads.
pub fn group_related(subjects: &[Subject]) -> Vec<Group> {
    let mut parent: Vec<usize> = (0..subjects.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for a in 0..subjects.len() {
        for b in a + 1..subjects.len() {
            if subjects[a].related(&subjects[b]) {
                let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                parent[ra.max(rb)] = ra.min(rb);
            }
        }
    }
    let mut groups: Vec<Group> = Vec::new();
    for i in 0..subjects.len() {
        let r = root(&mut parent, i);
        match groups.iter_mut().find(|g| g.lead == r) {
            Some(group) => group.related.push(i),
            None => groups.push(Group {
                lead: i,
                related: Vec::new(),
            }),
        }
    }
    groups
}

#[cfg(test)]
#[path = "related_tests.rs"]
mod tests;
