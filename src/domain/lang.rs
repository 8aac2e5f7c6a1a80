use serde::{Deserialize, Serialize};

/// The languages readers can use. French comes first: it is the newsroom's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// An explicit `?lang=` wins; then the browser's `Accept-Language` by quality; then French.
    pub fn negotiate(explicit: Option<&str>, accept_language: Option<&str>) -> Self {
        if let Some(lang) = explicit.and_then(Self::from_code) {
            return lang;
        }
        let Some(header) = accept_language else {
            return Lang::Fr;
        };
        let mut best: Option<(f32, Lang)> = None;
        for item in header.split(',') {
            let mut parts = item.split(';');
            let Some(lang) = parts.next().and_then(Self::from_code) else {
                continue;
            };
            let quality = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            if best.is_none_or(|(q, _)| quality > q) {
                best = Some((quality, lang));
            }
        }
        best.map_or(Lang::Fr, |(_, lang)| lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_choice_beats_the_header() {
        assert_eq!(Lang::negotiate(Some("en"), Some("fr-FR")), Lang::En);
        assert_eq!(Lang::negotiate(Some("xx"), Some("en-GB")), Lang::En);
    }

    #[test]
    fn header_is_read_by_quality_and_defaults_to_french() {
        assert_eq!(
            Lang::negotiate(None, Some("ru;q=1, en;q=0.8, fr;q=0.5")),
            Lang::En
        );
        assert_eq!(Lang::negotiate(None, Some("de, ru")), Lang::Fr);
        assert_eq!(Lang::negotiate(None, None), Lang::Fr);
    }
}
