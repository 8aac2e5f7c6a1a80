//! `GET /admin`: readers and their trend, what is scheduled, the latest issues' figures.
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::{Datelike, Duration, NaiveTime, Utc};

use super::chrome::{Chrome, issue_status, local_time};
use super::error::AdminError;
use super::session::Editor;
use crate::store::{DeliveryCounts, IssueRow, IssueStatus, ReaderCounts};
use crate::web::{AppState, render};

/// Weeks shown in the trend.
const TREND_WEEKS: i64 = 8;
const LATEST_ISSUES: i64 = 5;

struct WeekRow {
    label: String,
    joined: i64,
    left: i64,
    /// Bar height, in percent of the busiest week.
    height: i64,
}

struct IssueFigures {
    issue: IssueRow,
    status_label: &'static str,
    counts: DeliveryCounts,
}

#[derive(Template)]
#[template(path = "admin/dashboard.html")]
struct DashboardPage {
    c: Chrome,
    readers: ReaderCounts,
    weeks: Vec<WeekRow>,
    next_issue: Option<(i64, String, String)>,
    /// Drafts waiting for review: `(id, subject)`.
    drafts: Vec<(i64, String)>,
    next_digest: Option<String>,
    latest: Vec<IssueFigures>,
    tz: String,
}

#[tracing::instrument(name = "admin.dashboard", skip_all, fields(user_id = editor.user.user_id))]
pub async fn dashboard(
    editor: Editor,
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AdminError> {
    let t = editor.t;
    let tz = state.timezone;
    let store = &state.store;
    let readers = store.reader_counts().await?;

    // Weeks start on Monday at midnight, newsroom time.
    let today = Utc::now().with_timezone(&tz).date_naive();
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let mut weeks = Vec::new();
    for back in (0..TREND_WEEKS).rev() {
        let start = monday - Duration::weeks(back);
        let to_utc = |day: chrono::NaiveDate| {
            day.and_time(NaiveTime::MIN)
                .and_local_timezone(tz)
                .earliest()
                .map(|d| d.with_timezone(&Utc))
        };
        let (Some(from), Some(to)) = (to_utc(start), to_utc(start + Duration::weeks(1))) else {
            continue;
        };
        let (joined, left) = store.reader_moves(from, to).await?;
        let label = match t.lang_code {
            "fr" => start.format("%d/%m").to_string(),
            _ => start.format("%b %d").to_string(),
        };
        weeks.push(WeekRow {
            label,
            joined,
            left,
            height: 0,
        });
    }
    let busiest = weeks.iter().map(|w| w.joined).max().unwrap_or(0).max(1);
    for week in &mut weeks {
        week.height = (week.joined * 100 / busiest).max(2);
    }

    let next_issue = store.next_scheduled_issue().await?.map(|i| {
        let when = i
            .send_at
            .map(|at| local_time(t, at, tz))
            .unwrap_or_default();
        (i.id, i.subject, when)
    });
    let drafts = store
        .drafts(3)
        .await?
        .into_iter()
        .map(|d| (d.id, d.subject))
        .collect();
    let next_digest = state
        .digest_schedule
        .next_tick(Utc::now())
        .map(|at| local_time(t, at, tz));

    let mut latest = Vec::new();
    for issue in store.issues_page(None, LATEST_ISSUES).await? {
        let counts = match issue.status {
            IssueStatus::Draft => DeliveryCounts::default(),
            _ => store.delivery_counts(issue.id).await?,
        };
        latest.push(IssueFigures {
            status_label: issue_status(t, issue.status),
            issue,
            counts,
        });
    }

    Ok(render(
        actix_web::http::StatusCode::OK,
        &DashboardPage {
            c: Chrome::new(&editor, &req, "dashboard"),
            readers,
            weeks,
            next_issue,
            drafts,
            next_digest,
            latest,
            tz: tz.name().to_owned(),
        },
    ))
}
