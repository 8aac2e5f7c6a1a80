use super::*;
use crate::topics::catalogue;
use crate::topics::samples::sample_text;

fn tags_of(prefix: &str) -> Vec<String> {
    let c = catalogue();
    c.slugs(tag(&sample_text(prefix), c))
}

#[test]
fn the_sample_articles_get_the_topics_an_editor_would_give() {
    assert_eq!(
        tags_of("le-kazakhstan-et-le-kirghizistan"),
        ["kazakhstan", "kirghizistan"]
    );
    // Tokaïev and Mirziyoyev at Khiva: Kyrgyzstan is not in it.
    assert_eq!(
        tags_of("renforcement-du-partenariat"),
        ["kazakhstan", "ouzbekistan"]
    );
    assert_eq!(
        tags_of("l-ouzbekistan-et-le-kazakhstan"),
        ["kazakhstan", "ouzbekistan"]
    );
    assert_eq!(
        tags_of("le-kazakhstan-et-l-ouzbekistan"),
        ["kazakhstan", "ouzbekistan"]
    );
    // The C5 consultative meeting in Astana: the region, and its Kazakh host.
    assert_eq!(
        tags_of("le-kazakhstan-a-reaffirme"),
        ["kazakhstan", "asie-centrale"]
    );
}

#[test]
fn leaders_count_for_their_country_in_every_spelling() {
    let c = catalogue();
    let text = "Mirziyoyev a reçu Djaparov. Mirzioïev et Japarov ont signé.";
    assert_eq!(
        c.slugs(tag(text, c)),
        ["kirghizistan", "ouzbekistan"],
        "{:?}",
        Mentions::of(text, c)
    );
}

#[test]
fn a_country_named_once_in_passing_is_not_a_topic() {
    let c = catalogue();
    let text = "Le Kazakhstan et Astana, Almaty, les Kazakhs. Un mot du Tadjikistan.";
    assert_eq!(c.slugs(tag(text, c)), ["kazakhstan"]);
}

#[test]
fn the_region_is_a_topic_when_it_is_what_the_story_is_about() {
    let c = catalogue();
    let summit = "Sommet de l'Asie centrale : l'Asie centrale unie. Kazakhstan, Ouzbékistan.";
    assert_eq!(c.slugs(tag(summit, c)), ["asie-centrale"]);
    let passing = "Le Kazakhstan, Astana, les Kazakhs, Tokaïev : au cœur de l'Asie centrale.";
    assert_eq!(c.slugs(tag(passing, c)), ["kazakhstan"]);
}

proptest::proptest! {
    /// Any text is counted without a panic, and its topics are topics of the catalogue.
    #[test]
    fn any_text_gets_topics_of_the_catalogue(text in "\\PC{0,400}") {
        let c = catalogue();
        let topics = tag(&text, c);
        proptest::prop_assert_eq!(topics.intersection(c.all()), topics);
    }
}
