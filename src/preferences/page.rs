//! `GET /preferences`: the page (with a link) or the address form (without one);
//! `POST /preferences`: topics and language saved.
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::access::{Access, Opened, Refused, open};
use crate::domain::Lang;
use crate::i18n::Texts;
use crate::store::{Preferences, SubscriberStatus};
use crate::subscriptions::{TokenQuery, TopicBoxes};
use crate::topics::{ChoiceError, TopicChoice};
use crate::web::{AppState, PageCtx, PageError, parse_form, render};

/// What the last action left for the page to say (`?done=`): a fixed list, so a link cannot
/// make the page say anything else.
fn notice(t: &'static Texts, done: Option<&str>) -> Option<(&'static str, bool)> {
    let p = t.prefs;
    Some(match done? {
        "saved" => (p.saved, false),
        "paused" => (p.paused, false),
        "resumed" => (p.resumed, false),
        "left" => (t.unsubscribed_body, false),
        "erase_unconfirmed" => (p.erase_unconfirmed, true),
        _ => return None,
    })
}

#[derive(serde::Deserialize)]
pub struct PageQuery {
    token: Option<String>,
    done: Option<String>,
}

#[derive(Template)]
#[template(path = "preferences.html")]
pub(super) struct PreferencesPage {
    t: &'static Texts,
    switch_href: String,
    /// Where the letters go, half hidden (the page may be open on a shared screen).
    address: String,
    topics: TopicBoxes,
    langs: Vec<(&'static str, &'static str, bool)>,
    subscribed: bool,
    /// Signed up, never confirmed: someone may have typed their address.
    pending: bool,
    paused_until: Option<String>,
    notice: Option<(&'static str, bool)>,
    /// The token and language every form posts with, URL-encoded.
    q: String,
    resubscribe_href: String,
}

#[derive(Template)]
#[template(path = "preferences_ask.html")]
pub(super) struct AskPage {
    t: &'static Texts,
    switch_href: String,
    message: Option<&'static str>,
    email: String,
    email_error: Option<&'static str>,
}

impl AskPage {
    pub(super) fn new(ctx: &PageCtx, message: Option<&'static str>) -> Self {
        Self {
            t: ctx.t,
            switch_href: ctx.switch_href.clone(),
            message,
            email: String::new(),
            email_error: None,
        }
    }

    pub(super) fn with_email(mut self, email: String, error: Option<&'static str>) -> Self {
        self.email = email;
        self.email_error = error;
        self
    }
}

/// `a…@example.kz`: enough for a reader to know it is theirs.
fn half_hidden(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}…@{domain}")
        }
        None => "…".to_owned(),
    }
}

pub(super) fn page(
    ctx: &PageCtx,
    state: &AppState,
    opened: &Opened,
    topics: TopicBoxes,
    notice: Option<(&'static str, bool)>,
) -> PreferencesPage {
    let reader = &opened.reader;
    let reader_lang = Lang::from_code(&reader.lang).unwrap_or_default();
    let now = crate::store::now();
    let date_format = match ctx.lang {
        Lang::Fr => "%d/%m/%Y",
        Lang::En => "%Y-%m-%d",
    };
    PreferencesPage {
        t: ctx.t,
        switch_href: ctx.switch_href.clone(),
        address: half_hidden(&reader.email),
        topics,
        langs: ctx
            .t
            .lang_names
            .iter()
            .map(|&(code, name)| (code, name, code == reader_lang.code()))
            .collect(),
        subscribed: reader.status == SubscriberStatus::Confirmed,
        pending: reader.status == SubscriberStatus::Pending,
        paused_until: reader
            .paused_until
            .filter(|until| *until > now)
            .map(|until| {
                until
                    .with_timezone(&state.timezone)
                    .format(date_format)
                    .to_string()
            }),
        notice,
        q: super::access::token_query(&opened.token, ctx),
        resubscribe_href: format!("/?lang={}", ctx.lang.code()),
    }
}

fn refused(ctx: &PageCtx, refusal: Refused) -> HttpResponse {
    render(refusal.status, &AskPage::new(ctx, Some(refusal.message)))
}

/// `GET /preferences[?token=]`. Showing changes nothing.
#[tracing::instrument(name = "GET /preferences", skip_all, fields(subscriber_id))]
pub async fn show(
    ctx: PageCtx,
    query: web::Query<PageQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let Some(token) = query.token.as_deref().filter(|t| !t.is_empty()) else {
        return Ok(render(StatusCode::OK, &AskPage::new(&ctx, None)));
    };
    let opened = match open(&ctx, &state, token).await? {
        Access::Open(opened) => opened,
        Access::Refused(refusal) => return Ok(refused(&ctx, refusal)),
    };
    let topics = TopicBoxes::of(ctx.lang, opened.reader.topics);
    let notice = notice(ctx.t, query.done.as_deref());
    Ok(render(
        StatusCode::OK,
        &page(&ctx, &state, &opened, topics, notice),
    ))
}

/// Back to the page, saying what was done (Post/Redirect/Get: a reload sends nothing again).
pub(super) fn done(ctx: &PageCtx, token: &str, what: &str) -> HttpResponse {
    let location = format!(
        "/preferences?{}&done={what}",
        super::access::token_query(token, ctx)
    );
    HttpResponse::SeeOther()
        .insert_header((actix_web::http::header::LOCATION, location))
        .finish()
}

/// `POST /preferences?token=`: the boxes ticked (at least one) and the language.
#[tracing::instrument(name = "POST /preferences", skip_all, fields(subscriber_id))]
pub async fn save(
    ctx: PageCtx,
    query: web::Query<TokenQuery>,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let token = query.token.as_deref().unwrap_or_default();
    let opened = match open(&ctx, &state, token).await? {
        Access::Open(opened) => opened,
        Access::Refused(refusal) => return Ok(refused(&ctx, refusal)),
    };
    let pairs = parse_form(&body).unwrap_or_default();
    let slugs: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| k == "topics")
        .map(|(_, v)| v.clone())
        .collect();
    let lang = pairs
        .iter()
        .find(|(k, _)| k == "letter_lang")
        .and_then(|(_, v)| Lang::from_code(v))
        .or_else(|| Lang::from_code(&opened.reader.lang))
        .unwrap_or_default();
    let topics = match TopicChoice::from_slugs(&slugs) {
        Ok(topics) => topics,
        Err(error) => {
            let message = match error {
                ChoiceError::Empty => ctx.t.topics_required,
                ChoiceError::Unknown(_) => ctx.t.topic_unknown,
            };
            let boxes = TopicBoxes::ticked(ctx.lang, Some(&slugs)).with_error(Some(message));
            return Ok(render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &page(&ctx, &state, &opened, boxes, None),
            ));
        }
    };
    state
        .store
        .save_preferences(opened.reader.id, Preferences { topics, lang })
        .await
        .map_err(|e| PageError::internal(&ctx, e))?;
    tracing::info!(
        subscriber_id = opened.reader.id,
        "preferences saved by the reader"
    );
    Ok(done(&ctx, token, "saved"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_address_is_half_hidden() {
        assert_eq!(super::half_hidden("aigerim@example.kz"), "a…@example.kz");
        assert_eq!(super::half_hidden("é@example.kz"), "é…@example.kz");
    }
}
