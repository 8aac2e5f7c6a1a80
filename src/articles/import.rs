//! Raw scraped text → an article file. The newsroom's scraper keeps one paragraph a line,
//! sometimes with blank lines between, the title first (or no title at all), a photo
//! caption under the title, sub-headings as short lines without final punctuation, and the
//! site's newsletter call-to-action at the end.
use super::{ArticleFile, FrontMatter, derive_headline};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub file: ArticleFile,
    /// True when the source had no title and one was derived from its opening.
    pub title_derived: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("the file holds no text")]
    Empty,
}

/// Lines of site chrome that may close a scraped page; dropped only at the very end.
const TRAILING_CHROME: &[&str] = &[
    "newsletter",
    "pour rester informé",
    "abonnez-vous",
    "s’abonner",
    "partager",
];
const MAX_HEADING_CHARS: usize = 150;
const MAX_CAPTION_CHARS: usize = 220;

pub fn import_raw(raw: &str) -> Result<Imported, ImportError> {
    let text = raw.replace("\r\n", "\n").replace('\r', "\n");
    let mut blocks: Vec<&str> = text
        .lines()
        .map(|l| l.trim_matches(is_blank))
        .filter(|l| !l.is_empty())
        .collect();
    while blocks.last().is_some_and(|l| is_chrome(l)) {
        blocks.pop();
    }
    let (&first, rest) = blocks.split_first().ok_or(ImportError::Empty)?;

    let (title, title_derived, mut body_blocks) = if is_heading_like(first) && !rest.is_empty() {
        (first.to_owned(), false, rest)
    } else {
        let title = derive_headline(first).unwrap_or_else(|| fallback_title(first));
        (title, true, &blocks[..])
    };
    let mut caption = None;
    if !title_derived
        && let Some((&candidate, after)) = body_blocks.split_first()
        && !after.is_empty()
        && is_caption(candidate)
    {
        caption = Some(candidate.to_owned());
        body_blocks = after;
    }

    let body = render_body(body_blocks);
    Ok(Imported {
        file: ArticleFile {
            front: FrontMatter {
                title,
                date: None,
                summary: None,
                caption,
                source: None,
                url: None,
                tags: Vec::new(),
                // Left to the tagger at each sync, so a better word list retags it.
                topics: Vec::new(),
                lang: "fr".to_owned(),
                corrections: Vec::new(),
            },
            body,
        },
        title_derived,
    })
}

/// What surrounds a line without being part of it: any Unicode white space (a scraped
/// non-breaking space too, which a title must not consist of) and the byte-order mark.
pub(crate) fn is_blank(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

fn is_chrome(line: &str) -> bool {
    let lower = line.to_lowercase();
    TRAILING_CHROME.iter().any(|c| lower.starts_with(c)) && line.chars().count() < 80
}

fn ends_with_punctuation(line: &str) -> bool {
    line.trim_end()
        .ends_with(['.', '!', '?', '…', ':', ';', ',', '»', '"', ')', '”'])
}

/// A short line without final punctuation: a title or a sub-heading.
fn is_heading_like(line: &str) -> bool {
    !ends_with_punctuation(line) && line.chars().count() <= MAX_HEADING_CHARS && !is_list_item(line)
}

/// The credit or caption under a title: a "Photo …" line, or a short list of names.
fn is_caption(line: &str) -> bool {
    if line.chars().count() > MAX_CAPTION_CHARS {
        return false;
    }
    if line.to_lowercase().contains("photo") {
        return true;
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    is_heading_like(line)
        && words.len() <= 12
        && words.iter().all(|w| {
            matches!(*w, "et" | "and" | "de" | "du" | "des" | "avec")
                || w.starts_with(|c: char| c.is_uppercase())
        })
}

fn is_list_item(line: &str) -> bool {
    line.starts_with('✅') || line.starts_with("- ") || line.starts_with("• ")
}

/// The opening clause when no headline can be made: words up to the first comma.
fn fallback_title(first: &str) -> String {
    let clause = first
        .split([',', '.', ';', ':'])
        .next()
        .unwrap_or(first)
        .trim();
    if clause.is_empty() {
        first.trim().to_owned()
    } else {
        clause.to_owned()
    }
}

fn render_body(blocks: &[&str]) -> String {
    let mut out = String::new();
    let mut previous_was_item = false;
    for (i, &block) in blocks.iter().enumerate() {
        let is_last = i + 1 == blocks.len();
        let item = is_list_item(block);
        if !out.is_empty() {
            out.push_str(if item && previous_was_item {
                "\n"
            } else {
                "\n\n"
            });
        }
        if item {
            let content = block
                .trim_start_matches('✅')
                .trim_start_matches("- ")
                .trim_start_matches("• ")
                .trim_start();
            out.push_str("- ");
            out.push_str(&escape_markdown(content));
        } else if is_heading_like(block) && !is_last {
            out.push_str("## ");
            out.push_str(&escape_markdown(block));
        } else {
            out.push_str(&escape_markdown(block));
        }
        previous_was_item = item;
    }
    out
}

/// Escapes what Markdown would read as markup, so the text renders as it was written.
pub(super) fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    // A line that starts like a list or a numbered item would become one.
    let starts_like_block = out.starts_with(['-', '+', '='])
        || out
            .split_once(['.', ')'])
            .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    if starts_like_block {
        out.insert(0, '\\');
    }
    out
}

#[cfg(test)]
#[path = "import_tests.rs"]
mod tests;
