//! Drafts: a new letter gets its name here (the slug the archive will show), then its row and
//! articles from the store in one transaction.
use crate::store::{DraftChanges, NewLetter, Store, StoreError};

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
