use serde::Deserialize;

use crate::domain::{EmailError, NameError, SubscriberEmail, SubscriberName};
use crate::i18n::Texts;
use crate::topics::{ChoiceError, TopicChoice};

/// A sign-up as it arrives, from the form or as JSON, before any of it is trusted.
#[derive(Debug, Default, Deserialize)]
pub struct SignupInput {
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    /// The honeypot: hidden from people, filled in by bots.
    #[serde(default)]
    pub website: Option<String>,
    #[serde(default)]
    pub lang: Option<String>,
    /// Slugs of the topics chosen; absent: every topic. The form sends one `topics` per box
    /// ticked and `topics_offered`, so that no box ticked is told from a form without boxes.
    #[serde(default)]
    pub topics: Option<Vec<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldError {
    EmailRequired,
    EmailInvalid,
    EmailTooLong,
    NameTooLong,
    NameHasLink,
    TopicsEmpty,
    TopicUnknown,
}

impl FieldError {
    pub fn field(self) -> &'static str {
        match self {
            FieldError::NameTooLong | FieldError::NameHasLink => "name",
            FieldError::TopicsEmpty | FieldError::TopicUnknown => "topics",
            _ => "email",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            FieldError::EmailRequired => "email_required",
            FieldError::EmailInvalid => "email_invalid",
            FieldError::EmailTooLong => "email_too_long",
            FieldError::NameTooLong => "name_too_long",
            FieldError::NameHasLink => "name_has_link",
            FieldError::TopicsEmpty => "topics_required",
            FieldError::TopicUnknown => "topic_unknown",
        }
    }

    pub fn message(self, t: &'static Texts) -> &'static str {
        match self {
            FieldError::EmailRequired => t.email_required,
            FieldError::EmailInvalid => t.email_invalid,
            FieldError::EmailTooLong => t.email_too_long,
            FieldError::NameTooLong => t.name_too_long,
            FieldError::NameHasLink => t.name_has_link,
            FieldError::TopicsEmpty => t.topics_required,
            FieldError::TopicUnknown => t.topic_unknown,
        }
    }
}

impl SignupInput {
    /// Builds the input from decoded form pairs; a repeated field counts once, first wins.
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut input = Self::default();
        for (key, value) in pairs {
            match key.as_str() {
                "topics" => {
                    input.topics.get_or_insert_with(Vec::new).push(value);
                    continue;
                }
                "topics_offered" => {
                    input.topics.get_or_insert_with(Vec::new);
                    continue;
                }
                _ => {}
            }
            let slot = match key.as_str() {
                "email" => &mut input.email,
                "name" => &mut input.name,
                "website" => &mut input.website,
                "lang" => &mut input.lang,
                _ => continue,
            };
            slot.get_or_insert(value);
        }
        input
    }

    pub fn is_bot(&self) -> bool {
        self.website
            .as_deref()
            .is_some_and(|v| !v.trim().is_empty())
    }

    /// Parses every field, reporting all that are wrong at once.
    pub fn parse(&self) -> Result<ParsedSignup, Vec<FieldError>> {
        let email = match SubscriberEmail::parse(self.email.as_deref().unwrap_or_default()) {
            Ok(email) => Ok(email),
            Err(EmailError::Empty) => Err(FieldError::EmailRequired),
            Err(EmailError::TooLong) => Err(FieldError::EmailTooLong),
            Err(EmailError::Invalid) => Err(FieldError::EmailInvalid),
        };
        let name =
            SubscriberName::parse(self.name.as_deref().unwrap_or_default()).map_err(|e| match e {
                NameError::TooLong => FieldError::NameTooLong,
                NameError::HasLink => FieldError::NameHasLink,
            });
        let topics = match &self.topics {
            None => Ok(TopicChoice::Every),
            Some(slugs) => TopicChoice::from_slugs(slugs).map_err(|e| match e {
                ChoiceError::Empty => FieldError::TopicsEmpty,
                ChoiceError::Unknown(_) => FieldError::TopicUnknown,
            }),
        };
        match (email, name, topics) {
            (Ok(email), Ok(name), Ok(topics)) => Ok(ParsedSignup {
                email,
                name,
                topics,
            }),
            (email, name, topics) => Err([email.err(), name.err(), topics.err()]
                .into_iter()
                .flatten()
                .collect()),
        }
    }
}

/// A sign-up whose every field was checked.
#[derive(Debug, Clone)]
pub struct ParsedSignup {
    pub email: SubscriberEmail,
    pub name: Option<SubscriberName>,
    pub topics: TopicChoice,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_every_bad_field() {
        let input = SignupInput {
            email: Some("nope".into()),
            name: Some("x".repeat(10_000)),
            ..Default::default()
        };
        assert_eq!(
            input.parse().unwrap_err(),
            vec![FieldError::EmailInvalid, FieldError::NameTooLong]
        );
    }

    #[test]
    fn first_value_of_a_repeated_field_wins() {
        let input = SignupInput::from_pairs(vec![
            ("email".into(), "a@example.kz".into()),
            ("email".into(), "b@example.kz".into()),
        ]);
        assert_eq!(input.email.as_deref(), Some("a@example.kz"));
    }

    #[test]
    fn ticked_boxes_are_the_topics_and_none_ticked_is_refused() {
        let pairs = |topics: &[&str]| {
            let mut pairs = vec![
                ("email".to_owned(), "a@example.kz".to_owned()),
                ("topics_offered".to_owned(), "1".to_owned()),
            ];
            pairs.extend(topics.iter().map(|t| ("topics".to_owned(), t.to_string())));
            SignupInput::from_pairs(pairs)
        };
        let two = pairs(&["kirghizistan", "asie-centrale"]).parse().unwrap();
        assert_eq!(two.topics.slugs(), ["kirghizistan", "asie-centrale"]);
        assert_eq!(
            pairs(&[]).parse().unwrap_err(),
            vec![FieldError::TopicsEmpty]
        );
        assert_eq!(
            pairs(&["mongolie"]).parse().unwrap_err(),
            vec![FieldError::TopicUnknown]
        );
        // A form or a client that offers no topics: every topic.
        let plain = SignupInput::from_pairs(vec![("email".into(), "a@example.kz".into())]);
        assert_eq!(plain.parse().unwrap().topics, TopicChoice::Every);
    }
}
