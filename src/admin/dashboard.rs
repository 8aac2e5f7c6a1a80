//! `GET /admin`: readers and their trend, what is scheduled, the latest issues' figures.
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::{Datelike, Duration, NaiveTime, Utc};

use super::chrome::{Chrome, issue_status, local_time};
use super::error::AdminError;
use super::session::Editor;
use crate::store::{DeliveryCounts, IssueRow, ReaderCounts};
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
    /// Latest issues whose complaint rate passed 0.1 %: (id, subject, rate, level).
    complaint_warnings: Vec<(i64, String, String, &'static str)>,
    topics: super::topic_panel::TopicPanel,
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
    // Weeks start on Monday at midnight, newsroom time.
    let today = Utc::now().with_timezone(&tz).date_naive();
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let to_utc = |day: chrono::NaiveDate| {
        day.and_time(NaiveTime::MIN)
            .and_local_timezone(tz)
            .earliest()
            .map(|d| d.with_timezone(&Utc))
    };
    let mut starts = Vec::new();
    let mut bounds = Vec::new();
    for back in (0..TREND_WEEKS).rev() {
        let start = monday - Duration::weeks(back);
        if let (Some(from), Some(to)) = (to_utc(start), to_utc(start + Duration::weeks(1))) {
            starts.push(start);
            bounds.push((from, to));
        }
    }

    // Independent reads: run together, a handful of statements in all.
    let (readers, moves, next_issue, drafts, latest, topic_figures) = tokio::try_join!(
        store.reader_counts(),
        store.reader_trend(&bounds),
        store.next_scheduled_issue(),
        store.drafts(3),
        store.latest_issue_figures(LATEST_ISSUES),
        store.topic_figures(),
    )?;

    let mut weeks: Vec<WeekRow> = starts
        .iter()
        .zip(moves)
        .map(|(start, (joined, left))| WeekRow {
            label: match t.lang_code {
                "fr" => start.format("%d/%m").to_string(),
                _ => start.format("%b %d").to_string(),
            },
            joined,
            left,
            height: 0,
        })
        .collect();
    let busiest = weeks.iter().map(|w| w.joined).max().unwrap_or(0).max(1);
    for week in &mut weeks {
        week.height = (week.joined * 100 / busiest).max(2);
    }

    let next_issue = next_issue.map(|i| {
        let when = i
            .send_at
            .map(|at| local_time(t, at, tz))
            .unwrap_or_default();
        (i.id, i.subject, when)
    });
    let drafts = drafts.into_iter().map(|d| (d.id, d.subject)).collect();
    let next_digest = state
        .digest_schedule
        .next_tick(Utc::now())
        .map(|at| local_time(t, at, tz));

    let sent_issues: Vec<i64> = latest
        .iter()
        .filter(|f| f.counts.sent > 0)
        .map(|f| f.issue.id)
        .collect();
    let complaints = store.complaints_by_issue(&sent_issues).await?;
    let complaint_warnings = latest
        .iter()
        .filter_map(|f| {
            let (_, count) = complaints.iter().find(|(id, _)| *id == f.issue.id)?;
            let level = super::issue_reports::complaint_level(*count, f.counts.sent);
            (level != "ok").then(|| {
                let rate = super::issue_reports::rate(*count, f.counts.sent, t.lang_code);
                (f.issue.id, f.issue.subject.clone(), rate, level)
            })
        })
        .collect();
    let latest = latest
        .into_iter()
        .map(|figures| IssueFigures {
            status_label: issue_status(t, figures.issue.status),
            issue: figures.issue,
            counts: figures.counts,
        })
        .collect();

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
            complaint_warnings,
            topics: super::topic_panel::topic_panel(t, &topic_figures),
        },
    ))
}
