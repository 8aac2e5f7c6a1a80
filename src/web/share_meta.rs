//! What a shared link shows and what search engines read of the public pages: a
//! description, the canonical URL, the Open Graph and Twitter card tags with the site's card
//! image (`templates/share_meta.html`). Absolute URLs, from `CARAVAN_BASE_URL`.
use super::AppState;
use crate::domain::Lang;

pub struct ShareMeta {
    pub title: String,
    pub description: String,
    pub canonical: String,
    pub image: String,
    /// `fr_FR` or `en_GB`.
    pub locale: &'static str,
}

impl ShareMeta {
    /// `path_and_query` is the page's own, as it should be linked.
    pub fn new(
        state: &AppState,
        lang: Lang,
        path_and_query: &str,
        title: &str,
        description: &str,
    ) -> Self {
        Self {
            title: title.to_owned(),
            description: description.split_whitespace().collect::<Vec<_>>().join(" "),
            canonical: state.link(path_and_query),
            image: state.link(&format!(
                "/static/card.png?v={}",
                crate::routes::IMAGES_VERSION
            )),
            locale: match lang {
                Lang::Fr => "fr_FR",
                Lang::En => "en_GB",
            },
        }
    }
}
