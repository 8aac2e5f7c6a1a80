//! An issue rendered once: subject, HTML part and text part, with a slot for each reader's
//! own unsubscribe link, filled in per message without rendering again.
use askama::Template;
use textwrap::Options;

use super::{excerpt, reading_minutes};
use crate::clicks::{StoryLinks, archive_anchor, story_link};
use crate::domain::Lang;
use crate::i18n::{Texts, texts};
use crate::store::{IssueArticle, IssueRow};

/// Stands where each reader's unsubscribe URL goes; no article text can contain it.
pub const UNSUBSCRIBE_SLOT: &str = "https://caravan.invalid/unsubscribe-slot";
/// Stands where each reader's greeting ("Bonjour Aïgerim,") goes.
pub const GREETING_SLOT: &str = "caravan-greeting-slot-7f3a";
/// Stands where each reader's preference-page URL goes.
pub const PREFERENCES_SLOT: &str = "https://caravan.invalid/preferences-slot";

/// What one reader's copy fills into the slots.
#[derive(Debug, Clone, Copy)]
pub struct ReaderSlots<'a> {
    pub name: Option<&'a str>,
    pub unsubscribe_url: &'a str,
    pub preferences_url: &'a str,
}
const TEXT_WIDTH: usize = 72;

/// A correction under a story: its date (`YYYY-MM-DD`) and the editors' note.
pub struct NoteLine {
    pub date: String,
    pub note: String,
}

fn note_lines(article: &IssueArticle) -> Vec<NoteLine> {
    article
        .corrections
        .iter()
        .map(|c| NoteLine {
            date: c.corrected_at.format("%Y-%m-%d").to_string(),
            note: c.note.clone(),
        })
        .collect()
}

pub struct RelatedLink {
    pub title: String,
    pub url: String,
    pub link_number: usize,
    pub corrections: Vec<NoteLine>,
}

pub struct Story {
    pub slug: String,
    pub title: String,
    pub url: String,
    pub excerpt: String,
    pub minutes: usize,
    pub link_number: usize,
    pub related: Vec<RelatedLink>,
    pub corrections: Vec<NoteLine>,
}

/// What both parts of a digest show.
pub struct DigestEmail {
    pub t: &'static Texts,
    /// The letter's heading: the week's, or a correction's.
    pub heading: &'static str,
    /// Why the reader gets it (a correction letter says which story).
    pub why: &'static str,
    pub subject: String,
    pub web_url: String,
    /// The issue has a page in the archive (a correction letter has none).
    pub has_web_version: bool,
    pub stories: Vec<Story>,
    pub unsubscribe_url: &'static str,
    pub preferences_url: &'static str,
    pub greeting: &'static str,
    /// The editor's introduction, one string per paragraph.
    pub intro: Vec<String>,
    /// The archive's copy: no unsubscribe link (nobody's), an invitation to subscribe.
    pub web: bool,
    pub signup_url: String,
}

/// Where an issue is shown: in a reader's inbox (its story links counted or straight), or
/// on the web archive (straight: a page of the archive follows nobody).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Medium {
    Email(StoryLinks),
    Web,
}

#[derive(Template)]
#[template(path = "email/digest.html")]
struct DigestHtml<'a> {
    c: &'a DigestEmail,
}

#[derive(Template)]
#[template(path = "email/digest.txt")]
struct DigestText<'a> {
    c: &'a DigestEmail,
    subject: String,
    body: String,
}

pub struct RenderedIssue {
    pub subject: String,
    pub html: String,
    pub text: String,
    t: &'static Texts,
}

impl RenderedIssue {
    /// One reader's copy: the same parts with their greeting and their own links in the
    /// slots. Plain string replacement: no template runs per reader.
    pub fn for_reader(&self, slots: &ReaderSlots<'_>) -> (String, String) {
        let values = self.slot_values(slots);
        let (html_values, text_values) = values.split_at(SLOTS.len());
        let pairs = |values: &[String]| -> Vec<(&str, String)> {
            SLOTS.iter().copied().zip(values.iter().cloned()).collect()
        };
        let html = fill(&self.html, &pairs(html_values));
        let text = fill(&self.text, &pairs(text_values));
        (html, text)
    }

