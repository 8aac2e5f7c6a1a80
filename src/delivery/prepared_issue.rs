//! An issue's two parts encoded for the wire once per language, so that each reader's copy
//! costs a copy of the bytes rather than a quoted-printable encoding of the whole letter.
//!
//! Each part is cut at the reader slots (greeting, unsubscribe link). Every static piece is
//! encoded once and ends with a soft line break (`=` CRLF), so each slot value starts its own
//! encoded line and is encoded alone per reader: the result is valid quoted-printable (lines of
//! at most 76 characters) that decodes to exactly [`RenderedIssue::for_reader`]'s text.
use lettre::message::Body;
use lettre::message::header::ContentTransferEncoding;

use crate::digest::{ReaderSlots, RenderedIssue, SLOTS};

/// A piece of an encoded part: bytes ready for the wire, or the index of a slot value.
enum Piece {
    Encoded(String),
    Slot(usize),
}

struct EncodedPart {
    pieces: Vec<Piece>,
    encoded_len: usize,
}

impl EncodedPart {
    /// `slot_base`: where this part's values start in the reader's value list.
    fn new(source: &str, slot_base: usize) -> Self {
        let source = source.replace("\r\n", "\n").replace('\n', "\r\n");
        let mut pieces = Vec::new();
        let mut rest = source.as_str();
        loop {
            let next = SLOTS
                .iter()
                .enumerate()
                .filter_map(|(i, slot)| rest.find(slot).map(|at| (at, i, slot.len())))
                .min();
            let Some((at, index, len)) = next else {
                if !rest.is_empty() {
                    pieces.push(Piece::Encoded(quoted_printable::encode_to_str(rest)));
                }
                break;
            };
            if at > 0 {
                let mut encoded = quoted_printable::encode_to_str(&rest[..at]);
                encoded.push_str("=\r\n");
                pieces.push(Piece::Encoded(encoded));
            }
            pieces.push(Piece::Slot(slot_base + index));
            rest = &rest[at + len..];
        }
        let encoded_len = pieces
            .iter()
            .map(|p| match p {
                Piece::Encoded(s) => s.len(),
                Piece::Slot(_) => 0,
            })
            .sum();
        Self {
            pieces,
            encoded_len,
        }
    }

    fn fill(&self, values: &[String]) -> Body {
        let mut out = String::with_capacity(self.encoded_len + 512);
        let last = self.pieces.len().saturating_sub(1);
        for (position, piece) in self.pieces.iter().enumerate() {
            match piece {
                Piece::Encoded(encoded) => out.push_str(encoded),
                Piece::Slot(index) => {
                    out.push_str(&quoted_printable::encode_to_str(&values[*index]));
                    if position < last {
                        out.push_str("=\r\n");
                    }
                }
            }
        }
        Body::dangerous_pre_encoded(out.into_bytes(), ContentTransferEncoding::QuotedPrintable)
    }
}

/// An issue ready to send in one language.
pub struct PreparedIssue {
    pub slug: String,
    pub rendered: RenderedIssue,
    /// When the issue's fan-out started: how long its deliveries have waited.
    pub started_at: Option<chrono::DateTime<chrono::Utc>>,
    html: EncodedPart,
    text: EncodedPart,
}

impl PreparedIssue {
    pub fn new(slug: String, rendered: RenderedIssue) -> Self {
        let html = EncodedPart::new(&rendered.html, 0);
        let text = EncodedPart::new(&rendered.text, SLOTS.len());
        Self {
            slug,
            rendered,
            started_at: None,
            html,
            text,
        }
    }

    /// One reader's text and HTML parts, encoded.
    pub fn parts_for(&self, slots: &ReaderSlots<'_>) -> (Body, Body) {
        let values = self.rendered.slot_values(slots);
        (self.text.fill(&values), self.html.fill(&values))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::tests::seed_issue;
    use crate::digest::{Medium, render_issue};
    use crate::domain::Lang;

    fn decoded(body: &Body) -> String {
        let raw = std::str::from_utf8(body.as_ref()).unwrap();
        for line in raw.split("\r\n") {
            assert!(
                line.len() <= 76,
                "a quoted-printable line is too long: {line:?}"
            );
        }
        let bytes = quoted_printable::decode(raw, quoted_printable::ParseMode::Strict).unwrap();
        String::from_utf8(bytes).unwrap().replace("\r\n", "\n")
    }

    #[test]
    fn each_copy_decodes_to_the_readers_own_rendering() {
        let (issue, articles) = seed_issue();
        for lang in [Lang::Fr, Lang::En] {
            let rendered = render_issue(
                &issue,
                &articles,
                "https://lettre.example.kz",
                lang,
                Medium::Email(crate::clicks::StoryLinks::Counted),
            )
            .unwrap();
            let prepared = PreparedIssue::new(issue.slug.clone(), rendered);
            let url = "https://lettre.example.kz/unsubscribe?token=u.42.Zm9vYmFyYmF6cXV4&lang=fr";
            let preferences = "https://lettre.example.kz/preferences?token=p.42.1.Zm9v&lang=fr";
            for name in [Some("Aïgerim Сейткали <b>"), None] {
                let slots = ReaderSlots {
                    name,
                    unsubscribe_url: url,
                    preferences_url: preferences,
                };
                let (text, html) = prepared.parts_for(&slots);
                let (want_html, want_text) = prepared.rendered.for_reader(&slots);
                assert_eq!(decoded(&text), want_text.replace("\r\n", "\n"));
                assert_eq!(decoded(&html), want_html.replace("\r\n", "\n"));
            }
        }
    }
}
