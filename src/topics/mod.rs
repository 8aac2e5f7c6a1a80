//! Topics: the countries and the region that articles are tagged with and readers choose
//! (`articles/topics.toml`), and the counting that tags an article.
mod catalogue;
mod choice;
mod fold;
mod mentions;

pub use catalogue::{
    Catalogue, CatalogueError, MAX_TOPICS, TOPICS_TOML, Topic, TopicSet, UnknownTopic, catalogue,
};
pub use choice::{ChoiceError, TopicChoice};
pub use fold::{fold_word, folded_words};
pub use mentions::{Mentions, tag};

#[cfg(test)]
pub(crate) mod samples {
    use crate::articles::ArticleFile;

    /// What the tagger and the grouping read of a sample article of `articles/`: title,
    /// caption, body.
    pub(crate) fn sample_text(prefix: &str) -> String {
        let dir = format!("{}/articles", env!("CARGO_MANIFEST_DIR"));
        let path = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
            .unwrap_or_else(|| panic!("no sample article {prefix}"));
        let file = ArticleFile::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
        format!(
            "{}\n{}\n{}",
            file.front.title,
            file.front.caption.unwrap_or_default(),
            file.body
        )
    }
}
