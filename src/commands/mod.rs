//! What each `caravan` subcommand does; `cli.rs` only parses and dispatches.
mod articles;
mod bounces;
mod copy_to;
mod digest;
mod issues;
mod sending;
mod subscribers;
mod test_send;
mod tokens;
mod users;

pub use articles::{correct_article, import_articles, list_articles, sync_articles};
pub use bounces::{import_bounces, listen_for_bounces};
pub use copy_to::copy_to;
pub use digest::build_digest_command;
pub use issues::{list_issues, show_issue};
pub use sending::{cancel_issue, queue_issue, send_issue, summary};
pub use subscribers::{export_subscribers, import_subscribers, list_subscribers};
pub use test_send::test_issue;
pub use tokens::{create_token, list_tokens, revoke_token};
pub use users::{add_user, list_users};

use std::future::Future;

use crate::config::Settings;
use crate::startup::open_store;
use crate::store::Store;

/// Opens the database, runs `work`, and closes the database whatever happened.
async fn with_store<T, F, Fut>(settings: &Settings, work: F) -> anyhow::Result<T>
where
    F: FnOnce(Store) -> Fut,
    Fut: Future<Output = anyhow::Result<T>>,
{
    let store = open_store(settings).await?;
    let result = work(store.clone()).await;
    store.close().await;
    result
}
