//! How often an article names each topic, and the topics that follow from it. The digest's
//! story grouping (`digest::related`) reads the same counts, so tagging and grouping agree.
use super::catalogue::{Catalogue, TopicSet};
use super::fold::folded_words;

/// An article that names this many states is about the region as a whole (a C5 summit).
const REGIONAL_STATES: usize = 4;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mentions {
    /// One count per topic of the catalogue, in its order.
    counts: Vec<usize>,
}

impl Mentions {
    /// Counts, for each topic, the words of `text` that start with one of its words (a
    /// phrase counts where its parts follow each other).
    pub fn of(text: &str, catalogue: &Catalogue) -> Self {
        let words = folded_words(text);
        let counts = catalogue
            .topics()
            .iter()
            .map(|topic| {
                (0..words.len())
                    .filter(|&at| {
                        topic.words.iter().any(|phrase| {
                            phrase.len() <= words.len() - at
                                && phrase
                                    .iter()
                                    .zip(&words[at..])
                                    .all(|(part, word)| word.starts_with(part.as_str()))
                        })
                    })
                    .count()
            })
            .collect();
        Self { counts }
    }

    pub fn count(&self, index: usize) -> usize {
        self.counts.get(index).copied().unwrap_or(0)
    }

    /// The states named at all.
    pub fn named_states(&self, catalogue: &Catalogue) -> TopicSet {
        catalogue
            .states()
            .iter()
            .filter(|&i| self.count(i) > 0)
            .collect()
    }

    fn top_state_count(&self, catalogue: &Catalogue) -> usize {
        catalogue
            .states()
            .iter()
            .map(|i| self.count(i))
            .max()
            .unwrap_or(0)
    }

    /// The main states: named at least twice, and at least 40 % as often as the most named.
    pub fn main_states(&self, catalogue: &Catalogue) -> TopicSet {
        let top = self.top_state_count(catalogue);
        catalogue
            .states()
            .iter()
            .filter(|&i| is_main(self.count(i), top))
            .collect()
    }

    /// The story is about the region as a whole: four or more states named.
    pub fn names_the_region(&self, catalogue: &Catalogue) -> bool {
        self.named_states(catalogue).len() >= REGIONAL_STATES
    }

    /// An article's topics: its main states, and the regional topics when four or more
    /// states are named or when the region's own words come up as often as a main state's.
    pub fn topics(&self, catalogue: &Catalogue) -> TopicSet {
        let mut set = self.main_states(catalogue);
        let top = self.top_state_count(catalogue);
        let whole_region = self.names_the_region(catalogue);
        for (index, topic) in catalogue.topics().iter().enumerate() {
            let count = self.count(index);
            if topic.regional && (whole_region || (count >= 2 && count >= top)) {
                set.insert(index);
            }
        }
        set
    }
}

fn is_main(count: usize, top: usize) -> bool {
    count >= 2 && count * 10 >= top * 4
}

/// The topics of an article's text: what sync and import store unless the front matter
/// names them.
pub fn tag(text: &str, catalogue: &Catalogue) -> TopicSet {
    Mentions::of(text, catalogue).topics(catalogue)
}

#[cfg(test)]
#[path = "mentions_tests.rs"]
mod tests;
