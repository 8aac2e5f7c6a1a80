//! A reader's erasure, wherever it is asked for (the admin page, the API): the database rows
//! ([`Store::delete_subscriber`]) and the `.eml` copies the file transport wrote for them.
use std::path::Path;

use crate::domain::SubscriberEmail;
use crate::store::{Actor, Store, StoreError};

/// Erases reader `id`; false when there is no such reader. `outbox_dir` is where the file
/// transport writes (set when no relay is configured); `by` is who asked, for the audit log.
#[tracing::instrument(name = "erase_reader", skip(store, outbox_dir, by))]
pub async fn erase_reader(
    store: &Store,
    outbox_dir: Option<&Path>,
    id: i64,
    by: &Actor,
) -> Result<bool, StoreError> {
    let Some(email) = store.delete_subscriber(id, by).await? else {
        return Ok(false);
    };
    if let Some(dir) = outbox_dir {
        let removed = remove_files_for(dir, &email).await;
        tracing::info!(subscriber_id = id, files = removed, "reader erased");
    } else {
        tracing::info!(subscriber_id = id, "reader erased");
    }
    Ok(true)
}

/// Removes every message file in `dir` addressed to `email` (its confirmations, letters and
/// test copies); returns how many. A file that cannot be read or removed is logged by path.
async fn remove_files_for(dir: &Path, email: &SubscriberEmail) -> usize {
    let Ok(mut entries) = tokio::fs::read_dir(dir).await else {
        return 0;
    };
    let wanted = email.key();
    let mut removed = 0;
    while let Ok(Some(entry)) = entries.next_entry().await {
        let path = entry.path();
        let is_message = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.ends_with(".eml") || n.ends_with(".eml.tmp"));
        if !is_message {
            continue;
        }
        let Ok(raw) = tokio::fs::read(&path).await else {
            continue;
        };
        if !String::from_utf8_lossy(&raw)
            .to_lowercase()
            .contains(&wanted)
        {
            continue;
        }
        match tokio::fs::remove_file(&path).await {
            Ok(()) => removed += 1,
            Err(error) => {
                tracing::warn!(path = %path.display(), %error, "cannot remove an erased reader's message file")
            }
        }
    }
    removed
}
