//! `GET /r/{issue}/{story}`: a letter's link to a story. Counts the click for the story and
//! redirects to the article; only to the articles of that issue, so it is never an open
//! redirect: any other link answers 404.
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};

use super::book::Moment;
use super::{StoryLinks, Visitor, visitor};
use crate::metrics::{METRICS, count};
use crate::store::ClickCounts;
use crate::web::{AppState, PageCtx, PageError, PageErrorKind};

#[tracing::instrument(name = "GET /r/{issue}/{story}", skip_all)]
pub async fn follow(
    req: HttpRequest,
    path: web::Path<(String, String)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let (issue, story) = path.into_inner();
    let not_found = || PageError::new(&PageCtx::from_request(&req), PageErrorKind::NotFound);
    let issue_id: i64 = issue.parse().map_err(|_| not_found())?;
    let page = state
        .story_links
        .page(issue_id)
        .await
        .map_err(|e| PageError::internal(&PageCtx::from_request(&req), e))?
        .ok_or_else(not_found)?;
    let (article_id, target) = page.target(&story).ok_or_else(not_found)?;
    if state.click_counts == StoryLinks::Counted {
        let mut counts = ClickCounts::default();
        let outcome = match (
            visitor(req.method(), req.headers()),
            page.moment(chrono::Utc::now()),
        ) {
            // A test copy of an issue not sent yet: nothing to count, whoever follows it.
            (_, Moment::NotSent) => None,
            (Visitor::Robot, _) => {
                counts.robots = 1;
                Some("robot")
            }
            (Visitor::Person, Moment::Early) => {
                counts.early = 1;
                Some("early")
            }
            (Visitor::Person, Moment::Counted) => {
                counts.clicks = 1;
                Some("counted")
            }
        };
        if let Some(outcome) = outcome {
            state.clicks.add(issue_id, article_id, counts);
            count(&METRICS.story_clicks, outcome);
        }
    }
    Ok(HttpResponse::build(StatusCode::FOUND)
        .insert_header((header::LOCATION, &*target))
        // Every click reaches us (none answered from a cache), and the article's site does
        // not learn the letter's link.
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::REFERRER_POLICY, "no-referrer"))
        .insert_header(("x-robots-tag", "noindex"))
        .finish())
}
