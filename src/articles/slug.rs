/// Words a cut slug must not end on (`…-projets-d-une` reads as a mistake).
const WEAK_ENDINGS: &[&str] = &[
    "a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "pour", "sur",
    "un", "une", "avec", "dans", "par", "the", "of", "and",
];

/// Whether `text` can be a slug (lower-case ASCII letters, digits and hyphens): anything
/// else (a NUL above all, which PostgreSQL refuses even as a parameter) names no article, and
/// is answered as such before the database is asked.
pub fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// An ASCII, lower-case, hyphen-separated slug: `L’Ouzbékistan et le Kazakhstan` becomes
/// `l-ouzbekistan-et-le-kazakhstan`. Long titles are cut at a word, 72 characters at most,
/// and never end on a little word such as `de` or `une`.
pub fn slugify(title: &str) -> String {
    const MAX: usize = 72;
    let full = slug::slugify(title);
    if full.len() <= MAX {
        return full;
    }
    let mut words: Vec<&str> = Vec::new();
    let mut len = 0;
    for word in full.split('-') {
        if len + word.len() + usize::from(len > 0) > MAX {
            break;
        }
        len += word.len() + usize::from(len > 0);
        words.push(word);
    }
    while words.len() > 1 && words.last().is_some_and(|w| WEAK_ENDINGS.contains(w)) {
        words.pop();
    }
    if words.is_empty() {
        return full[..MAX].to_owned();
    }
    words.join("-")
}

#[cfg(test)]
mod tests {
    use super::{is_slug, slugify};

    #[test]
    fn ascii_lower_case_hyphens() {
        assert_eq!(
            slugify("L’Ouzbékistan et le Kazakhstan lancent des projets d’1,3 milliard"),
            "l-ouzbekistan-et-le-kazakhstan-lancent-des-projets-d-1-3-milliard"
        );
        let long = slugify(&"très longue phrase ".repeat(20));
        assert!(long.len() <= 72 && !long.ends_with('-'), "{long}");
        assert_eq!(
            slugify(
                "L’Ouzbékistan et le Kazakhstan lancent des nouveaux projets conjoints d’une valeur de 1,3 milliard"
            ),
            "l-ouzbekistan-et-le-kazakhstan-lancent-des-nouveaux-projets-conjoints"
        );
        assert_eq!(slugify(&"x".repeat(100)).len(), 72);
    }

    #[test]
    fn only_slugs_are_slugs() {
        assert!(is_slug("le-sommet-d-astana-2026"));
        for not in [
            "",
            "Le-Sommet",
            "sommet\0",
            "../etc",
            "sommet d'astana",
            "é",
        ] {
            assert!(!is_slug(not), "{not:?}");
        }
    }
}
