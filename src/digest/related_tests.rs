use super::*;
use crate::topics::samples::sample_text;

fn sample(prefix: &str) -> (String, Subject) {
    (prefix.to_owned(), Subject::of(&sample_text(prefix)))
}

#[test]
fn transliterations_of_one_name_meet() {
    assert_eq!(fold_word("Mirziyoyev"), fold_word("Mirzioïev"));
    assert_eq!(fold_word("Tokayev"), fold_word("Tokaïev"));
    assert_eq!(fold_word("Djaparov"), fold_word("Japarov"));
    assert_ne!(fold_word("Tokaïev"), fold_word("Japarov"));
}

#[test]
fn the_seed_articles_form_the_groups_an_editor_would_make() {
    let articles = [
        sample("renforcement-du-partenariat"), // Tokaïev and Mirziyoyev at Khiva
        sample("l-ouzbekistan-et-le-kazakhstan"), // Tokaïev and Mirzioïev at Tashkent
        sample("le-kazakhstan-et-l-ouzbekistan"), // Kazakh-Uzbek relations, no names
        sample("le-kazakhstan-et-le-kirghizistan"),
        sample("le-kazakhstan-a-reaffirme"), // the C5 consultative meeting
    ];
    let topics: Vec<Subject> = articles.iter().map(|(_, t)| t.clone()).collect();
    let groups = group_related(&topics);
    assert_eq!(
        groups,
        vec![
            Group {
                lead: 0,
                related: vec![1, 2]
            },
            Group {
                lead: 3,
                related: vec![]
            },
            Group {
                lead: 4,
                related: vec![]
            },
        ],
        "{topics:#?}"
    );
    assert_eq!(
        topics[4].countries.len(),
        5,
        "the summit piece is about the whole region"
    );
    assert!(topics[1].people.contains("mirzioiev") && topics[0].people.contains("mirzioiev"));
}

#[test]
fn sharing_only_a_president_is_not_enough() {
    let a = Subject::of("Tokaïev à Astana avec les Kazakhs, Kazakhstan, Kazakhstan.");
    let b =
        Subject::of("Tokaïev reçoit à Bichkek : Kirghizistan et Kazakhstan, Kirghiz et Kazakhs.");
    assert!(!a.related(&b));
}
