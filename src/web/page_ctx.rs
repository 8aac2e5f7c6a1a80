use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, http::header};

use crate::domain::Lang;
use crate::i18n::{Texts, texts};

/// What every reader-facing page needs from the request: its language, the link to the same
/// page in the other language, and the request id that error pages show.
#[derive(Clone)]
pub struct PageCtx {
    pub lang: Lang,
    pub t: &'static Texts,
    pub switch_href: String,
    pub request_id: String,
}

impl PageCtx {
    pub fn from_request(req: &HttpRequest) -> Self {
        let query: Vec<(String, String)> =
            url::form_urlencoded::parse(req.query_string().as_bytes())
                .into_owned()
                .collect();
        let explicit = query
            .iter()
            .find(|(k, _)| k == "lang")
            .map(|(_, v)| v.as_str());
        let accept = req
            .headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok());
        let lang = Lang::negotiate(explicit, accept);
        let t = texts(lang);
        let mut switch = url::form_urlencoded::Serializer::new(String::new());
        for (key, value) in query.iter().filter(|(k, _)| k != "lang") {
            switch.append_pair(key, value);
        }
        switch.append_pair("lang", t.other_lang_code);
        Self {
            lang,
            t,
            switch_href: format!("{}?{}", req.path(), switch.finish()),
            request_id: super::request_id(req),
        }
    }
}

impl FromRequest for PageCtx {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(PageCtx::from_request(req)))
    }
}
