use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::json;

use super::signup_input::ParsedSignup;
use super::topic_boxes::TopicBoxes;
use super::{FieldError, SignupInput, SignupPage};
use crate::domain::Lang;
use crate::store::SignupRequest;
use crate::web::{
    AppState, BodyError, BodyKind, MessagePage, PageCtx, PageError, Tone, json_error, parse_form,
    read_body, render,
};

/// Sign-up bodies are a few fields; anything larger is refused before it is read.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// `POST /subscriptions`: the form fields `email`, `name` (optional), or the same as JSON.
/// The answer is the same whether the address was known or not.
#[tracing::instrument(name = "POST /subscriptions", skip_all, fields(outcome))]
pub async fn create(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let mut ctx = PageCtx::from_request(&req);
    let (kind, body) = match read_body(&req, payload, MAX_BODY_BYTES).await {
        Ok(read) => read,
        Err(error) => return Ok(body_error(&req, &ctx, &error)),
    };
    let input = match kind {
        BodyKind::Form => match parse_form(&body) {
            Ok(pairs) => SignupInput::from_pairs(pairs),
            Err(error) => return Ok(body_error(&req, &ctx, &error)),
        },
        BodyKind::Json => match serde_json::from_slice::<SignupInput>(&body) {
            Ok(input) => input,
            Err(error) => {
                let message = format!("{} ({error})", ctx.t.error_bad_request);
                return Ok(json_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_json",
                    &message,
                    None,
                ));
            }
        },
    };
    if let Some(lang) = input.lang.as_deref().and_then(Lang::from_code) {
        ctx.lang = lang;
        ctx.t = crate::i18n::texts(lang);
    }

    if input.is_bot() {
        tracing::Span::current().record("outcome", "honeypot");
        return Ok(accepted(kind, &ctx));
    }
    let ParsedSignup {
        email,
        name,
        topics,
    } = match input.parse() {
        Ok(parsed) => parsed,
        Err(errors) => return Ok(invalid(kind, &ctx, &state, &input, &errors)),
    };

    let lang = ctx.lang;
    let request = SignupRequest {
        email: email.clone(),
        name: name.clone(),
        lang,
        topics,
        compose: {
            let letters = state.confirmation_letters();
            Box::new(move |id| letters.compose(&email, name.as_ref(), lang, id))
        },
    };
    let outcome = state
        .signups
        .submit(request)
        .await
        .map_err(|e| PageError::internal(&ctx, e))?
        .outcome;
    tracing::Span::current().record("outcome", format!("{outcome:?}"));
    state.outbox_wake.notify_one();
    Ok(accepted(kind, &ctx))
}

/// The one answer to every accepted sign-up, new, known or bot alike.
fn accepted(kind: BodyKind, ctx: &PageCtx) -> HttpResponse {
    match kind {
        BodyKind::Json => HttpResponse::Accepted().json(json!({
            "status": "pending",
            "message": ctx.t.thanks_body,
        })),
        BodyKind::Form => {
            let page = MessagePage::new(ctx, Tone::Ok, ctx.t.thanks_title, ctx.t.thanks_body)
                .with_hint(ctx.t.thanks_hint);
            render(StatusCode::OK, &page)
        }
    }
}

/// The form again, with each error beside its field and what the reader typed kept.
fn invalid(
    kind: BodyKind,
    ctx: &PageCtx,
    state: &AppState,
    input: &SignupInput,
    errors: &[FieldError],
) -> HttpResponse {
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    match kind {
        BodyKind::Json => {
            let first = errors[0];
            json_error(
                status,
                first.code(),
                first.message(ctx.t),
                Some(first.field()),
            )
        }
        BodyKind::Form => {
            let message_for = |field: &str| {
                errors
                    .iter()
                    .find(|e| e.field() == field)
                    .map(|e| e.message(ctx.t))
            };
            let mut page = SignupPage::empty(ctx, state);
            page.email = input.email.clone().unwrap_or_default();
            page.name = input.name.clone().unwrap_or_default();
            page.email_error = message_for("email");
            page.name_error = message_for("name");
            page.topics = TopicBoxes::ticked(ctx.lang, input.topics.as_deref())
                .with_error(message_for("topics"));
            render(status, &page)
        }
    }
}

/// A body refused before its fields were read: too large, of another type, or not UTF-8.
fn body_error(req: &HttpRequest, ctx: &PageCtx, error: &BodyError) -> HttpResponse {
    let t = ctx.t;
    let (status, code, message) = match error {
        BodyError::TooLarge(_) => (
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            t.error_too_large,
        ),
        BodyError::UnsupportedType => (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            t.error_content_type,
        ),
        BodyError::NotUtf8 => (StatusCode::BAD_REQUEST, "not_utf8", t.error_not_utf8),
        BodyError::Read(_) => (StatusCode::BAD_REQUEST, "bad_request", t.error_bad_request),
    };
    let wants_json = [header::CONTENT_TYPE, header::ACCEPT].iter().any(|name| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("json"))
    });
    if wants_json {
        json_error(status, code, message, None)
    } else {
        let page = MessagePage::new(ctx, Tone::Bad, t.error_bad_request, message)
            .with_home_link(t.back_home);
        render(status, &page)
    }
}
