//! How a story is shown in the digest: its excerpt and its reading time.
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// Reading speed used for "N min de lecture": a common figure for French prose on screen.
const WORDS_PER_MINUTE: usize = 200;
/// An excerpt stops at the last sentence end before this many characters.
const EXCERPT_CHARS: usize = 320;

/// The text of a Markdown body, one line per paragraph, heading or list item.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(text) | Event::Code(text) => out.push_str(&text),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => out.push('\n'),
            Event::Start(Tag::Item) if !out.is_empty() && !out.ends_with('\n') => out.push('\n'),
            _ => {}
        }
    }
    out.trim().to_owned()
}

/// Minutes to read `markdown`, at least one.
pub fn reading_minutes(markdown: &str) -> usize {
    let words = plain_text(markdown).split_whitespace().count();
    words.div_ceil(WORDS_PER_MINUTE).max(1)
}

/// The summary when there is one; otherwise the opening paragraph cut at a sentence end.
pub fn excerpt(summary: Option<&str>, markdown: &str) -> String {
    if let Some(summary) = summary.map(str::trim).filter(|s| !s.is_empty()) {
        return summary.to_owned();
    }
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    let mut in_paragraph = false;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Paragraph) => in_paragraph = true,
            Event::End(TagEnd::Paragraph) => {
                in_paragraph = false;
                paragraphs.push(std::mem::take(&mut current));
            }
            Event::Text(text) if in_paragraph => current.push_str(&text),
            Event::SoftBreak if in_paragraph => current.push(' '),
            _ => {}
        }
    }
    let opening = paragraphs
        .into_iter()
        .find(|p| !p.trim().is_empty())
        .unwrap_or_default();
    cut_at_sentence(opening.trim())
}

/// The longest run of whole sentences that fits; the first sentence whole if none does.
fn cut_at_sentence(text: &str) -> String {
    if text.chars().count() <= EXCERPT_CHARS {
        return text.to_owned();
    }
    let mut best = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        let ends = matches!(c, '.' | '!' | '?')
            && chars.get(i + 1).is_none_or(|&(_, n)| n.is_whitespace());
        // "M. Tokaïev": a single capital before the point is an initial, not a sentence end.
        let initial = text[..at]
            .rsplit(' ')
            .next()
            .is_some_and(|w| w.chars().count() == 1);
        if ends && !initial {
            let end = at + c.len_utf8();
            if text[..end].chars().count() <= EXCERPT_CHARS || best.is_none() {
                best = Some(end);
            }
            if text[..end].chars().count() > EXCERPT_CHARS {
                break;
            }
        }
    }
    text[..best.unwrap_or(text.len())].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_wins_then_the_opening_cut_at_a_sentence() {
        assert_eq!(excerpt(Some(" Résumé. "), "Texte."), "Résumé.");
        let long = format!(
            "{} Deuxième phrase. {}",
            "Première phrase.",
            "x ".repeat(200)
        );
        let cut = excerpt(None, &format!("## Titre\n\n{long}"));
        assert_eq!(cut, "Première phrase. Deuxième phrase.");
    }

    #[test]
    fn a_long_first_sentence_is_kept_whole_and_initials_do_not_end_it() {
        let sentence = format!("M. Tokaïev a dit {}fin.", "très ".repeat(80));
        let cut = excerpt(None, &format!("{sentence} Suite."));
        assert_eq!(cut, sentence);
    }

    #[test]
    fn reading_time_rounds_up_from_two_hundred_words() {
        assert_eq!(reading_minutes("un mot"), 1);
        assert_eq!(reading_minutes(&"mot ".repeat(201)), 2);
        assert_eq!(reading_minutes(&"mot ".repeat(600)), 3);
    }

    #[test]
    fn plain_text_drops_markup_but_keeps_every_line() {
        let text = plain_text("Texte **gras** \\*étoile\\*.\n\n## Titre\n\n- un\n- deux");
        assert_eq!(text, "Texte gras *étoile*.\nTitre\nun\ndeux");
    }
}
