//! Previews of an issue as a reader gets it: the HTML part in a phone-wide and a desktop-wide
//! frame, and the plain-text part.
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::chrome::Chrome;
use super::error::{AdminError, AdminErrorKind};
use super::session::Editor;
use crate::digest::{Preview, PreviewOf, preview_issue};
use crate::domain::Lang;
use crate::topics::TopicChoice;
use crate::web::{AppState, render};

#[derive(Deserialize)]
pub struct PreviewQuery {
    lang: Option<String>,
    /// Slugs joined by commas: the copy a reader with these topics gets; absent or empty,
    /// the whole edition.
    topics: Option<String>,
}

/// The topics a preview is asked for: `topics=a,b` (the frames' links), or one `t` per box
/// the page's form ticked. Unknown slugs are left out; none is the whole edition.
fn topics_of(query: &PreviewQuery, raw_query: &str) -> TopicChoice {
    let mut slugs: Vec<String> = query
        .topics
        .as_deref()
        .unwrap_or_default()
        .split(',')
        .map(|s| s.trim().to_owned())
        .collect();
    slugs.extend(
        url::form_urlencoded::parse(raw_query.as_bytes())
            .filter(|(k, _)| k == "t")
            .map(|(_, v)| v.into_owned()),
    );
    slugs.retain(|s| crate::topics::catalogue().index_of(s).is_some());
    TopicChoice::from_slugs(&slugs).unwrap_or(TopicChoice::Every)
}

#[derive(Template)]
#[template(path = "admin/preview.html")]
struct PreviewPage {
    c: Chrome,
    id: i64,
    subject: String,
    lang: &'static str,
    /// `None`: a reader with the topics asked for gets nothing from this issue.
    text: Option<String>,
    /// The topic boxes of the "as a reader of…" form, and its value for the frames' links.
    topics: crate::subscriptions::TopicBoxes,
    topics_param: String,
    groups: usize,
    of_groups: usize,
}

/// The issue's e-mail for the sample reader with these topics (`None`: they get none).
async fn rendered(
    editor: &Editor,
    state: &AppState,
    id: i64,
    lang: Lang,
    topics: TopicChoice,
) -> Result<Option<Preview>, AdminError> {
    match preview_issue(
        &state.store,
        state.base_url.as_str(),
        state.click_counts,
        id,
        lang,
        topics,
    )
    .await?
    {
        PreviewOf::Copy(preview) => Ok(Some(preview)),
        PreviewOf::NothingForThem => Ok(None),
        PreviewOf::NoIssue => Err(editor.refuse(AdminErrorKind::NotFound)),
    }
}

fn lang_of(query: &PreviewQuery) -> Lang {
    query
        .lang
        .as_deref()
        .and_then(Lang::from_code)
        .unwrap_or(Lang::Fr)
}

#[tracing::instrument(name = "admin.preview", skip_all, fields(user_id = editor.user.user_id))]
pub async fn page(
    editor: Editor,
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
    query: web::Query<PreviewQuery>,
) -> Result<HttpResponse, AdminError> {
    let id = editor.path_id(&id)?;
    let lang = lang_of(&query);
    let topics = topics_of(&query, req.query_string());
    let preview = rendered(&editor, &state, id, lang, topics).await?;
    let subject = match &preview {
        Some(p) => p.subject.clone(),
        None => state
            .store
            .issue_with_articles(id)
            .await?
            .map(|(issue, _)| issue.subject)
            .unwrap_or_default(),
    };
    let editor_lang = Lang::from_code(editor.t.lang_code).unwrap_or_default();
    Ok(render(
        StatusCode::OK,
        &PreviewPage {
            c: Chrome::new(&editor, &req, "issues"),
            id,
            subject,
            lang: lang.code(),
            groups: preview.as_ref().map_or(0, |p| p.groups),
            of_groups: preview.as_ref().map_or(0, |p| p.of_groups),
            text: preview.map(|p| p.text),
            topics: crate::subscriptions::TopicBoxes::of(editor_lang, topics),
            topics_param: match topics {
                TopicChoice::Every => String::new(),
                some => some.slugs().join(","),
            },
        },
    ))
}

/// `GET /admin/issues/{id}/preview.html`: the HTML part alone, for the preview frames. It
/// may run no script, whatever an article contains.
#[tracing::instrument(name = "admin.preview_html", skip_all, fields(user_id = editor.user.user_id))]
pub async fn html(
    editor: Editor,
    state: web::Data<AppState>,
    id: web::Path<String>,
    query: web::Query<PreviewQuery>,
) -> Result<HttpResponse, AdminError> {
    let id = editor.path_id(&id)?;
    let html = rendered(&editor, &state, id, lang_of(&query), topics_of(&query, ""))
        .await?
        .map(|p| p.html)
        .unwrap_or_default();
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            "script-src 'none'; frame-ancestors 'self'",
        ))
        .body(html))
}
