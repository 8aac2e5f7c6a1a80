//! A headline for an article that came without one, built from its opening sentence the way
//! a sub-editor would: drop the scene-setting clauses ("Le 14 septembre 2023, lors de …,"),
//! keep the main clause (who did what), and stop before the clause that explains why or how.
//! It is always a run of the author's own words, never a cut word or a trailing "…".

/// Scene-setting openings: a clause that starts with one of these (or with a date such as
/// "Le 14 septembre") and has no verb of its own is skipped.
const CIRCUMSTANTIAL: &[&str] = &[
    "lors ",
    "ces ",
    "cette ",
    "depuis ",
    "en ",
    "après ",
    "avant ",
    "dans ",
    "pendant ",
    "au cours ",
    "à ",
    "au ",
    "aux ",
    "selon ",
    "d’après ",
    "il y a ",
    "début ",
    "fin ",
];
/// Auxiliaries that show a clause has its own finite verb, so it is the news, not the scene.
const FINITE: &[&str] = &[
    "a", "ont", "est", "sont", "avait", "avaient", "sera", "seront",
];
/// Where an over-long main clause may end: before an explanation or a complement.
const CUT_BEFORE: &[&str] = &[
    " grâce à ",
    " afin de ",
    " afin d’",
    " en vue de ",
    " avec ",
    " dans le cadre ",
    " qui ",
    " dont ",
    " alors que ",
    " tandis que ",
    " lors ",
    " pour ",
    " et ",
];
const MAX_CHARS: usize = 110;
const MIN_WORDS: usize = 4;

/// A headline from an article's opening paragraph, or `None` when it has too few words.
pub fn derive_headline(opening: &str) -> Option<String> {
    let sentence = first_sentence(opening);
    let clause = main_clause(sentence);
    let headline = shorten(clause.trim().trim_end_matches(['.', ',', ';', ':', ' ']));
    if headline.split_whitespace().count() < MIN_WORDS {
        return None;
    }
    let mut chars = headline.chars();
    let first = chars.next()?;
    Some(first.to_uppercase().chain(chars).collect())
}

fn first_sentence(text: &str) -> &str {
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(at, c)) in bytes.iter().enumerate() {
        let next_is_space = bytes.get(i + 1).is_some_and(|&(_, n)| n.is_whitespace());
        if matches!(c, '.' | '!' | '?') && next_is_space {
            // "M. Tokaïev": a one-letter abbreviation does not end the sentence.
            let before = text[..at].rsplit(' ').next().unwrap_or_default();
            if before.chars().count() > 1 {
                return &text[..at];
            }
        }
    }
    text
}

/// Skips leading comma-separated clauses that set the scene (a date, "lors de …").
fn main_clause(sentence: &str) -> &str {
    let mut rest = sentence;
    while let Some((head, tail)) = rest.split_once(", ") {
        let lower = head.to_lowercase();
        let dated = ["le ", "la ", "les "].iter().any(|p| {
            lower
                .strip_prefix(p)
                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
        });
        let has_verb = lower.split_whitespace().any(|w| FINITE.contains(&w));
        let circumstantial =
            (dated || CIRCUMSTANTIAL.iter().any(|p| lower.starts_with(p))) && !has_verb;
        if circumstantial && tail.split_whitespace().count() >= MIN_WORDS {
            rest = tail;
        } else {
            break;
        }
    }
    rest
}

/// Cuts an over-long clause before the last connector that leaves a headline of fitting
/// length; a clause with no such place is cut at its first comma, or kept whole.
fn shorten(clause: &str) -> &str {
    if clause.chars().count() <= MAX_CHARS {
        return clause;
    }
    let mut best: Option<usize> = None;
    for connector in CUT_BEFORE {
        for (at, _) in clause.match_indices(connector) {
            let words = clause[..at].split_whitespace().count();
            if at <= MAX_CHARS && words >= 6 && best.is_none_or(|b| at > b) {
                best = Some(at);
            }
        }
    }
    match best.or_else(|| clause.find(", ").filter(|&at| at <= MAX_CHARS)) {
        Some(at) => &clause[..at],
        None => clause,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_the_date_and_the_occasion() {
        let opening = "Le 14 septembre 2023, lors de la cinquième Réunion consultative des chefs \
            d’État d’Asie centrale, le Kazakhstan a réaffirmé son engagement envers une \
            coopération stratégique et multifacette avec l’ensemble des pays de la région. \
            Cette rencontre a mis en lumière les ambitions communes.";
        assert_eq!(
            derive_headline(opening).unwrap(),
            "Le Kazakhstan a réaffirmé son engagement envers une coopération stratégique et multifacette"
        );
    }

    #[test]
    fn stops_before_the_explanation() {
        let opening = "Ces dernières années, le Kazakhstan et l’Ouzbékistan ont pris des mesures \
            importantes pour renforcer leurs relations bilatérales grâce à de nouveaux accords, \
            projets et initiatives régionales. Ces deux nations partagent des liens.";
        let headline = derive_headline(opening).unwrap();
        assert!(
            headline.starts_with("Le Kazakhstan et l’Ouzbékistan ont pris des mesures"),
            "{headline}"
        );
        assert!(!headline.contains("grâce"), "{headline}");
        assert!(headline.chars().count() <= MAX_CHARS, "{headline}");
    }

    #[test]
    fn keeps_abbreviations_inside_the_sentence() {
        let headline =
            derive_headline("M. Tokaïev a rencontré M. Japarov à Astana hier. Suite.").unwrap();
        assert_eq!(headline, "M. Tokaïev a rencontré M. Japarov à Astana hier");
    }

    #[test]
    fn too_short_openings_give_nothing() {
        assert_eq!(derive_headline("Bonjour."), None);
        assert_eq!(derive_headline(""), None);
    }
}
