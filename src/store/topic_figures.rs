//! Confirmed readers per topic and per language, for the dashboard and the API: one pass
//! over the readers grouped by their choice (at most 64 choices and two languages), folded
//! here into topics.
use super::{Store, StoreError};
use crate::topics::{TopicChoice, catalogue};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TopicFigures {
    pub confirmed: i64,
    /// Readers who get each topic, in the catalogue's order (every-topic readers count in
    /// each).
    pub per_topic: Vec<i64>,
    /// Readers who kept every topic.
    pub every_topic: i64,
    /// Readers per language code, most first.
    pub per_lang: Vec<(String, i64)>,
}

impl Store {
    #[tracing::instrument(name = "store.topic_figures", skip(self))]
    pub async fn topic_figures(&self) -> Result<TopicFigures, StoreError> {
        let rows: Vec<(Option<String>, String, i64)> = on_read_pool!(self, pool => {
            sqlx::query_as(
                "SELECT topics, lang, COUNT(*) FROM subscribers WHERE status = 'confirmed' \
                 GROUP BY topics, lang",
            )
            .fetch_all(pool)
            .await?
        });
        let topics = catalogue().topics().len();
        let mut figures = TopicFigures {
            per_topic: vec![0; topics],
            ..TopicFigures::default()
        };
        let mut per_lang = std::collections::BTreeMap::<String, i64>::new();
        for (column, lang, n) in rows {
            let choice = TopicChoice::from_column(column.as_deref());
            figures.confirmed += n;
            if choice == TopicChoice::Every {
                figures.every_topic += n;
            }
            for index in choice.set().iter().filter(|&i| i < topics) {
                figures.per_topic[index] += n;
            }
            *per_lang.entry(lang).or_default() += n;
        }
        figures.per_lang = per_lang.into_iter().collect();
        figures
            .per_lang
            .sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        Ok(figures)
    }
}
