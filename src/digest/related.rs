//! Grouping related stories under one lead.
//!
//! How it decides. Each article is reduced to its *topics*:
//! - its **main countries**: the five Central Asian states, counted through every form a
//!   French text uses (Kazakhstan, kazakh, kazakho-…, Astana…); a country is main when it is
//!   named at least twice and at least 40 % as often as the most named one. An article that
//!   names four or five of the states is about the region as a whole (a C5 summit) and gets
//!   all five.
//! - its **people**: surnames of the -ev/-ov/-iev form, folded so that transliterations meet
//!   (Mirziyoyev and Mirzioïev both become `mirzioiev`, Tokayev and Tokaïev `tokaiev`).
//!
//! Two articles are related when they share two main countries and their main countries
//! mostly coincide (Jaccard ≥ 2/3: the same bilateral relation), or when they share two
//! people (the same meeting). Groups are the connected sets of that relation. A country's
//! president alone is not enough: Tokaïev appears in every Kazakh story.
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Country {
    Kazakhstan,
    Kyrgyzstan,
    Tajikistan,
    Turkmenistan,
    Uzbekistan,
}

/// Word stems (folded, lower case) that name each country, its people or its main cities.
const STEMS: &[(Country, &[&str])] = &[
    (Country::Kazakhstan, &["kazakh", "astana", "almaty"]),
    (
        Country::Kyrgyzstan,
        &["kirghiz", "kyrgyz", "bichkek", "bishkek"],
    ),
    (
        Country::Tajikistan,
        &["tadjik", "tajik", "douchanbe", "dushanbe"],
    ),
    (Country::Turkmenistan, &["turkmen", "achgabat", "ashgabat"]),
    (
        Country::Uzbekistan,
        &[
            "ouzbek",
            "uzbek",
            "tachkent",
            "tashkent",
            "khiva",
            "samarcande",
        ],
    ),
];

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Topics {
    pub countries: BTreeSet<Country>,
    pub people: BTreeSet<String>,
}

impl Topics {
    pub fn of(text: &str) -> Self {
        let folded = deunicode::deunicode(text).to_lowercase();
        let words: Vec<&str> = folded
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let counts: Vec<(Country, usize)> = STEMS
            .iter()
            .map(|(country, stems)| {
                let n = words
                    .iter()
                    .filter(|w| stems.iter().any(|s| w.starts_with(s)))
                    .count();
                (*country, n)
            })
            .collect();
        let named = counts.iter().filter(|(_, n)| *n > 0).count();
        let top = counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
        let countries = if named >= 4 {
            counts.iter().map(|(c, _)| *c).collect()
        } else {
            counts
                .iter()
                .filter(|(_, n)| *n >= 2 && *n * 10 >= top * 4)
                .map(|(c, _)| *c)
                .collect()
        };
        let people = text
            .split(|c: char| !(c.is_alphanumeric() || c == '-'))
            .filter(|w| w.starts_with(char::is_uppercase))
            .map(fold_surname)
            .filter(|w| w.len() >= 5 && ["ev", "ov"].iter().any(|e| w.ends_with(e)))
            .collect();
        Self { countries, people }
    }

    pub fn related(&self, other: &Self) -> bool {
        let shared = self.countries.intersection(&other.countries).count();
        let union = self.countries.union(&other.countries).count();
        let same_relation = shared >= 2 && shared * 3 >= union * 2;
        let same_people = self.people.intersection(&other.people).count() >= 2;
        same_relation || same_people
    }
}

/// Folds a surname so that transliterations meet: ASCII, lower case, `y` as `i`, doubled
/// vowels single, `dj`/`zh` as `j`.
fn fold_surname(word: &str) -> String {
    let ascii = deunicode::deunicode(word).to_lowercase().replace('y', "i");
    let ascii = ascii.replace("dj", "j").replace("zh", "j");
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if !(c == 'i' && out.ends_with('i')) {
            out.push(c);
        }
    }
    out
}

/// A lead story and the stories on the same subject, as indexes into the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub lead: usize,
    pub related: Vec<usize>,
}

/// Groups `topics` (one per article, in the order the digest should follow) into connected
/// sets of related stories. The lead of a group is its first member in that order; groups
/// come in the order of their leads.
pub fn group_related(topics: &[Topics]) -> Vec<Group> {
    let mut parent: Vec<usize> = (0..topics.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for a in 0..topics.len() {
        for b in a + 1..topics.len() {
            if topics[a].related(&topics[b]) {
                let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                parent[ra.max(rb)] = ra.min(rb);
            }
        }
    }
    let mut groups: Vec<Group> = Vec::new();
    for i in 0..topics.len() {
        let r = root(&mut parent, i);
        match groups.iter_mut().find(|g| g.lead == r) {
            Some(group) => group.related.push(i),
            None => groups.push(Group {
                lead: i,
                related: Vec::new(),
            }),
        }
    }
    groups
}

#[cfg(test)]
#[path = "related_tests.rs"]
mod tests;
