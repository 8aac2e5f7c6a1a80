//! The dashboard's "readers per topic and per language" panel: confirmed readers who get each
//! topic, and in which language they read.
use super::texts::AdminTexts;
use crate::domain::Lang;
use crate::store::TopicFigures;
use crate::topics::catalogue;

pub struct TopicLine {
    pub slug: String,
    pub name: String,
    pub readers: i64,
    /// Share of confirmed readers, as the editor's language writes it ("42 %").
    pub share: String,
}

pub struct TopicPanel {
    pub topics: Vec<TopicLine>,
    pub langs: Vec<(String, i64, String)>,
    pub every_topic: i64,
}

fn share(n: i64, of: i64) -> String {
    if of == 0 {
        return "—".to_owned();
    }
    format!("{} %", (n * 100 + of / 2) / of)
}

pub fn topic_panel(t: &AdminTexts, figures: &TopicFigures) -> TopicPanel {
    let lang = Lang::from_code(t.lang_code).unwrap_or_default();
    let topics = catalogue()
        .topics()
        .iter()
        .zip(&figures.per_topic)
        .map(|(topic, &readers)| TopicLine {
            slug: topic.slug.clone(),
            name: topic.name(lang).to_owned(),
            readers,
            share: share(readers, figures.confirmed),
        })
        .collect();
    let langs = figures
        .per_lang
        .iter()
        .map(|(code, n)| (code.clone(), *n, share(*n, figures.confirmed)))
        .collect();
    TopicPanel {
        topics,
        langs,
        every_topic: figures.every_topic,
    }
}
