//! `GET /admin/issues/{id}`: one issue, everything an editor does with it on one page:
//! edit (while a draft), preview, test, send or schedule, cancel, watch.
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::{Datelike, Duration, NaiveTime, Utc};

use super::chrome::{Chrome, issue_status, local_time};
use super::error::{AdminError, AdminErrorKind};
use super::session::Editor;
use crate::store::{IssueProgress, IssueRow, IssueStatus};
use crate::web::{AppState, render};

pub struct ArticleLine {
    pub id: i64,
    pub title: String,
    pub included: bool,
    pub position: usize,
    /// Grouped under another story ("Sur le même sujet").
    pub related: bool,
}

#[derive(Template)]
#[template(path = "admin/issue.html")]
struct IssuePage {
    c: Chrome,
    issue: IssueRow,
    intro: String,
    status_label: &'static str,
    editable: bool,
    articles: Vec<ArticleLine>,
    progress: IssueProgress,
    scheduled_for: Option<String>,
    started: Option<String>,
    finished: Option<String>,
    /// Prefilled schedule: next Monday at 08:00, newsroom time (`YYYY-MM-DDTHH:MM`).
    suggested_at: String,
    now_local: String,
    tz: String,
    watching: bool,
    /// Deliveries the relay holds back, and why (a pause, a throttle, the day's quota).
    held: Option<(i64, String)>,
    /// How many messages each relay took (`host:port`, count).
    relays: Vec<(String, i64)>,
    /// What mail servers reported since, once messages went out.
    reports: Option<super::issue_reports::Reports>,
    /// Clicks per story, once the issue started going out.
    clicks: Option<super::issue_clicks::Clicks>,
}

#[tracing::instrument(name = "admin.issue", skip_all, fields(user_id = editor.user.user_id))]
pub async fn show(
    editor: Editor,
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, AdminError> {
    let t = editor.t;
    let tz = state.timezone;
    let id = editor.path_id(&id)?;
    let store = &state.store;
    let (issue, carried) = store
        .issue_with_articles(id)
        .await?
        .ok_or_else(|| editor.refuse(AdminErrorKind::NotFound))?;
    let progress = store
        .issue_progress(id)
        .await?
        .ok_or_else(|| editor.refuse(AdminErrorKind::NotFound))?;
    let intro = store.issue_intro(id).await?.unwrap_or_default();
    let relays = store.issue_relays(id).await?;
    let reports = super::issue_reports::reports(
        store.issue_bounce_counts(id).await?,
        progress.counts.sent,
        t.lang_code,
    );
    let counting = state.click_counts == crate::clicks::StoryLinks::Counted;
    let clicks = match progress.started_at {
        Some(_) => Some(super::issue_clicks::clicks(store, id, counting).await?),
        None => None,
    };
    let held = match progress.status.is_underway() {
        true => store.issue_held(id).await?,
        false => None,
    };
    let editable = issue.status == IssueStatus::Draft;
    let mut articles: Vec<ArticleLine> = carried
        .iter()
        .enumerate()
        .map(|(n, a)| ArticleLine {
            id: a.id,
            title: a.title.clone(),
            included: true,
            position: n + 1,
            related: a.lead_article_id != a.id,
        })
        .collect();
    if editable {
        let candidates = store.digest_candidates().await?;
        for candidate in candidates {
            if articles.iter().any(|a| a.id == candidate.id) {
                continue;
            }
            articles.push(ArticleLine {
                id: candidate.id,
                title: candidate.title,
                included: false,
                position: articles.len() + 1,
                related: false,
            });
        }
    }
    let now = Utc::now().with_timezone(&tz);
    let days_to_monday = 7 - i64::from(now.weekday().num_days_from_monday());
    let monday = now.date_naive() + Duration::days(days_to_monday);
    let suggested_at = monday
        .and_time(NaiveTime::from_hms_opt(8, 0, 0).unwrap_or(NaiveTime::MIN))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let at = |time: Option<chrono::DateTime<Utc>>| time.map(|t_| local_time(t, t_, tz));
    Ok(render(
        StatusCode::OK,
        &IssuePage {
            c: Chrome::new(&editor, &req, "issues"),
            status_label: issue_status(t, issue.status),
            editable,
            intro,
            articles,
            scheduled_for: match progress.status {
                IssueStatus::Queued => at(progress.send_at),
                _ => None,
            },
            started: at(progress.started_at),
            finished: at(progress.finished_at),
            watching: progress.status.is_underway(),
            held,
            relays,
            reports,
            clicks,
            progress,
            suggested_at,
            now_local: now.format("%Y-%m-%dT%H:%M").to_string(),
            tz: tz.name().to_owned(),
            issue,
        },
    ))
}
