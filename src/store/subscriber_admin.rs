//! What editors do to readers: list and search them page by page, read one, erase one.
use super::statuses::{DeliveryStatus, SubscriberStatus};
use super::{Actor, AuditAction, Backend, Store, StoreError, Subscriber, UnsubscribeOutcome};
use crate::domain::SubscriberEmail;

/// Which readers a page shows.
#[derive(Debug, Clone, Default)]
pub struct SubscriberFilter {
    pub status: Option<SubscriberStatus>,
    /// Matches the start of the address, or any part of the name (case-insensitive).
    pub search: Option<String>,
}

/// Adds the conditions of `$filter` (with `$search` lowercased) to a query that already has a
/// `WHERE`: the list and the export's count must match the same readers.
macro_rules! push_filter {
    ($query:ident, $filter:expr, $search:expr) => {
        if let Some(status) = &$filter.status {
            $query.push(" AND status = ").push_bind(status.as_str());
        }
        if let Some(search) = &$search {
            let escaped = search
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            $query
                .push(" AND (email_key LIKE ")
                .push_bind(format!("{escaped}%"))
                .push(" ESCAPE '\\' OR LOWER(COALESCE(name, '')) LIKE ")
                .push_bind(format!("%{escaped}%"))
                .push(" ESCAPE '\\')");
        }
    };
}

impl Store {
    /// Readers newest first, older than `before` (an id) when given.
    #[tracing::instrument(name = "store.subscribers_page", skip(self))]
    pub async fn subscribers_page(
        &self,
        filter: &SubscriberFilter,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<Subscriber>, StoreError> {
        let search = filter.search.as_deref().map(str::to_lowercase);
        // No stored address or name holds a NUL (PostgreSQL refuses one even as a parameter).
        if search.as_deref().is_some_and(|s| s.contains('\0')) {
            return Ok(Vec::new());
        }
        let rows = on_read_pool!(self, pool => {
            let mut query = sqlx::QueryBuilder::new(concat!("SELECT ", subscriber_columns!(), " FROM subscribers WHERE id < "));
            query.push_bind(before.unwrap_or(i64::MAX));
            push_filter!(query, filter, search);
            query.push(" ORDER BY id DESC LIMIT ").push_bind(limit);
            query.build_query_as::<Subscriber>().fetch_all(pool).await?
        });
        Ok(rows)
    }

    /// How many readers `filter` matches (what an export of it holds).
    #[tracing::instrument(name = "store.count_matching", skip(self))]
    pub async fn count_matching(&self, filter: &SubscriberFilter) -> Result<u64, StoreError> {
        let search = filter.search.as_deref().map(str::to_lowercase);
        if search.as_deref().is_some_and(|s| s.contains('\0')) {
            return Ok(0);
        }
        let count: i64 = on_read_pool!(self, pool => {
            let mut query = sqlx::QueryBuilder::new("SELECT COUNT(*) FROM subscribers WHERE 1 = 1");
            push_filter!(query, filter, search);
            query.build_query_scalar::<i64>().fetch_one(pool).await?
        });
        Ok(count.max(0) as u64)
    }

    /// An editor unsubscribes a reader; the audit entry commits with the change, and only
    /// when something changed.
    #[tracing::instrument(name = "store.unsubscribe_reader", skip(self))]
    pub async fn unsubscribe_reader(
        &self,
        id: i64,
        by: &Actor,
    ) -> Result<UnsubscribeOutcome, StoreError> {
        let now = super::now();
        let outcome = on_write_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let updated: Option<i64> = sqlx::query_scalar(
                "UPDATE subscribers SET status = 'unsubscribed', unsubscribed_at = $2 \
                 WHERE id = $1 AND status <> 'unsubscribed' RETURNING id",
            )
            .bind(id)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
            let outcome = if updated.is_some() {
                let detail = format!("reader #{id} unsubscribed");
                insert_audit!(&mut *tx, by, AuditAction::UnsubscribeReader, detail)?;
                UnsubscribeOutcome::Unsubscribed
            } else {
                let known: Option<i64> = sqlx::query_scalar("SELECT id FROM subscribers WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
                match known {
                    Some(_) => UnsubscribeOutcome::AlreadyUnsubscribed,
                    None => UnsubscribeOutcome::Unknown,
                }
            };
            tx.commit().await?;
            outcome
        });
        Ok(outcome)
    }

