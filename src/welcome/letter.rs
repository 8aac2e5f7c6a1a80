//! Composing and queuing one reader's welcome.
use askama::Template;

use crate::digest::{Edition, excerpt};
use crate::domain::Lang;
use crate::i18n::{Texts, texts};
use crate::mail::new_message_id;
use crate::store::{IssueArticle, NewMessage, Store, StoreError, SubscriberStatus};
use crate::tokens::{PREFERENCES_LINK_VALIDITY, TokenSigner};

/// The outbox's `kind` for welcomes.
pub const WELCOME_KIND: &str = "welcome";
const TEXT_WIDTH: usize = 72;

/// Where the editors' body is kept for `lang`.
pub fn welcome_key(lang: Lang) -> String {
    format!("welcome_body_{}", lang.code())
}

/// The body readers get in `lang`: the editors', or the default.
pub async fn welcome_body(store: &Store, lang: Lang) -> Result<String, StoreError> {
    Ok(store
        .setting(&welcome_key(lang))
        .await?
        .unwrap_or_else(|| texts(lang).welcome.default_body.to_owned()))
}

struct StoryLink {
    title: String,
    url: String,
    excerpt: String,
}

struct WelcomeEmail {
    t: &'static Texts,
    name: Option<String>,
    paragraphs: Vec<String>,
    stories: Vec<StoryLink>,
    preferences_url: String,
    unsubscribe_url: String,
}

#[derive(Template)]
#[template(path = "email/welcome.html")]
struct WelcomeHtml<'a> {
    c: &'a WelcomeEmail,
}

#[derive(Template)]
#[template(path = "email/welcome.txt")]
struct WelcomeText<'a> {
    c: &'a WelcomeEmail,
    body: String,
}

/// The text part's paragraphs and stories, wrapped at 72 columns.
fn text_body(c: &WelcomeEmail) -> String {
    let mut out = String::new();
    for paragraph in &c.paragraphs {
        out.push_str(&textwrap::fill(paragraph, TEXT_WIDTH));
        out.push_str("\n\n");
    }
    if !c.stories.is_empty() {
        out.push_str(c.t.welcome.latest_heading);
        out.push_str("\n\n");
        for story in &c.stories {
            let item = textwrap::Options::new(TEXT_WIDTH)
                .initial_indent("- ")
                .subsequent_indent("  ");
            out.push_str(&textwrap::fill(&story.title, item));
            out.push_str(&format!("\n  {}\n\n", story.url));
        }
    }
    out
}

/// The latest letter's stories for these topics: those of its groups that touch them.
async fn latest_stories(
    store: &Store,
    base_url: &str,
    topics: crate::topics::TopicChoice,
) -> Result<Vec<StoryLink>, StoreError> {
    let Some(latest) = store.sent_issues(1).await?.into_iter().next() else {
        return Ok(Vec::new());
    };
    let Some((issue, articles)) = store.issue_with_articles(latest.id).await? else {
        return Ok(Vec::new());
    };
    let edition = Edition::of(&articles);
    let selection = edition.selection_for(&issue, topics);
    if selection.is_empty() {
        return Ok(Vec::new());
    }
    let url_of = |a: &IssueArticle| {
        a.url
            .clone()
            .unwrap_or_else(|| format!("{base_url}/archive/{}#{}", issue.slug, a.slug))
    };
    Ok(edition
        .articles(&selection, &articles)
        .into_iter()
        .map(|a| StoryLink {
            title: a.title.clone(),
            url: url_of(a),
            excerpt: excerpt(a.summary.as_deref(), &a.body_md),
        })
        .collect())
}

/// Queues the welcome for a reader who has just confirmed; once ever per reader (a reader
/// who leaves and comes back is not welcomed twice). Answers whether one was queued.
pub async fn queue_welcome(
    store: &Store,
    signer: &TokenSigner,
    base_url: &str,
    mail_from: &lettre::message::Mailbox,
    subscriber_id: i64,
) -> anyhow::Result<bool> {
    let Some(reader) = store.subscriber_by_id(subscriber_id).await? else {
        return Ok(false);
    };
    if reader.status != SubscriberStatus::Confirmed {
        return Ok(false);
    }
    let base_url = base_url.trim_end_matches('/');
    let lang = Lang::from_code(&reader.lang).unwrap_or_default();
    let t = texts(lang);
    let expires = crate::store::now() + PREFERENCES_LINK_VALIDITY;
    let c = WelcomeEmail {
        t,
        name: reader.name.clone(),
        paragraphs: welcome_body(store, lang)
            .await?
            .split("\n\n")
            .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|p| !p.is_empty())
            .collect(),
        stories: latest_stories(store, base_url, reader.topics).await?,
        preferences_url: crate::preferences::preferences_url(
            base_url, signer, reader.id, lang, expires,
        ),
        unsubscribe_url: format!(
            "{base_url}/unsubscribe?token={}&lang={}",
            signer.unsubscribe(reader.id),
            lang.code()
        ),
    };
    let message = NewMessage {
        message_id: new_message_id(mail_from),
        kind: WELCOME_KIND,
        subscriber_id: Some(reader.id),
        recipient: reader.email.clone(),
        subject: t.welcome.subject.to_owned(),
        body_text: WelcomeText {
            c: &c,
            body: text_body(&c),
        }
        .render()?,
        body_html: WelcomeHtml { c: &c }.render()?,
        list_unsubscribe: Some(c.unsubscribe_url.clone()),
    };
    let ever = chrono::DateTime::<chrono::Utc>::UNIX_EPOCH;
    let queued = store.enqueue_unless_recent(message, ever).await?;
    if queued {
        tracing::info!(subscriber_id, "welcome queued");
    }
    Ok(queued)
}
