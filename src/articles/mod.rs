//! Articles: the Markdown-with-front-matter format of `articles/*.md`, and the importer that
//! turns the newsroom's raw scraped text into it.
mod article_file;
mod create;
mod headline;
mod import;
mod import_files;
mod markdown;
mod slug;
mod sync;

pub use article_file::{ArticleFile, ArticleFileError, FileCorrection, FrontMatter};
pub use create::{
    ArticleDraft, CreateArticleError, MAX_TAG_CHARS, MAX_TITLE_CHARS, Problem, article_file,
    create_article,
};
pub use headline::derive_headline;
pub use import::{ImportError, Imported, import_raw};
pub use import_files::{ImportFileError, ImportReport, Written, import_file};
pub use markdown::render_html;
pub use slug::{is_slug, slugify};
pub use sync::{SyncError, SyncProblem, SyncReport, article_topics, sync_folder};
