//! A digest's subject line: its lead story, and how many other subjects follow, in under 70
//! characters (what inboxes show whole), cut at a word with "…".
use crate::i18n::Texts;

/// The longest subject, in characters.
pub const MAX_SUBJECT_CHARS: usize = 70;

/// `Lead story title — et 2 autres sujets`, the title cut at a word to fit.
pub fn digest_subject(lead_title: &str, other_groups: usize, t: &Texts) -> String {
    let suffix = match other_groups {
        0 => String::new(),
        1 => format!(" — {}", t.digest_one_more),
        n => format!(" — {}", t.digest_more.replace("{n}", &n.to_string())),
    };
    let room = MAX_SUBJECT_CHARS.saturating_sub(suffix.chars().count());
    format!("{}{suffix}", cut_at_word(lead_title.trim(), room))
}

/// `text` whole when it fits in `room` characters; else its longest run of whole words that
/// fits with "…" after it (a word longer than the room is cut inside).
pub fn cut_at_word(text: &str, room: usize) -> String {
    if text.chars().count() <= room {
        return text.to_owned();
    }
    let budget = room.saturating_sub(1);
    let mut cut = String::new();
    for word in text.split_whitespace() {
        let with = if cut.is_empty() {
            word.chars().count()
        } else {
            cut.chars().count() + 1 + word.chars().count()
        };
        if with > budget {
            break;
        }
        if !cut.is_empty() {
            cut.push(' ');
        }
        cut.push_str(word);
    }
    if cut.is_empty() {
        cut = text.chars().take(budget).collect();
    }
    let cut = cut.trim_end_matches([',', ';', ':', '-', '–', '—', ' ']);
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Lang;
    use crate::i18n::texts;

    #[test]
    fn a_long_title_is_cut_at_a_word_and_the_subject_stays_under_70() {
        let fr = texts(Lang::Fr);
        let title =
            "Le Kazakhstan et le Kirghizistan souhaitent intensifier leurs relations bilatérales";
        let subject = digest_subject(title, 2, fr);
        assert!(subject.chars().count() <= MAX_SUBJECT_CHARS, "{subject}");
        assert_eq!(
            subject,
            "Le Kazakhstan et le Kirghizistan souhaitent… — et 2 autres sujets"
        );
        assert_eq!(
            digest_subject("Sommet à Astana", 1, texts(Lang::En)),
            "Sommet à Astana — and 1 more story"
        );
        assert_eq!(digest_subject("Sommet à Astana", 0, fr), "Sommet à Astana");
    }

    proptest::proptest! {
        /// Any title: under the limit, and what is kept is the title's own start.
        #[test]
        fn any_title_fits(title in "\\PC{0,200}", others in 0usize..40) {
            let fr = texts(Lang::Fr);
            let subject = digest_subject(&title, others, fr);
            proptest::prop_assert!(subject.chars().count() <= MAX_SUBJECT_CHARS, "{}", subject);
            let alone = digest_subject(&title, 0, fr);
            let kept = alone.trim_end_matches('…');
            let normalized = title.split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert!(
                title.trim().starts_with(kept) || normalized.starts_with(kept),
                "{:?} from {:?}", kept, title
            );
        }
    }
}
