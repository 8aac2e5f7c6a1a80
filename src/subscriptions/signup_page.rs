use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use askama::Template;

use super::topic_boxes::TopicBoxes;
use crate::i18n::Texts;
use crate::topics::TopicChoice;
use crate::web::{AppState, PageCtx, ShareMeta, render};

#[derive(Template)]
#[template(path = "signup.html")]
pub struct SignupPage {
    pub t: &'static Texts,
    pub switch_href: String,
    /// What the reader typed, kept when the form comes back with an error.
    pub email: String,
    pub name: String,
    pub email_error: Option<&'static str>,
    pub name_error: Option<&'static str>,
    /// Every topic ticked at first: a reader who reads on gets everything.
    pub topics: TopicBoxes,
    pub meta: ShareMeta,
}

impl SignupPage {
    pub fn empty(ctx: &PageCtx, state: &AppState) -> Self {
        Self {
            t: ctx.t,
            switch_href: ctx.switch_href.clone(),
            email: String::new(),
            name: String::new(),
            email_error: None,
            name_error: None,
            topics: TopicBoxes::of(ctx.lang, TopicChoice::Every),
            meta: ShareMeta::new(
                state,
                ctx.lang,
                &format!("/?lang={}", ctx.lang.code()),
                ctx.t.signup_title,
                ctx.t.signup_lead,
            ),
        }
    }
}

/// `GET /`: the sign-up page.
#[tracing::instrument(name = "GET /", skip_all)]
pub async fn show(ctx: PageCtx, state: actix_web::web::Data<AppState>) -> HttpResponse {
    render(StatusCode::OK, &SignupPage::empty(&ctx, &state))
}
