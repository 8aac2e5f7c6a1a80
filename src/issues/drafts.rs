//! Drafts: a new letter gets its name here (the slug the archive will show), then its row and
//! articles from the store in one transaction; an edit changes a draft and nothing else.
use crate::store::{DraftChanges, DraftEdit, DraftUpdate, NewLetter, Store, StoreError};

/// A new draft letter, named `lettre-2026-11-24-3f9a1c`: dated for readers of the archive,
/// with six random hex digits so that two letters of one day never share a name.
#[tracing::instrument(name = "issues.create_letter", skip_all)]
pub async fn create_letter(store: &Store, changes: &DraftChanges) -> Result<NewLetter, StoreError> {
    let now = crate::store::now();
    let slug = format!(
        "lettre-{}-{}",
        now.format("%Y-%m-%d"),
        &uuid::Uuid::new_v4().simple().to_string()[..6]
    );
    store.create_letter(&slug, changes).await
}

/// Edits draft `id`: the fields given change, the others stay. Only a draft changes: once
/// queued, an issue is what its readers will get.
#[tracing::instrument(name = "issues.edit_draft", skip(store, changes))]
pub async fn edit_draft(
    store: &Store,
    id: i64,
    changes: &DraftUpdate,
) -> Result<DraftEdit, StoreError> {
    let edit = store.update_draft(id, changes).await?;
    if edit == DraftEdit::Updated {
        tracing::info!(issue_id = id, "draft edited");
    }
    Ok(edit)
}
