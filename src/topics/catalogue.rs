//! The list of topics, read once from `articles/topics.toml` (compiled in), and `TopicSet`,
//! a set of them as one machine word: what articles carry, readers choose, and each
//! reader's copy of a digest is cut by.
use std::sync::LazyLock;

use serde::Deserialize;

use super::fold::fold_phrase;
use crate::domain::Lang;

/// The most topics a catalogue may hold: a `TopicSet` is one `u64`.
pub const MAX_TOPICS: usize = 64;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogueFile {
    topic: Vec<TopicEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicEntry {
    slug: String,
    fr: String,
    en: String,
    words: Vec<String>,
    #[serde(default)]
    regional: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    pub slug: String,
    pub fr: String,
    pub en: String,
    /// Each word folded, split into its parts (`asie centrale` is two).
    pub words: Vec<Vec<String>>,
    pub regional: bool,
}

impl Topic {
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CatalogueError {
    #[error("topics.toml is not valid: {0}")]
    Toml(String),
    #[error("topics.toml: the slug {0:?} must be lower-case ASCII words and hyphens, once")]
    Slug(String),
    #[error("topics.toml holds no topic, or more than {MAX_TOPICS}")]
    Count,
    #[error("topics.toml: the topic {0:?} has no words")]
    NoWords(String),
}

#[derive(Debug)]
pub struct Catalogue {
    topics: Vec<Topic>,
}

/// The topics file, as compiled into the binary.
pub const TOPICS_TOML: &str = include_str!("../../articles/topics.toml");

static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(|| {
    Catalogue::parse(TOPICS_TOML).expect("articles/topics.toml is valid (a unit test reads it)")
});

/// The newsroom's topics.
pub fn catalogue() -> &'static Catalogue {
    &CATALOGUE
}

impl Catalogue {
    pub fn parse(text: &str) -> Result<Self, CatalogueError> {
        let file: CatalogueFile =
            toml::from_str(text).map_err(|e| CatalogueError::Toml(e.message().to_owned()))?;
        if file.topic.is_empty() || file.topic.len() > MAX_TOPICS {
            return Err(CatalogueError::Count);
        }
        let mut topics: Vec<Topic> = Vec::with_capacity(file.topic.len());
        for entry in file.topic {
            let slug_ok = crate::articles::slugify(&entry.slug) == entry.slug
                && !topics.iter().any(|t| t.slug == entry.slug);
            if !slug_ok {
                return Err(CatalogueError::Slug(entry.slug));
            }
            let words: Vec<Vec<String>> = entry
                .words
                .iter()
                .map(|w| fold_phrase(w))
                .filter(|parts| !parts.is_empty())
                .collect();
            if words.is_empty() {
                return Err(CatalogueError::NoWords(entry.slug));
            }
            topics.push(Topic {
                slug: entry.slug,
                fr: entry.fr,
                en: entry.en,
                words,
                regional: entry.regional,
            });
        }
        Ok(Self { topics })
    }

    pub fn topics(&self) -> &[Topic] {
        &self.topics
    }

    pub fn topic(&self, index: usize) -> &Topic {
        &self.topics[index]
    }

    pub fn index_of(&self, slug: &str) -> Option<usize> {
        self.topics.iter().position(|t| t.slug == slug)
    }

    /// Every topic.
    pub fn all(&self) -> TopicSet {
        TopicSet(u64::MAX >> (MAX_TOPICS - self.topics.len()))
    }

    /// The countries: every topic that is not the region as a whole.
    pub fn states(&self) -> TopicSet {
        self.topics
            .iter()
            .enumerate()
            .filter(|(_, t)| !t.regional)
            .map(|(i, _)| i)
            .collect()
    }

    /// The set these slugs name, or the first slug that names no topic.
    pub fn set_of<S: AsRef<str>>(&self, slugs: &[S]) -> Result<TopicSet, UnknownTopic> {
        let mut set = TopicSet::EMPTY;
        for slug in slugs {
            let slug = slug.as_ref().trim();
            let index = self
                .index_of(slug)
                .ok_or_else(|| UnknownTopic(slug.to_owned()))?;
            set.insert(index);
        }
        Ok(set)
    }

    /// The slugs of a set, in the catalogue's order.
    pub fn slugs(&self, set: TopicSet) -> Vec<String> {
        set.iter()
            .filter(|&i| i < self.topics.len())
            .map(|i| self.topics[i].slug.clone())
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("there is no topic {0:?}")]
pub struct UnknownTopic(pub String);

/// A set of topics of the catalogue, by their position in it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TopicSet(u64);

impl TopicSet {
    pub const EMPTY: TopicSet = TopicSet(0);

    pub fn insert(&mut self, index: usize) {
        self.0 |= 1 << index;
    }

    pub fn contains(self, index: usize) -> bool {
        index < MAX_TOPICS && self.0 & (1 << index) != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    pub fn intersects(self, other: TopicSet) -> bool {
        self.0 & other.0 != 0
    }

    pub fn intersection(self, other: TopicSet) -> TopicSet {
        TopicSet(self.0 & other.0)
    }

    pub fn union(self, other: TopicSet) -> TopicSet {
        TopicSet(self.0 | other.0)
    }

    pub fn iter(self) -> impl Iterator<Item = usize> {
        (0..MAX_TOPICS).filter(move |&i| self.contains(i))
    }

    pub fn bits(self) -> u64 {
        self.0
    }

    pub fn from_bits(bits: u64) -> Self {
        Self(bits)
    }
}

impl FromIterator<usize> for TopicSet {
    fn from_iter<I: IntoIterator<Item = usize>>(iter: I) -> Self {
        let mut set = TopicSet::EMPTY;
        for index in iter {
            set.insert(index);
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newsrooms_file_holds_five_countries_and_the_region() {
        let c = catalogue();
        let slugs: Vec<&str> = c.topics().iter().map(|t| t.slug.as_str()).collect();
        assert_eq!(
            slugs,
            [
                "kazakhstan",
                "kirghizistan",
                "ouzbekistan",
                "tadjikistan",
                "turkmenistan",
                "asie-centrale"
            ]
        );
        assert_eq!(c.states().len(), 5);
        assert_eq!(c.all().len(), 6);
        assert_eq!(c.topic(2).name(Lang::Fr), "Ouzbékistan");
        assert_eq!(c.topic(1).name(Lang::En), "Kyrgyzstan");
        assert!(c.topic(5).regional);
    }

    #[test]
    fn slugs_and_sets_go_both_ways() {
        let c = catalogue();
        let set = c.set_of(&["ouzbekistan", "kazakhstan"]).unwrap();
        assert_eq!(c.slugs(set), ["kazakhstan", "ouzbekistan"]);
        assert_eq!(
            c.set_of(&["kazakhstan", "mongolie"]),
            Err(UnknownTopic("mongolie".into()))
        );
        assert!(set.intersects(c.set_of(&["kazakhstan"]).unwrap()));
        assert!(!set.intersects(c.set_of(&["asie-centrale"]).unwrap()));
    }

    #[test]
    fn a_broken_file_is_refused_with_its_reason() {
        assert_eq!(
            Catalogue::parse(
                "[[topic]]\nslug = \"Pays Bas\"\nfr = \"x\"\nen = \"x\"\nwords = [\"x\"]"
            )
            .unwrap_err(),
            CatalogueError::Slug("Pays Bas".into())
        );
        assert_eq!(
            Catalogue::parse("[[topic]]\nslug = \"a\"\nfr = \"x\"\nen = \"x\"\nwords = []")
                .unwrap_err(),
            CatalogueError::NoWords("a".into())
        );
        assert!(matches!(
            Catalogue::parse("topic = 3"),
            Err(CatalogueError::Toml(_))
        ));
    }
}
