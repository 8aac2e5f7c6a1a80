use proptest::prelude::*;

use super::*;
use crate::store::Slugs;

fn article(id: i64, lead: i64, topics: u64) -> IssueArticle {
    let catalogue = catalogue();
    IssueArticle {
        id,
        slug: format!("a{id}"),
        title: format!("Article {id}"),
        summary: None,
        caption: None,
        url: None,
        body_md: "Texte.".into(),
        lead_article_id: lead,
        topics: Slugs(catalogue.slugs(TopicSet::from_bits(topics))),
        corrections: Vec::new(),
    }
}

/// An issue from group sizes and each story's topics (bits of the catalogue's order).
fn issue(groups: &[Vec<u64>]) -> Vec<IssueArticle> {
    let mut articles = Vec::new();
    for stories in groups {
        let lead = articles.len() as i64 + 1;
        for topics in stories {
            articles.push(article(articles.len() as i64 + 1, lead, *topics));
        }
    }
    articles
}

#[test]
fn a_reader_gets_the_groups_touching_their_topics_whole() {
    // kazakhstan = bit 0, kirghizistan = 1, ouzbekistan = 2, asie-centrale = 5.
    let articles = issue(&[vec![0b101, 0b001], vec![0b011], vec![0b100000], vec![0]]);
    let edition = Edition::of(&articles);
    assert_eq!(edition.group_count(), 4);
    let uzbek = TopicChoice::from_slugs(&["ouzbekistan"]).unwrap();
    let ids: Vec<i64> = edition
        .articles(&edition.selection(uzbek), &articles)
        .iter()
        .map(|a| a.id)
        .collect();
    // The Kazakh–Uzbek group whole (its second story is Kazakh only), and the story no
    // topic marks; not the Kazakh–Kyrgyz one nor the regional one.
    assert_eq!(ids, [1, 2, 5]);
    assert!(edition.selection(TopicChoice::Every).is_full());
}

#[test]
fn a_letter_without_stories_is_for_everyone() {
    let edition = Edition::of(&[]);
    let uzbek = TopicChoice::from_slugs(&["ouzbekistan"]).unwrap();
    let selection = edition.selection(uzbek);
    assert!(!selection.is_empty() && selection.is_full());
}

proptest! {
    /// Whatever the grouping and the topics, a reader's copy holds exactly the groups that
    /// touch one of their topics (or touch none at all), each whole and in order.
    #[test]
    fn a_copy_never_holds_a_group_outside_the_readers_topics_nor_misses_one_inside(
        groups in prop::collection::vec(prop::collection::vec(0u64..64, 1..4), 1..10),
        chosen in 1u64..64,
    ) {
        let articles = issue(&groups);
        let edition = Edition::of(&articles);
        let choice = TopicChoice::from_slugs(&catalogue().slugs(TopicSet::from_bits(chosen))).unwrap();
        let kept: Vec<i64> = edition
            .articles(&edition.selection(choice), &articles)
            .iter()
            .map(|a| a.id)
            .collect();
        let mut expected = Vec::new();
        for (g, stories) in groups.iter().enumerate() {
            let union = stories.iter().fold(0, |acc, t| acc | t);
            if union == 0 || union & choice.set().bits() != 0 {
                let first = groups[..g].iter().map(Vec::len).sum::<usize>() as i64 + 1;
                expected.extend(first..first + stories.len() as i64);
            }
        }
        prop_assert_eq!(kept, expected);
    }
}
