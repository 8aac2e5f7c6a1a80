//! Tests of `create.rs`: the checks of each field and the file they write.
use super::*;

fn draft() -> ArticleDraft {
    ArticleDraft {
        title: "Une  nouvelle route\nentre Almaty et Bichkek".into(),
        date: "2026-11-20".into(),
        tags: vec![" transport ".into(), "".into()],
        body: "Le chantier commence.\r\n\r\nIl durera deux ans.".into(),
        ..ArticleDraft::default()
    }
}

#[test]
fn a_draft_becomes_a_file_that_reads_back_the_same() {
    let (slug, file) = article_file(&draft()).unwrap();
    assert_eq!(slug, "une-nouvelle-route-entre-almaty-et-bichkek");
    assert_eq!(
        file.front.title,
        "Une nouvelle route entre Almaty et Bichkek"
    );
    assert_eq!(file.front.tags, vec!["transport"]);
    assert_eq!(ArticleFile::parse(&file.render()).unwrap(), file);
}

#[test]
fn each_bad_field_is_named() {
    let cases: Vec<(ArticleDraft, &str, Problem)> = vec![
        (
            ArticleDraft {
                title: " ".into(),
                ..draft()
            },
            "title",
            Problem::Required,
        ),
        (
            ArticleDraft {
                date: "20/11/2026".into(),
                ..draft()
            },
            "date",
            Problem::BadDate,
        ),
        (
            ArticleDraft {
                url: "javascript:alert(1)".into(),
                ..draft()
            },
            "url",
            Problem::BadUrl,
        ),
        (
            ArticleDraft {
                lang: "de".into(),
                ..draft()
            },
            "lang",
            Problem::BadLang,
        ),
        (
            ArticleDraft {
                body: "\n".into(),
                ..draft()
            },
            "body",
            Problem::Required,
        ),
        (
            ArticleDraft {
                slug: "Pas Un Slug".into(),
                ..draft()
            },
            "slug",
            Problem::BadSlug,
        ),
        (
            ArticleDraft {
                title: "Titre\u{0}".into(),
                ..draft()
            },
            "title",
            Problem::BadCharacters,
        ),
        (
            ArticleDraft {
                body: "Texte\u{8}".into(),
                ..draft()
            },
            "body",
            Problem::BadCharacters,
        ),
    ];
    for (bad, field, problem) in cases {
        match article_file(&bad) {
            Err(CreateArticleError::Invalid {
                field: f,
                problem: p,
            }) => {
                assert_eq!((f, p), (field, problem));
            }
            other => panic!("{field}: {other:?}"),
        }
    }
}

proptest::proptest! {
    /// Any draft is refused with a field, or becomes a file that reads back the same.
    #[test]
    fn any_draft_is_refused_or_written_faithfully(
        title in "\\PC{0,60}", date in "\\PC{0,12}", url in "\\PC{0,30}",
        lang in "\\PC{0,3}", body in "\\PC{0,120}", slug in "[a-z0-9 -]{0,20}",
    ) {
        let draft = ArticleDraft { title, date, url, lang, body, slug, ..ArticleDraft::default() };
        match article_file(&draft) {
            Ok((slug, file)) => {
                proptest::prop_assert!(!slug.is_empty());
                proptest::prop_assert_eq!(crate::articles::slugify(&slug), slug);
                proptest::prop_assert_eq!(ArticleFile::parse(&file.render()).unwrap(), file);
            }
            Err(CreateArticleError::Invalid { .. }) => {}
            Err(other) => proptest::prop_assert!(false, "{other:?}"),
        }
    }
}
