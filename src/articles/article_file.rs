use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The TOML between the `+++` lines of an article file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    /// Publication date, only when the source states it: never invented. Written as a TOML
    /// date (`date = 2024-04-19`); a quoted `"2024-04-19"` is read too.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "toml_date::deserialize",
        serialize_with = "toml_date::serialize"
    )]
    pub date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// The photo caption or credit that stood under the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Topics of `articles/topics.toml` (slugs), when the editor sets them: otherwise the
    /// tagger finds them in the text at each sync.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<String>,
    #[serde(default = "default_lang")]
    pub lang: String,
    /// Corrections published on the article (`[[corrections]]` tables, so last).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<FileCorrection>,
}

/// A dated correction note, as the article's file keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileCorrection {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "toml_date::deserialize",
        serialize_with = "toml_date::serialize"
    )]
    pub date: Option<NaiveDate>,
    pub note: String,
}

mod toml_date {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Toml(toml::value::Datetime),
        Text(String),
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        let text = match Raw::deserialize(d)? {
            Raw::Toml(datetime) => datetime.to_string(),
            Raw::Text(text) => text,
        };
        NaiveDate::parse_from_str(&text, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| D::Error::custom(format!("date: expected YYYY-MM-DD, got {text:?}")))
    }

    pub fn serialize<S: Serializer>(date: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match date {
            Some(date) => {
                let value: toml::value::Datetime = date
                    .to_string()
                    .parse()
                    .map_err(serde::ser::Error::custom)?;
                serde::Serialize::serialize(&value, s)
            }
            None => s.serialize_none(),
        }
    }
}

fn default_lang() -> String {
    "fr".to_owned()
}

/// An article file: front matter and a Markdown body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleFile {
    pub front: FrontMatter,
    pub body: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ArticleFileError {
    #[error("the file must start with a `+++` line")]
    MissingOpening,
    #[error("the front matter has no closing `+++` line")]
    MissingClosing,
    #[error("the front matter is not valid: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("the title is empty")]
    EmptyTitle,
}

const FENCE: &str = "+++";

impl ArticleFile {
    pub fn parse(text: &str) -> Result<Self, ArticleFileError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let rest = text
            .strip_prefix(FENCE)
            .and_then(|r| r.strip_prefix('\n').or_else(|| r.strip_prefix("\r\n")))
            .ok_or(ArticleFileError::MissingOpening)?;
        let mut offset = 0;
        let (toml_text, body) = loop {
            let line_end = rest[offset..]
                .find('\n')
                .map_or(rest.len(), |i| offset + i + 1);
            let line = &rest[offset..line_end];
            if line.trim_end() == FENCE {
                break (&rest[..offset], &rest[line_end..]);
            }
            if line_end == rest.len() {
                return Err(ArticleFileError::MissingClosing);
            }
            offset = line_end;
        };
        let front: FrontMatter = toml::from_str(toml_text)?;
        if front.title.trim().is_empty() {
            return Err(ArticleFileError::EmptyTitle);
        }
        Ok(Self {
            front,
            body: body.trim_start_matches(['\n', '\r']).trim_end().to_owned(),
        })
    }

    pub fn render(&self) -> String {
        let toml = toml::to_string(&self.front).expect("front matter always serialises");
        format!("{FENCE}\n{toml}{FENCE}\n\n{}\n", self.body.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_and_parses_back() {
        let file = ArticleFile {
            front: FrontMatter {
                title: "L’Ouzbékistan et le Kazakhstan : « nouveaux » projets".into(),
                date: NaiveDate::from_ymd_opt(2026, 11, 23),
                summary: None,
                caption: Some("Photo du service de presse.".into()),
                source: None,
                url: None,
                tags: vec!["kazakhstan".into()],
                topics: vec!["kazakhstan".into(), "ouzbekistan".into()],
                lang: "fr".into(),
                corrections: Vec::new(),
            },
            body: "Premier paragraphe.\n\n## Sous-titre\n\nSecond.".into(),
        };
        assert_eq!(ArticleFile::parse(&file.render()).unwrap(), file);
    }

    #[test]
    fn refuses_files_without_front_matter_or_title() {
        assert!(matches!(
            ArticleFile::parse("# Titre"),
            Err(ArticleFileError::MissingOpening)
        ));
        assert!(matches!(
            ArticleFile::parse("+++\ntitle = \"x\"\n"),
            Err(ArticleFileError::MissingClosing)
        ));
        assert!(matches!(
            ArticleFile::parse("+++\ntitle = \" \"\n+++\nbody"),
            Err(ArticleFileError::EmptyTitle)
        ));
        assert!(matches!(
            ArticleFile::parse("+++\ntitle = \"x\"\nauthor = \"y\"\n+++\n"),
            Err(ArticleFileError::Toml(_))
        ));
    }

    #[test]
    fn dates_are_toml_dates_or_quoted_and_checked() {
        let bare = ArticleFile::parse("+++\ntitle = \"T\"\ndate = 2024-04-19\n+++\nx").unwrap();
        let quoted =
            ArticleFile::parse("+++\ntitle = \"T\"\ndate = \"2024-04-19\"\n+++\nx").unwrap();
        assert_eq!(bare.front.date, NaiveDate::from_ymd_opt(2024, 4, 19));
        assert_eq!(bare, quoted);
        assert!(
            bare.render().contains("date = 2024-04-19\n"),
            "{}",
            bare.render()
        );
        let bad = ArticleFile::parse("+++\ntitle = \"T\"\ndate = \"19/04/2024\"\n+++\nx");
        assert!(bad.unwrap_err().to_string().contains("expected YYYY-MM-DD"));
    }

    #[test]
    fn lang_defaults_to_french() {
        let file = ArticleFile::parse("+++\ntitle = \"Titre\"\n+++\nCorps.").unwrap();
        assert_eq!(file.front.lang, "fr");
        assert_eq!(file.body, "Corps.");
    }

    proptest::proptest! {
        /// Any file content is parsed or refused, never a panic.
        #[test]
        fn any_text_is_parsed_or_refused(raw in "\\PC{0,300}", body in "\\PC{0,200}") {
            let _ = ArticleFile::parse(&raw);
            let _ = ArticleFile::parse(&format!("+++\n{raw}\n+++\n{body}"));
        }

        /// Whatever an editor types in the fields, the file written reads back the same.
        #[test]
        fn written_files_read_back(
            title in "\\PC{1,80}",
            summary in proptest::option::of("\\PC{0,80}"),
            tags in proptest::collection::vec("\\PC{1,20}", 0..4),
            body in "\\PC{0,200}",
        ) {
            proptest::prop_assume!(!title.trim().is_empty());
            let file = ArticleFile {
                front: FrontMatter {
                    title: title.clone(),
                    date: NaiveDate::from_ymd_opt(2026, 11, 23),
                    summary,
                    caption: None,
                    source: None,
                    url: None,
                    tags,
                    topics: Vec::new(),
                    lang: "fr".into(),
                    corrections: Vec::new(),
                },
                body: body.trim_start_matches(['\n', '\r']).trim_end().to_owned(),
            };
            let parsed = ArticleFile::parse(&file.render()).unwrap();
            proptest::prop_assert_eq!(parsed, file);
        }
    }
}
