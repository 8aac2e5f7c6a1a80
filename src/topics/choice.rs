//! What a reader chose: every topic (the default, which takes in topics added later), or
//! some of them. Stored in `subscribers.topics`: NULL for every topic, else a JSON array of
//! slugs.
use super::catalogue::{TopicSet, UnknownTopic, catalogue};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum TopicChoice {
    #[default]
    Every,
    Only(TopicSet),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChoiceError {
    #[error("choose at least one topic")]
    Empty,
    #[error(transparent)]
    Unknown(#[from] UnknownTopic),
}

impl TopicChoice {
    /// The choice these slugs make: all of them is every topic; none is refused.
    pub fn from_slugs<S: AsRef<str>>(slugs: &[S]) -> Result<Self, ChoiceError> {
        let set = catalogue().set_of(slugs)?;
        Self::from_set(set)
    }

    fn from_set(set: TopicSet) -> Result<Self, ChoiceError> {
        if set.is_empty() {
            Err(ChoiceError::Empty)
        } else if set == catalogue().all() {
            Ok(Self::Every)
        } else {
            Ok(Self::Only(set))
        }
    }

    /// The topics this choice takes in today.
    pub fn set(self) -> TopicSet {
        match self {
            Self::Every => catalogue().all(),
            Self::Only(set) => set,
        }
    }

    pub fn contains(self, index: usize) -> bool {
        self.set().contains(index)
    }

    pub fn slugs(self) -> Vec<String> {
        catalogue().slugs(self.set())
    }

    /// The column's value.
    pub fn to_column(self) -> Option<String> {
        match self {
            Self::Every => None,
            Self::Only(set) => {
                Some(serde_json::to_string(&catalogue().slugs(set)).expect("strings serialise"))
            }
        }
    }

    /// Reads the column. Slugs no longer in the list are dropped; a choice left with none
    /// reads as every topic, so a reader is never silently left without letters.
    pub fn from_column(column: Option<&str>) -> Self {
        let Some(json) = column else {
            return Self::Every;
        };
        let slugs: Vec<String> = serde_json::from_str(json).unwrap_or_default();
        let catalogue = catalogue();
        let set = slugs.iter().filter_map(|s| catalogue.index_of(s)).collect();
        Self::from_set(set).unwrap_or(Self::Every)
    }
}

impl From<Option<String>> for TopicChoice {
    fn from(column: Option<String>) -> Self {
        Self::from_column(column.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_topic_is_stored_as_null_and_some_as_their_slugs() {
        let all: Vec<String> = catalogue().slugs(catalogue().all());
        assert_eq!(TopicChoice::from_slugs(&all), Ok(TopicChoice::Every));
        assert_eq!(TopicChoice::Every.to_column(), None);
        let some = TopicChoice::from_slugs(&["asie-centrale", "kirghizistan"]).unwrap();
        let column = some.to_column().unwrap();
        assert_eq!(column, r#"["kirghizistan","asie-centrale"]"#);
        assert_eq!(TopicChoice::from_column(Some(&column)), some);
        assert_eq!(TopicChoice::from_column(None), TopicChoice::Every);
    }

    #[test]
    fn no_topic_or_an_unknown_one_is_refused() {
        let none: [&str; 0] = [];
        assert_eq!(TopicChoice::from_slugs(&none), Err(ChoiceError::Empty));
        assert!(matches!(
            TopicChoice::from_slugs(&["mongolie"]),
            Err(ChoiceError::Unknown(_))
        ));
    }

    #[test]
    fn a_stored_choice_of_topics_since_removed_reads_as_every_topic() {
        assert_eq!(
            TopicChoice::from_column(Some(r#"["mongolie"]"#)),
            TopicChoice::Every
        );
        assert_eq!(
            TopicChoice::from_column(Some(r#"["mongolie","tadjikistan"]"#)),
            TopicChoice::from_slugs(&["tadjikistan"]).unwrap()
        );
    }
}
