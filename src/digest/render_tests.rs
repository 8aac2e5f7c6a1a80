use super::*;
use crate::articles::ArticleFile;

/// The seed articles as a digest carries them: the Kazakh-Uzbek three grouped.
pub(crate) fn seed_issue() -> (IssueRow, Vec<IssueArticle>) {
    let dir = format!("{}/articles", env!("CARGO_MANIFEST_DIR"));
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let order = [
        "renforcement",
        "l-ouzbekistan",
        "le-kazakhstan-et-l-",
        "le-kazakhstan-et-le-",
        "le-kazakhstan-a-",
    ];
    let mut articles = Vec::new();
    for (i, prefix) in order.iter().enumerate() {
        let path = paths
            .iter()
            .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
            .unwrap();
        let file = ArticleFile::parse(&std::fs::read_to_string(path).unwrap()).unwrap();
        let id = i as i64 + 1;
        let topics = crate::articles::article_topics(&file.front, &file.body).unwrap();
        articles.push(IssueArticle {
            id,
            slug: path.file_stem().unwrap().to_string_lossy().into_owned(),
            title: file.front.title,
            summary: file.front.summary,
            caption: file.front.caption,
            url: None,
            body_md: file.body,
            lead_article_id: if i < 3 { 1 } else { id },
            topics: crate::store::Slugs(topics),
            corrections: Vec::new(),
        });
    }
    let issue = IssueRow {
        id: 1,
        slug: "2026-s49".into(),
        kind: "digest".into(),
        subject: "Asie centrale, semaine 49 : Renforcement du partenariat et 2 autres sujets"
            .into(),
        intro: Some("Une semaine chargée.\n\nBonne lecture !".into()),
        status: crate::store::IssueStatus::Draft,
        created_at: chrono::Utc::now(),
        sent_at: None,
        is_correction: false,
    };
    (issue, articles)
}

fn rendered(lang: Lang, medium: Medium) -> RenderedIssue {
    let (issue, articles) = seed_issue();
    render_issue(&issue, &articles, "https://lettre.example.kz", lang, medium).unwrap()
}

#[test]
fn the_html_part_is_inline_styled_and_groups_related_stories() {
    let rendered = rendered(Lang::Fr, Medium::Email(StoryLinks::Direct));
    let html = &rendered.html;
    assert!(!html.contains("<style"), "no stylesheet: clients drop it");
    assert!(html.contains("max-width:600px"));
    assert_eq!(html.matches("<h2 ").count(), 3, "three stories lead");
    assert_eq!(html.matches("Sur le même sujet").count(), 1);
    assert!(
        html.contains("https://lettre.example.kz/archive/2026-s49#renforcement-du-partenariat")
    );
    assert!(html.contains("min de lecture"));
    assert!(html.contains(UNSUBSCRIBE_SLOT));
    let intro = html.find("Une semaine chargée.").expect("the introduction");
    assert!(html.contains(">Bonne lecture !</p>"), "one paragraph each");
    assert!(intro < html.find("<h2 ").unwrap(), "above the stories");
}

#[test]
fn the_text_part_is_wrapped_and_lists_its_links() {
    let rendered = rendered(Lang::Fr, Medium::Email(StoryLinks::Direct));
    let text = &rendered.text;
    for line in text.lines() {
        assert!(
            line.chars().count() <= TEXT_WIDTH || line.contains("https://"),
            "too long: {line:?}"
        );
    }
    assert!(text.contains("1. Renforcement du partenariat"), "{text}");
    assert!(
        text.contains("Une semaine chargée.\n\nBonne lecture !\n\n1. "),
        "{text}"
    );
    assert!(text.contains("Sur le même sujet\u{a0}:"), "{text}");
    assert!(
        text.contains("\n[5] https://lettre.example.kz/archive/2026-s49#le-kazakhstan-a-reaffirme"),
        "{text}"
    );
    assert!(
        !text.contains("&#"),
        "no HTML escapes in the text part: {text}"
    );
}

#[test]
fn each_reader_gets_their_own_unsubscribe_link() {
    let rendered = rendered(Lang::En, Medium::Email(StoryLinks::Direct));
    let url = "https://lettre.example.kz/unsubscribe?token=abc.def&lang=en";
    let preferences = "https://lettre.example.kz/preferences?token=p.1.2&lang=en";
    let slots = |name| ReaderSlots {
        name,
        unsubscribe_url: url,
        preferences_url: preferences,
    };
    let (html, text) = rendered.for_reader(&slots(Some("Aïgerim <b>")));
    assert!(
        html.contains("unsubscribe?token=abc.def&#38;lang=en")
            || html.contains("unsubscribe?token=abc.def&amp;lang=en"),
        "{html}"
    );
    assert!(text.contains(url));
    assert!(!html.contains(UNSUBSCRIBE_SLOT) && !text.contains(UNSUBSCRIBE_SLOT));
    assert!(html.contains("On the same subject"));
    assert!(
        html.contains("Hello Aïgerim &#60;b&#62;,") || html.contains("Hello Aïgerim &lt;b&gt;,"),
        "the name is escaped in HTML: {html}"
    );
    assert!(text.contains("\nHello Aïgerim <b>,\n"), "{text}");
    assert!(!html.contains(GREETING_SLOT) && !text.contains(GREETING_SLOT));
    // Their own preference page too, at the foot of both parts.
    assert!(text.contains(&format!("Choose my topics, take a break: {preferences}")));
    assert!(
        html.contains("preferences?token=p.1.2&#38;lang=en")
            || html.contains("preferences?token=p.1.2&amp;lang=en")
    );
    assert!(!html.contains(PREFERENCES_SLOT) && !text.contains(PREFERENCES_SLOT));
    let (anonymous, _) = rendered.for_reader(&slots(None));
    assert!(anonymous.contains(">Hello,</p>"), "{anonymous}");
}

#[test]
fn the_web_version_invites_to_subscribe_instead_of_unsubscribing() {
    let web = rendered(Lang::Fr, Medium::Web);
    assert!(!web.html.contains(UNSUBSCRIBE_SLOT) && !web.html.contains("Se désabonner"));
    assert!(
        !web.html.contains(PREFERENCES_SLOT),
        "nobody's preferences on the web"
    );
    assert!(
        web.html
            .contains("href=\"https://lettre.example.kz/?lang=fr\""),
        "{}",
        web.html
    );
    assert!(
        web.html.contains("id=\"renforcement-du-partenariat"),
        "anchors for the links"
    );
}

#[test]
fn counted_links_are_the_same_for_everyone_and_name_no_reader() {
    let (_, articles) = seed_issue();
    let counted = rendered(Lang::Fr, Medium::Email(StoryLinks::Counted));
    let direct = rendered(Lang::Fr, Medium::Email(StoryLinks::Direct));
    for article in &articles {
        let link = format!("https://lettre.example.kz/r/1/{}", article.slug);
        assert!(counted.html.contains(&format!("href=\"{link}\"")), "{link}");
        assert!(counted.text.contains(&link), "{link}");
        assert!(!direct.html.contains(&link) && !direct.text.contains(&link));
    }
    // The archive's page links straight to the stories, counted by nobody.
    let web = rendered(Lang::Fr, Medium::Web);
    assert!(!web.html.contains("/r/1/"));
}
