//! Adding readers who already agreed elsewhere (a list moved from another service): stored
//! confirmed, without a confirmation e-mail. Also how benchmarks and tests seed large lists.
use super::SubscriberStatus;
use crate::domain::{Lang, SubscriberEmail, SubscriberName};
use crate::topics::TopicChoice;

use super::{Actor, AuditAction, Store, StoreError};

/// One reader to import.
#[derive(Debug, Clone)]
pub struct ImportedReader {
    pub email: SubscriberEmail,
    pub name: Option<SubscriberName>,
    pub lang: Lang,
    /// Imported as having left (a suppression list): kept, never mailed.
    pub unsubscribed: bool,
    pub topics: TopicChoice,
}

/// Rows per statement: well under SQLite's and PostgreSQL's limits on bound values.
const CHUNK: usize = 1000;

impl Store {
    /// Inserts readers as confirmed (or unsubscribed, when the list says so), in chunks of
    /// multi-row statements inside one transaction; an address already known is left as it
    /// is. Returns how many were added. Unaudited: how benchmarks and tests seed lists; people
    /// and tools import through [`Store::import_confirmed_by`].
    #[tracing::instrument(name = "store.import_confirmed", skip_all, fields(count = readers.len()))]
    pub async fn import_confirmed(&self, readers: &[ImportedReader]) -> Result<u64, StoreError> {
        self.import_readers(readers, None, |_| {}).await
    }

    /// [`Store::import_confirmed`] with its audit entry in the same transaction.
    #[tracing::instrument(name = "store.import_confirmed_by", skip_all, fields(count = readers.len()))]
    pub async fn import_confirmed_by(
        &self,
        readers: &[ImportedReader],
        by: &Actor,
    ) -> Result<u64, StoreError> {
        self.import_readers(readers, Some(by), |_| {}).await
    }

    /// [`Store::import_confirmed`], audited when `by` is given, telling `progress` how many
    /// rows are written after each chunk (for a progress bar).
    pub async fn import_readers(
        &self,
        readers: &[ImportedReader],
        by: Option<&Actor>,
        mut progress: impl FnMut(usize) + Send,
    ) -> Result<u64, StoreError> {
        let now = super::now();
        let added = on_write_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let mut added = 0;
            let mut done = 0;
            for chunk in readers.chunks(CHUNK) {
                let mut insert = sqlx::QueryBuilder::new(
                    "INSERT INTO subscribers \
                     (email, email_key, name, status, lang, created_at, confirmed_at, \
                      unsubscribed_at, suppressed, topics) ",
                );
                insert.push_values(chunk, |mut row, reader| {
                    row.push_bind(reader.email.as_str())
                        .push_bind(reader.email.key())
                        .push_bind(reader.name.as_ref().map(|n| n.as_str()))
                        .push_bind(
                            if reader.unsubscribed {
                                SubscriberStatus::Unsubscribed
                            } else {
                                SubscriberStatus::Confirmed
                            }
                            .as_str(),
                        )
                        .push_bind(reader.lang.code())
                        .push_bind(now)
                        .push_bind((!reader.unsubscribed).then_some(now))
                        .push_bind(reader.unsubscribed.then_some(now))
                        // A suppression list: nobody's sign-up may mail these addresses.
                        .push_bind(reader.unsubscribed.then_some("import"))
                        .push_bind(reader.topics.to_column());
                });
                insert.push(" ON CONFLICT (email_key) DO NOTHING");
                added += insert.build().execute(&mut *tx).await?.rows_affected();
                done += chunk.len();
                progress(done);
            }
            if let Some(by) = by {
                let detail = format!(
                    "imported {} added / {} known",
                    super::thousands(added),
                    super::thousands(readers.len() as u64 - added)
                );
                insert_audit!(&mut *tx, by, AuditAction::Import, detail)?;
            }
            tx.commit().await?;
            added
        });
        Ok(added)
    }
}