    #[tracing::instrument(name = "store.subscriber_by_id", skip(self))]
    pub async fn subscriber_by_id(&self, id: i64) -> Result<Option<Subscriber>, StoreError> {
        let found = on_read_pool!(self, pool => {
            sqlx::query_as::<_, Subscriber>(concat!(
                "SELECT ",
                subscriber_columns!(),
                " FROM subscribers WHERE id = $1"
            ))
            .bind(id)
            .fetch_optional(pool)
            .await?
        });
        Ok(found)
    }

    /// Erases a reader for good (an erasure request): their deliveries, every e-mail to
    /// their address (test copies included), the confirmations to any spelling of their mailbox and the
    /// reader, in one transaction, with the audit entry (by id only). (Deliveries have no foreign key on PostgreSQL, so they are
    /// deleted here rather than by a cascade.) On SQLite the pages that held them are zeroed
    /// (`secure_delete`) and the write-ahead log is emptied, so the file keeps no copy.
    /// Returns the erased address, to clear what lies outside the database; `None` when there
    /// is no such reader.
    #[tracing::instrument(name = "store.delete_subscriber", skip(self))]
    pub async fn delete_subscriber(
        &self,
        id: i64,
        by: &Actor,
    ) -> Result<Option<SubscriberEmail>, StoreError> {
        let erased = on_write_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let email: Option<String> =
                sqlx::query_scalar("SELECT email FROM subscribers WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
            let Some(email) = email.map(SubscriberEmail::from_stored) else {
                return Ok(None);
            };
            let counted = super::CountedAs::of(&email);
            sqlx::query("DELETE FROM deliveries WHERE subscriber_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            // Confirmations to other spellings of the same mailbox (`+tags`) are that
            // mailbox's too: the counts go, and with them the last trace of the address.
            sqlx::query(
                "DELETE FROM outbox \
                 WHERE subscriber_id = $1 OR LOWER(recipient) = $2 OR mailbox_hash = $3",
            )
            .bind(id)
            .bind(email.key())
            .bind(&counted.mailbox)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM subscribers WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            insert_audit!(&mut *tx, by, AuditAction::Erase, format!("reader #{id} erased"))?;
            tx.commit().await?;
            self.mailboxes
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .forget(counted.mailbox_bits);
            email
        });
        if let Backend::Sqlite { write, .. } = &self.backend {
            // Readers may hold the log for a moment; what stays is overwritten by later writes.
            if let Err(error) = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(write)
                .await
            {
                tracing::warn!(%error, "cannot empty the write-ahead log after an erasure");
            }
        }
        Ok(Some(erased))
    }
}

/// One issue as a reader received it (or did not).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReaderDelivery {
    pub issue_id: i64,
    pub subject: String,
    #[sqlx(try_from = "String")]
    pub status: DeliveryStatus,
    pub sent_at: Option<chrono::DateTime<chrono::Utc>>,
    pub last_error: Option<String>,
}

impl Store {
    /// The issues sent (or tried) to a reader, newest first.
    #[tracing::instrument(name = "store.reader_history", skip(self))]
    pub async fn reader_history(
        &self,
        subscriber_id: i64,
        limit: i64,
    ) -> Result<Vec<ReaderDelivery>, StoreError> {
        let rows = on_read_pool!(self, pool => {
            sqlx::query_as::<_, ReaderDelivery>(
                "SELECT d.issue_id, i.subject, d.status, d.sent_at, d.last_error \
                 FROM deliveries d JOIN issues i ON i.id = d.issue_id \
                 WHERE d.subscriber_id = $1 ORDER BY d.issue_id DESC LIMIT $2",
            )
            .bind(subscriber_id)
            .bind(limit)
            .fetch_all(pool)
            .await?
        });
        Ok(rows)
    }
}
