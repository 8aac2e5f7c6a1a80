use super::*;
use crate::articles::ArticleFile;

fn sample(prefix: &str) -> (String, Topics) {
    let dir = format!("{}/articles", env!("CARGO_MANIFEST_DIR"));
    let path = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("no sample article {prefix}"));
    let file = ArticleFile::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let text = format!(
        "{}\n{}\n{}",
        file.front.title,
        file.front.caption.unwrap_or_default(),
        file.body
    );
    (prefix.to_owned(), Topics::of(&text))
}

#[test]
fn transliterations_of_one_name_meet() {
    assert_eq!(fold_surname("Mirziyoyev"), fold_surname("Mirzioïev"));
    assert_eq!(fold_surname("Tokayev"), fold_surname("Tokaïev"));
    assert_eq!(fold_surname("Djaparov"), fold_surname("Japarov"));
    assert_ne!(fold_surname("Tokaïev"), fold_surname("Japarov"));
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
    let topics: Vec<Topics> = articles.iter().map(|(_, t)| t.clone()).collect();
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
    let a = Topics::of("Tokaïev à Astana avec les Kazakhs, Kazakhstan, Kazakhstan.");
    let b =
        Topics::of("Tokaïev reçoit à Bichkek : Kirghizistan et Kazakhstan, Kirghiz et Kazakhs.");
    assert!(!a.related(&b));
}
