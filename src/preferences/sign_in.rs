//! `POST /preferences/link`: a reader without a letter at hand gives their address and gets
//! a link to their page by e-mail, valid 24 hours. The answer is the same whether the
//! address is known or not, and comes before any work for a known one (no enumeration, by
//! content or by timing); one link per reader per quarter hour, and the route shares the
//! sign-up form's per-client limit.
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::page::AskPage;
use crate::domain::{Lang, SubscriberEmail};
use crate::i18n::{Texts, texts};
use crate::mail::new_message_id;
use crate::store::{NewMessage, Subscriber, SubscriberStatus};
use crate::tokens::{PREFERENCES_SIGN_IN_VALIDITY, TokenSigner};
use crate::web::{AppState, MessagePage, PageCtx, PageError, Tone, parse_form, render};

/// The outbox's `kind` for these e-mails.
pub const PREFERENCES_LINK_KIND: &str = "preferences_link";
const TEXT_WIDTH: usize = 72;

/// A reader's preference-page link, valid until `expires`.
pub fn preferences_url(
    base_url: &str,
    signer: &TokenSigner,
    subscriber_id: i64,
    lang: Lang,
    expires: chrono::DateTime<chrono::Utc>,
) -> String {
    format!(
        "{base_url}/preferences?token={}&lang={}",
        signer.preferences(subscriber_id, expires),
        lang.code()
    )
}

struct LinkEmail {
    t: &'static Texts,
    name: Option<String>,
    url: String,
    intro_wrapped: String,
    validity_wrapped: String,
    ignore_wrapped: String,
}

#[derive(Template)]
#[template(path = "email/preferences_link.html")]
struct LinkHtml<'a> {
    c: &'a LinkEmail,
}

#[derive(Template)]
#[template(path = "email/preferences_link.txt")]
struct LinkText<'a> {
    c: &'a LinkEmail,
}

fn link_message(state: &AppState, reader: &Subscriber) -> anyhow::Result<NewMessage> {
    let lang = Lang::from_code(&reader.lang).unwrap_or_default();
    let t = texts(lang);
    let p = t.prefs;
    let base_url = state.base_url.as_str().trim_end_matches('/');
    let expires = crate::store::now() + PREFERENCES_SIGN_IN_VALIDITY;
    let c = LinkEmail {
        t,
        name: reader.name.clone(),
        url: preferences_url(base_url, &state.signer, reader.id, lang, expires),
        intro_wrapped: textwrap::fill(p.mail_intro, TEXT_WIDTH),
        validity_wrapped: textwrap::fill(p.mail_validity, TEXT_WIDTH),
        ignore_wrapped: textwrap::fill(p.mail_ignore, TEXT_WIDTH),
    };
    Ok(NewMessage {
        message_id: new_message_id(&state.mail_from),
        kind: PREFERENCES_LINK_KIND,
        subscriber_id: Some(reader.id),
        recipient: reader.email.clone(),
        subject: p.mail_subject.to_owned(),
        body_text: LinkText { c: &c }.render()?,
        body_html: LinkHtml { c: &c }.render()?,
        list_unsubscribe: None,
    })
}

/// Queues the link for a reader who may have one: confirmed, or unsubscribed (they may still
/// want their data or its erasure), never a suppressed address or a pending one (not proven
/// theirs), at most one a quarter hour.
async fn send_link(state: &AppState, email: &SubscriberEmail) -> anyhow::Result<()> {
    let Some(reader) = state.store.subscriber_by_email(email).await? else {
        return Ok(());
    };
    let may = matches!(
        reader.status,
        SubscriberStatus::Confirmed | SubscriberStatus::Unsubscribed
    ) && reader.suppressed.is_none();
    if !may {
        return Ok(());
    }
    let since = crate::store::now() - chrono::Duration::minutes(15);
    let message = link_message(state, &reader)?;
    if state.store.enqueue_unless_recent(message, since).await? {
        state.outbox_wake.notify_one();
        tracing::info!(subscriber_id = reader.id, "preference link queued");
    }
    Ok(())
}

#[tracing::instrument(name = "POST /preferences/link", skip_all)]
pub async fn request_link(
    ctx: PageCtx,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let typed = parse_form(&body)
        .unwrap_or_default()
        .into_iter()
        .find(|(k, _)| k == "email")
        .map(|(_, v)| v)
        .unwrap_or_default();
    let email = match SubscriberEmail::parse(&typed) {
        Ok(email) => email,
        Err(_) => {
            let page = AskPage::new(&ctx, None).with_email(typed, Some(ctx.t.email_invalid));
            return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page));
        }
    };
    // Answered before the work: a known address takes no longer than an unknown one.
    let state = state.into_inner();
    tokio::spawn(async move {
        if let Err(error) = send_link(&state, &email).await {
            tracing::error!(
                error = format!("{error:#}"),
                "cannot queue a preference link"
            );
        }
    });
    let page = MessagePage::new(
        &ctx,
        Tone::Ok,
        ctx.t.thanks_title,
        ctx.t.prefs.ask_sent_body,
    );
    Ok(render(StatusCode::OK, &page))
}
