//! Making and changing issues from the API: a new letter or this week's digest, edits of a
//! draft, and the e-mail as a reader will get it.
use actix_web::http::header;
use actix_web::{HttpResponse, web};
use chrono::Utc;
use serde::{Deserialize, Deserializer};
use utoipa::ToSchema;

use super::bodies::{ErrorBody, IssueDetail};
use super::issues::{detail, issue_id, not_found};
use super::{ApiCaller, ApiError};
use crate::digest::{DigestOutcome, PreviewOf, build_digest, preview_issue};
use crate::domain::{Lang, issue_intro, issue_subject};
use crate::store::{DraftChanges, DraftEdit, DraftUpdate, NewLetter};
use crate::topics::TopicChoice;
use crate::web::AppState;

/// Either `{"build": "digest"}` (this week's digest) or a new letter.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewIssueRequest {
    /// `digest`: build this week's digest from the articles no issue has carried.
    build: Option<String>,
    /// A new letter's subject (required without `build`).
    subject: Option<String>,
    intro: Option<String>,
    /// Articles, in order.
    article_ids: Option<Vec<i64>>,
}

/// Changes to a draft; a field left out stays as it is, `"intro": null` removes it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DraftPatch {
    subject: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    intro: Option<Option<String>>,
    /// The issue's articles, in order; replaces the list.
    article_ids: Option<Vec<i64>>,
}

/// Tells `"intro": null` (Some(None)) from no `intro` at all (None).
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

fn json<T: for<'de> Deserialize<'de>>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body)
        .map_err(|e| ApiError::BadRequest(format!("the body is not the JSON expected: {e}")))
}

fn subject_of(raw: &str) -> Result<String, ApiError> {
    issue_subject(raw).map_err(|e| ApiError::Invalid {
        field: "subject",
        message: e.to_string(),
    })
}

fn intro_of(raw: Option<String>) -> Result<Option<String>, ApiError> {
    match raw {
        None => Ok(None),
        Some(raw) => issue_intro(&raw).map_err(|e| ApiError::Invalid {
            field: "intro",
            message: e.to_string(),
        }),
    }
}

fn unknown_articles(ids: &[i64]) -> ApiError {
    ApiError::Invalid {
        field: "article_ids",
        message: format!("no article with id {ids:?}"),
    }
}

/// `POST /api/v1/issues`.
#[utoipa::path(post, path = "/api/v1/issues", tag = "issues",
    request_body(content = NewIssueRequest, content_type = "application/json"),
    responses(
        (status = 201, description = "A new draft", body = IssueDetail),
        (status = 200, description = "This week's digest existed already: here it is", body = IssueDetail),
        (status = 400, description = "The body is not the JSON expected", body = ErrorBody),
        (status = 401, description = "No live bearer token", body = ErrorBody),
        (status = 422, description = "Bad field; or `nothing_new`: no article for a digest", body = ErrorBody),
    ),
    security(("bearer" = [])))]
#[tracing::instrument(name = "api.issues.create", skip_all, fields(caller = %caller.token_name))]
pub async fn create(
    caller: ApiCaller,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let request: NewIssueRequest = json(&body)?;
    if let Some(build) = request.build.as_deref() {
        if build != "digest" || request.subject.is_some() || request.article_ids.is_some() {
            return Err(ApiError::Invalid {
                field: "build",
                message: "`build` is \"digest\", alone".into(),
            });
        }
        return match build_digest(&state.store, Utc::now(), state.timezone).await? {
            DigestOutcome::Built(id) => {
                Ok(HttpResponse::Created().json(detail(&state.store, id).await?))
            }
            DigestOutcome::AlreadyBuilt(id) => {
                Ok(HttpResponse::Ok().json(detail(&state.store, id).await?))
            }
            DigestOutcome::NothingNew => Err(ApiError::NothingNew),
        };
    }
    let changes = DraftChanges {
        subject: subject_of(request.subject.as_deref().unwrap_or_default())?,
        intro: intro_of(request.intro)?,
        article_ids: Some(request.article_ids.unwrap_or_default()),
    };
    match crate::issues::create_letter(&state.store, &changes).await? {
        NewLetter::Created(id) => Ok(HttpResponse::Created().json(detail(&state.store, id).await?)),
        NewLetter::UnknownArticles(ids) => Err(unknown_articles(&ids)),
    }
}

/// `PATCH /api/v1/issues/{id}`: only a draft changes.
#[utoipa::path(patch, path = "/api/v1/issues/{id}", tag = "issues",
    params(("id" = i64, Path, description = "Issue id")),
    request_body(content = DraftPatch, content_type = "application/json"),
    responses(
        (status = 200, description = "The draft as changed", body = IssueDetail),
        (status = 400, description = "The body is not the JSON expected", body = ErrorBody),
        (status = 401, description = "No live bearer token", body = ErrorBody),
        (status = 404, description = "No such issue", body = ErrorBody),
        (status = 409, description = "Not a draft any more: it cannot change", body = ErrorBody),
        (status = 422, description = "Empty or long subject, or an unknown article", body = ErrorBody),
    ),
    security(("bearer" = [])))]
