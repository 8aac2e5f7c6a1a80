//! The topic check boxes of the sign-up form and the preference page
//! (`templates/topic_boxes.html`): every topic, in the reader's language, each ticked or not.
use crate::domain::Lang;
use crate::topics::{TopicChoice, catalogue};

pub struct TopicBox {
    pub slug: String,
    pub name: String,
    pub checked: bool,
}

pub struct TopicBoxes {
    pub boxes: Vec<TopicBox>,
    pub error: Option<&'static str>,
}

impl TopicBoxes {
    /// The boxes for a choice already made.
    pub fn of(lang: Lang, choice: TopicChoice) -> Self {
        let set = choice.set();
        let boxes = catalogue()
            .topics()
            .iter()
            .enumerate()
            .map(|(index, topic)| TopicBox {
                slug: topic.slug.clone(),
                name: topic.name(lang).to_owned(),
                checked: set.contains(index),
            })
            .collect();
        Self { boxes, error: None }
    }

    /// The boxes as a form came back: those it ticked (every one when it sent none).
    pub fn ticked(lang: Lang, slugs: Option<&[String]>) -> Self {
        let mut boxes = Self::of(lang, TopicChoice::Every);
        if let Some(slugs) = slugs {
            for b in &mut boxes.boxes {
                b.checked = slugs.contains(&b.slug);
            }
        }
        boxes
    }

    pub fn with_error(mut self, error: Option<&'static str>) -> Self {
        self.error = error;
        self
    }
}
