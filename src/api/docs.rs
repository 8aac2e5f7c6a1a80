//! The OpenAPI 3.1 document of the API, generated from the handlers' annotations and the
//! answer types; served at `/api/v1/openapi.json`.
use actix_web::HttpResponse;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
use utoipa::{Modify, OpenApi};

use super::articles::{
    self, ArticleCreated, ArticlePage, NewArticleRequest, SyncProblemBody, SyncSummary,
};
use super::bodies::{ArticleListRow, DeliveryCounts, IssueRow, Subscriber};
use super::bodies::{
    ArticleRef, ErrorBody, ErrorDetail, ImportSummary, IssueDetail, IssuePage, Progress,
    SubscriberPage,
};
use super::corrections::{self, CorrectionOutcome, CorrectionRequest};
use super::issue_drafts::{self, DraftPatch, NewIssueRequest};
use super::issues::{self, QueueRequest};
use super::subscriber_events::{self, BounceEvent, BounceEventList};
use super::subscribers;
use super::test_send::{self, TestSendQueued, TestSendRequest};
use super::topics::{self, TopicBody, TopicList};
use crate::store::{BounceKind, IssueStatus, SubscriberStatus};
use crate::subscriptions::RejectedRow;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Caravan API",
        version = "1",
        description = "Issues and readers of a Caravan newsletter. Every route wants \
            `Authorization: Bearer <token>` (`caravan tokens create NAME`). Every error is \
            `{\"error\": {\"code\", \"message\", \"field\"?}}`; a failure on our side is a 500 \
            with code `internal` and the `request_id` to quote. Lists page by `cursor`."
    ),
    paths(
        articles::list,
        articles::create,
        articles::sync,
        corrections::correct,
        topics::list,
        issues::list,
        issue_drafts::create,
        issue_drafts::update,
        issue_drafts::preview,
        issues::show,
        issues::progress,
        issues::queue,
        issues::cancel,
        test_send::test_send,
        subscribers::list,
        subscribers::create,
        subscribers::export,
        subscribers::import,
        subscribers::show,
        subscribers::delete,
        subscriber_events::events,
    ),
    components(schemas(
        IssuePage, IssueDetail, IssueRow, IssueStatus, ArticleRef, Progress, DeliveryCounts,
        QueueRequest,
        SubscriberPage, Subscriber, SubscriberStatus, ImportSummary, ErrorBody, ErrorDetail,
        RejectedRow, TestSendRequest, TestSendQueued, ArticlePage, ArticleListRow,
        NewArticleRequest, ArticleCreated, SyncSummary, SyncProblemBody, NewIssueRequest,
        DraftPatch, subscribers::NewSubscriberRequest, BounceEventList, BounceEvent, BounceKind,
        TopicList, TopicBody, CorrectionRequest, CorrectionOutcome,
    )),
    modifiers(&BearerToken, &InternalError),
    tags(
        (name = "articles", description = "What issues carry: list, add, re-read the folder, and the topics they are tagged with"),
        (name = "issues", description = "Make, edit, preview, test, queue, schedule, cancel and watch issues"),
        (name = "subscribers", description = "Readers: list, search, add (double opt-in), import, export, erase, and what mail servers reported about their mail"),
    )
)]
pub struct ApiDoc;

struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Any route can fail on our side (the token is checked in the database): each documents
/// the 500, once here rather than in every handler's annotation.
struct InternalError;

impl Modify for InternalError {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let response = ResponseBuilder::new()
            .description("A failure on our side, logged under `request_id`")
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ErrorBody")))
                    .build(),
            )
            .build();
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for operation in operations.into_iter().flatten() {
                operation
                    .responses
                    .responses
                    .entry("500".to_owned())
                    .or_insert_with(|| response.clone().into());
            }
        }
    }
}

/// `GET /api/v1/openapi.json`: public, so tools can discover the API before they hold a token.
pub async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}
