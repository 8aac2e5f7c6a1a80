use askama::Template;

use crate::domain::{Lang, SubscriberEmail, SubscriberName};
use crate::i18n::{Texts, texts};
use crate::mail::new_message_id;
use crate::store::NewMessage;
use crate::tokens::TokenSigner;

/// What both parts of the confirmation e-mail show.
pub struct ConfirmationEmail {
    pub t: &'static Texts,
    pub name: Option<String>,
    pub confirm_url: String,
    /// Their preference page: someone else may have typed the address; its owner can see
    /// and erase what is kept without confirming anything.
    pub preferences_url: String,
    pub intro_wrapped: String,
    pub validity_wrapped: String,
    pub ignore_wrapped: String,
}

#[derive(Template)]
#[template(path = "email/confirmation.html")]
struct ConfirmationHtml<'a> {
    c: &'a ConfirmationEmail,
}

#[derive(Template)]
#[template(path = "email/confirmation.txt")]
struct ConfirmationText<'a> {
    c: &'a ConfirmationEmail,
}

/// Plain-text parts are wrapped at 72 columns, as mail readers expect.
const TEXT_WIDTH: usize = 72;

/// What composing a confirmation needs, and no more: the sign-up writer runs it inside its
/// transaction once the reader's id is known (the link is signed with it), so it holds the
/// signer and two addresses, not the web state.
#[derive(Clone)]
pub struct ConfirmationLetters {
    pub signer: TokenSigner,
    /// `CARAVAN_BASE_URL`, without its trailing slash.
    pub base_url: String,
    pub mail_from: lettre::message::Mailbox,
}

impl ConfirmationLetters {
    /// The confirmation e-mail for reader `subscriber_id`, in their language.
    pub fn compose(
        &self,
        email: &SubscriberEmail,
        name: Option<&SubscriberName>,
        lang: Lang,
        subscriber_id: i64,
    ) -> anyhow::Result<NewMessage> {
        confirmation_message(self, email, name, lang, subscriber_id)
    }
}

fn confirmation_message(
    letters: &ConfirmationLetters,
    email: &SubscriberEmail,
    name: Option<&SubscriberName>,
    lang: Lang,
    subscriber_id: i64,
) -> anyhow::Result<NewMessage> {
    let t = texts(lang);
    let token = letters
        .signer
        .confirmation(subscriber_id, crate::store::now());
    let context = ConfirmationEmail {
        t,
        name: name.map(|n| n.as_str().to_owned()),
        confirm_url: format!(
            "{}/subscriptions/confirm?token={token}&lang={}",
            letters.base_url,
            lang.code()
        ),
        preferences_url: crate::preferences::preferences_url(
            &letters.base_url,
            &letters.signer,
            subscriber_id,
            lang,
            crate::store::now() + crate::tokens::PREFERENCES_LINK_VALIDITY,
        ),
        intro_wrapped: textwrap::fill(t.confirmation_intro, TEXT_WIDTH),
        validity_wrapped: textwrap::fill(t.confirmation_validity, TEXT_WIDTH),
        ignore_wrapped: textwrap::fill(t.confirmation_ignore, TEXT_WIDTH),
    };
    Ok(NewMessage {
        message_id: new_message_id(&letters.mail_from),
        kind: "confirmation",
        subscriber_id: Some(subscriber_id),
        recipient: email.as_str().to_owned(),
        subject: t.confirmation_subject.to_owned(),
        body_text: ConfirmationText { c: &context }.render()?,
        body_html: ConfirmationHtml { c: &context }.render()?,
        list_unsubscribe: None,
    })
}
