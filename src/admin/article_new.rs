//! `/admin/articles/new`: one article with the same fields as an article file's front matter.
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::chrome::Chrome;
use super::error::AdminError;
use super::issue_list::see_other;
use super::notice::Notice;
use super::session::Editor;
use super::texts::AdminTexts;
use crate::articles::{ArticleDraft, CreateArticleError, Problem, create_article};
use crate::web::{AppState, render};

#[derive(Deserialize, Default)]
pub struct ArticleForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    caption: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    url: String,
    #[serde(default)]
    tags: String,
    #[serde(default)]
    lang: String,
    #[serde(default)]
    body: String,
}

#[derive(Template)]
#[template(path = "admin/article_new.html")]
struct NewArticlePage {
    c: Chrome,
    form: ArticleForm,
    /// The field at fault and what to say about it.
    error: Option<(&'static str, &'static str)>,
}

impl NewArticlePage {
    /// What to say under field `name`, if it is the one at fault.
    fn error_for(&self, name: &str) -> Option<&'static str> {
        self.error
            .filter(|(field, _)| *field == name)
            .map(|(_, message)| message)
    }
}

fn problem_text(t: &AdminTexts, problem: Problem) -> &'static str {
    match problem {
        Problem::Required => t.problem_required,
        Problem::TooLong => t.problem_too_long,
        Problem::BadDate => t.problem_bad_date,
        Problem::BadUrl => t.problem_bad_url,
        Problem::BadLang => t.problem_bad_lang,
        Problem::BadSlug => t.slug_taken,
        Problem::BadCharacters => t.problem_bad_characters,
        Problem::UnknownTopic => t.problem_unknown_topic,
    }
}

#[tracing::instrument(name = "admin.article_form", skip_all, fields(user_id = editor.user.user_id))]
pub async fn form(editor: Editor, req: HttpRequest) -> HttpResponse {
    render(
        StatusCode::OK,
        &NewArticlePage {
            c: Chrome::new(&editor, &req, "articles"),
            form: ArticleForm {
                lang: "fr".into(),
                ..ArticleForm::default()
            },
            error: None,
        },
    )
}

#[tracing::instrument(name = "admin.article_create", skip_all, fields(user_id = editor.user.user_id))]
pub async fn create(
    editor: Editor,
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<ArticleForm>,
) -> Result<HttpResponse, AdminError> {
    let form = form.into_inner();
    editor.check_csrf(&form.csrf)?;
    let draft = ArticleDraft {
        title: form.title.clone(),
        date: form.date.clone(),
        summary: form.summary.clone(),
        caption: form.caption.clone(),
        source: form.source.clone(),
        url: form.url.clone(),
        tags: form.tags.split(',').map(str::to_owned).collect(),
        // The tagger's, at each sync; an editor sets them in the file's front matter.
        topics: Vec::new(),
        lang: form.lang.clone(),
        body: form.body.clone(),
        slug: String::new(),
    };
    let t = editor.t;
    let error = match create_article(&state.store, &state.articles_dir, &draft).await {
        Ok(_) => {
            return Ok(see_other(format!(
                "/admin/articles?notice={}",
                Notice::ArticleCreated
            )));
        }
        Err(CreateArticleError::Invalid { field, problem }) => (field, problem_text(t, problem)),
        Err(CreateArticleError::SlugTaken(_)) => ("title", t.slug_taken),
        Err(e) => return Err(AdminError::internal(e)),
    };
    // The form comes back as typed, with the field at fault named.
    Ok(render(
        StatusCode::UNPROCESSABLE_ENTITY,
        &NewArticlePage {
            c: Chrome::new(&editor, &req, "articles"),
            form,
            error: Some(error),
        },
    ))
}