    /// What goes into [`SLOTS`] for one reader: HTML-escaped for the HTML part, then as is
    /// for the text part, each in the order of [`SLOTS`].
    pub fn slot_values(&self, slots: &ReaderSlots<'_>) -> [String; 2 * SLOTS.len()] {
        let greeting = match slots.name.map(str::trim).filter(|n| !n.is_empty()) {
            Some(name) => self.t.greeting_named.replace("{name}", name),
            None => self.t.greeting.to_owned(),
        };
        [
            html_escape(&greeting),
            html_escape(slots.unsubscribe_url),
            html_escape(slots.preferences_url),
            greeting,
            slots.unsubscribe_url.to_owned(),
            slots.preferences_url.to_owned(),
        ]
    }
}

/// The per-reader slots of both parts, in the order [`RenderedIssue::slot_values`] fills them.
pub const SLOTS: [&str; 3] = [GREETING_SLOT, UNSUBSCRIBE_SLOT, PREFERENCES_SLOT];

fn html_escape(value: &str) -> String {
    askama::filters::escape(value, askama::filters::Html)
        .map(|s| s.to_string())
        .unwrap_or_default()
}

/// Replaces each slot by its value in one pass over `template`.
fn fill(template: &str, slots: &[(&str, String)]) -> String {
    let extra: usize = slots.iter().map(|(_, v)| v.len() * 2).sum();
    let mut out = String::with_capacity(template.len() + extra);
    let mut rest = template;
    loop {
        let next = slots
            .iter()
            .filter_map(|(slot, value)| rest.find(slot).map(|at| (at, *slot, value.as_str())))
            .min_by_key(|(at, _, _)| *at);
        match next {
            Some((at, slot, value)) => {
                out.push_str(&rest[..at]);
                out.push_str(value);
                rest = &rest[at + slot.len()..];
            }
            None => {
                out.push_str(rest);
                return out;
            }
        }
    }
}

/// Renders an issue for `base_url` (no trailing slash) in `lang`.
pub fn render_issue(
    issue: &IssueRow,
    articles: &[IssueArticle],
    base_url: &str,
    lang: Lang,
    medium: Medium,
) -> Result<RenderedIssue, askama::Error> {
    let web_url = format!("{base_url}/archive/{}", issue.slug);
    let url_of = |a: &IssueArticle| match medium {
        Medium::Email(StoryLinks::Counted) => story_link(base_url, issue.id, &a.slug),
        _ => a
            .url
            .clone()
            .unwrap_or_else(|| archive_anchor(base_url, &issue.slug, &a.slug)),
    };
    let mut stories: Vec<Story> = Vec::new();
    for (index, article) in articles.iter().enumerate() {
        let links = index + 1;
        if article.lead_article_id == article.id || stories.is_empty() {
            stories.push(Story {
                slug: article.slug.clone(),
                title: article.title.clone(),
                url: url_of(article),
                excerpt: excerpt(article.summary.as_deref(), &article.body_md),
                minutes: reading_minutes(&article.body_md),
                link_number: links,
                related: Vec::new(),
                corrections: note_lines(article),
            });
        } else if let Some(lead) = stories.last_mut() {
            lead.related.push(RelatedLink {
                title: article.title.clone(),
                url: url_of(article),
                link_number: links,
                corrections: note_lines(article),
            });
        }
    }
    let t = texts(lang);
    // A correction letter speaks the reader's language: its sentences are ours, the notes
    // under its stories the editors'.
    let (heading, why, subject, intro) = match issue.is_correction {
        true => (
            t.corrections.heading,
            t.corrections.why,
            match articles {
                [one] => t.corrections.subject_one.replace("{title}", &one.title),
                many => t
                    .corrections
                    .subject_many
                    .replace("{n}", &many.len().to_string()),
            },
            t.corrections.intro.to_owned(),
        ),
        false => (
            t.digest_heading,
            t.digest_why,
            issue.subject.clone(),
            issue.intro.clone().unwrap_or_default(),
        ),
    };
    let context = DigestEmail {
        t,
        heading,
        why,
        subject,
        web_url,
        has_web_version: !issue.is_correction,
        stories,
        unsubscribe_url: UNSUBSCRIBE_SLOT,
        preferences_url: PREFERENCES_SLOT,
        greeting: GREETING_SLOT,
        intro: intro
            .split("\n\n")
            .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|p| !p.is_empty())
            .collect(),
        web: medium == Medium::Web,
        signup_url: format!("{base_url}/?lang={}", lang.code()),
    };
    let html = DigestHtml { c: &context }.render()?;
    let text = DigestText {
        c: &context,
        subject: textwrap::fill(&context.subject, TEXT_WIDTH),
        body: text_body(&context),
    }
    .render()?;
    Ok(RenderedIssue {
        subject: context.subject.clone(),
        html,
        text,
        t: context.t,
    })
}