#[tracing::instrument(name = "api.issues.update", skip_all, fields(caller = %caller.token_name))]
pub async fn update(
    caller: ApiCaller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let id = issue_id(&id)?;
    let patch: DraftPatch = json(&body)?;
    // Fields left out are kept by the update itself: no read of the draft beforehand.
    let checked = (|| {
        Ok(DraftUpdate {
            subject: patch.subject.as_deref().map(subject_of).transpose()?,
            intro: patch.intro.map(intro_of).transpose()?,
            article_ids: patch.article_ids,
        })
    })();
    let changes = match checked {
        Ok(changes) => changes,
        Err(refused) => return Err(unknown_issue_first(&state, id, refused).await),
    };
    match crate::issues::edit_draft(&state.store, id, &changes).await? {
        DraftEdit::Updated => Ok(HttpResponse::Ok().json(detail(&state.store, id).await?)),
        DraftEdit::NotFound => Err(not_found(id)),
        DraftEdit::NotDraft => Err(ApiError::NotEditable(id)),
        DraftEdit::UnknownArticles(ids) => {
            Err(unknown_issue_first(&state, id, unknown_articles(&ids)).await)
        }
    }
}

/// A refused PATCH of an issue that does not exist answers 404, whatever else was wrong.
/// Only these failures look the issue up.
async fn unknown_issue_first(state: &AppState, id: i64, refused: ApiError) -> ApiError {
    match state.store.issue_status(id).await {
        Ok(Some(_)) => refused,
        Ok(None) => not_found(id),
        Err(e) => e.into(),
    }
}

#[derive(Debug, Deserialize)]
pub struct PreviewQuery {
    lang: Option<String>,
    format: Option<String>,
    topics: Option<String>,
}

/// `GET /api/v1/issues/{id}/preview?lang=fr|en&format=html|text&topics=a,b`.
#[utoipa::path(get, path = "/api/v1/issues/{id}/preview", tag = "issues",
    params(
        ("id" = i64, Path, description = "Issue id"),
        ("lang" = Option<String>, Query, description = "fr (default) or en"),
        ("format" = Option<String>, Query, description = "html (default) or text"),
        ("topics" = Option<String>, Query, description = "Topic slugs joined by commas: the copy a reader with these topics gets (a digest carries only the groups of stories touching them); absent, the whole edition"),
    ),
    responses(
        (status = 200, description = "The e-mail's HTML or text part, greeting a sample reader", content_type = "text/html", body = String),
        (status = 401, description = "No live bearer token", body = ErrorBody),
        (status = 404, description = "No such issue", body = ErrorBody),
        (status = 422, description = "Bad lang, format or topics, or a reader with these topics gets no copy of this issue (`field`: topics)", body = ErrorBody),
    ),
    security(("bearer" = [])))]
#[tracing::instrument(name = "api.issues.preview", skip_all, fields(caller = %caller.token_name))]
pub async fn preview(
    caller: ApiCaller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    query: web::Query<PreviewQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = issue_id(&id)?;
    let lang = match query.lang.as_deref() {
        None => Lang::Fr,
        Some(code) => Lang::from_code(code).ok_or_else(|| ApiError::Invalid {
            field: "lang",
            message: "lang is fr or en".into(),
        })?,
    };
    let text = match query.format.as_deref() {
        None | Some("html") => false,
        Some("text") => true,
        Some(_) => {
            return Err(ApiError::Invalid {
                field: "format",
                message: "format is html or text".into(),
            });
        }
    };
    let topics = match query.topics.as_deref().map(str::trim) {
        None | Some("") => TopicChoice::Every,
        Some(list) => {
            let slugs: Vec<&str> = list.split(',').map(str::trim).collect();
            TopicChoice::from_slugs(&slugs).map_err(|e| ApiError::Invalid {
                field: "topics",
                message: e.to_string(),
            })?
        }
    };
    let preview = match preview_issue(
        &state.store,
        state.base_url.as_str(),
        state.click_counts,
        id,
        lang,
        topics,
    )
    .await
    // A database or template failure: ours either way.
    .map_err(ApiError::internal)?
    {
        PreviewOf::Copy(preview) => preview,
        PreviewOf::NoIssue => return Err(not_found(id)),
        PreviewOf::NothingForThem => {
            return Err(ApiError::Invalid {
                field: "topics",
                message: "a reader with these topics gets no copy of this issue".into(),
            });
        }
    };
    Ok(if text {
        HttpResponse::Ok()
            .content_type("text/plain; charset=utf-8")
            .body(preview.text)
    } else {
        HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .insert_header((header::CONTENT_SECURITY_POLICY, "script-src 'none'"))
            .body(preview.html)
    })
}
