use actix_web::{HttpResponse, web};
use atom_syndication::{Entry, Feed, FixedDateTime, Link, Person, Text};

use super::ARCHIVE_LIMIT;
use crate::web::AppState;

/// `GET /feed.xml`: an Atom feed of sent issues, written by atom_syndication.
#[tracing::instrument(name = "GET /feed.xml", skip_all)]
pub async fn feed(state: web::Data<AppState>) -> HttpResponse {
    let issues = match state.store.sent_issues(ARCHIVE_LIMIT).await {
        Ok(issues) => issues,
        Err(error) => {
            tracing::error!(error = format!("{error:#}"), "feed unavailable");
            return HttpResponse::ServiceUnavailable().finish();
        }
    };
    // An issue whose stories were corrected since is updated: readers of the feed see it again.
    let corrected = match state.store.corrected_issues().await {
        Ok(corrected) => corrected,
        Err(error) => {
            tracing::error!(error = format!("{error:#}"), "feed unavailable");
            return HttpResponse::ServiceUnavailable().finish();
        }
    };
    let base = state.base_url.as_str().trim_end_matches('/');
    let link = |href: String, rel: &str| Link {
        href,
        rel: rel.to_owned(),
        ..Default::default()
    };
    let stamp = |at: chrono::DateTime<chrono::Utc>| -> FixedDateTime { at.fixed_offset() };
    let entries: Vec<Entry> = issues
        .iter()
        .map(|issue| {
            let url = format!("{base}/archive/{}", issue.slug);
            let sent = stamp(issue.sent_at.unwrap_or(issue.created_at));
            let updated = corrected
                .get(&issue.id)
                .map_or(sent, |at| stamp(*at).max(sent));
            Entry {
                id: url.clone(),
                title: Text::plain(issue.subject.clone()),
                updated,
                published: Some(sent),
                links: vec![link(url, "alternate")],
                ..Default::default()
            }
        })
        .collect();
    let updated = entries
        .iter()
        .map(|e| e.updated)
        .max()
        .unwrap_or_else(|| stamp(chrono::DateTime::UNIX_EPOCH));
    let feed = Feed {
        id: format!("{base}/feed.xml"),
        title: Text::plain("Caravan — La lettre de l’Asie centrale"),
        updated,
        lang: Some("fr".to_owned()),
        authors: vec![Person {
            name: state
                .mail_from
                .name
                .clone()
                .unwrap_or_else(|| "Caravan".to_owned()),
            ..Default::default()
        }],
        links: vec![
            link(format!("{base}/feed.xml"), "self"),
            link(format!("{base}/archive"), "alternate"),
        ],
        entries,
        ..Default::default()
    };
    HttpResponse::Ok()
        .content_type("application/atom+xml; charset=utf-8")
        .body(feed.to_string())
}