/// A correction as the text part shows it.
fn note_text(c: &DigestEmail, line: &NoteLine) -> String {
    format!(
        "{} {}{} {}",
        c.t.corrections.note_label, line.date, c.t.colon, line.note
    )
}

/// The stories as wrapped plain text, with numbered link references listed at the end.
fn text_body(c: &DigestEmail) -> String {
    let indent = Options::new(TEXT_WIDTH)
        .initial_indent("   ")
        .subsequent_indent("   ");
    let bullet = Options::new(TEXT_WIDTH)
        .initial_indent("   - ")
        .subsequent_indent("     ");
    let mut out = String::new();
    for paragraph in &c.intro {
        out.push_str(&textwrap::fill(paragraph, TEXT_WIDTH));
        out.push_str("\n\n");
    }
    let mut refs = Vec::new();
    for (i, story) in c.stories.iter().enumerate() {
        let heading = Options::new(TEXT_WIDTH).subsequent_indent("   ");
        out.push_str(&textwrap::fill(
            &format!("{}. {}", i + 1, story.title),
            heading,
        ));
        out.push_str(&format!(
            "\n   {} {}\n\n",
            story.minutes, c.t.digest_minutes
        ));
        out.push_str(&textwrap::fill(&story.excerpt, &indent));
        for line in &story.corrections {
            out.push_str("\n\n");
            out.push_str(&textwrap::fill(&note_text(c, line), &indent));
        }
        if !story.corrections.is_empty() {
            out.push('\n');
        }
        out.push_str(&format!(
            "\n   {} [{}]\n",
            c.t.digest_read, story.link_number
        ));
        refs.push((story.link_number, story.url.as_str()));
        if !story.related.is_empty() {
            out.push_str(&format!("\n   {}{}\n", c.t.digest_related, c.t.colon));
            for link in &story.related {
                out.push_str(&textwrap::fill(
                    &format!("{} [{}]", link.title, link.link_number),
                    &bullet,
                ));
                out.push('\n');
                for line in &link.corrections {
                    let under = Options::new(TEXT_WIDTH)
                        .initial_indent("     ")
                        .subsequent_indent("     ");
                    out.push_str(&textwrap::fill(&note_text(c, line), &under));
                    out.push('\n');
                }
                refs.push((link.link_number, link.url.as_str()));
            }
        }
        out.push('\n');
    }
    out.push_str(&format!("{}\n", c.t.digest_links));
    for (n, url) in refs {
        out.push_str(&format!("[{n}] {url}\n"));
    }
    out
}

#[cfg(test)]
#[path = "render_tests.rs"]
pub(crate) mod tests;
