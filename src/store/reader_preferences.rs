//! What a reader chose for their letters: topics, language, a pause. Changed by the reader
//! from their preference page, or by an editor from the reader's page (then audited).
use chrono::{DateTime, Utc};

use super::{Actor, AuditAction, NewMessage, Store, StoreError};
use crate::domain::Lang;
use crate::topics::TopicChoice;

/// A single e-mail the outbox sent (or will send) a reader: confirmations, sign-in links,
/// welcomes.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReaderMessage {
    pub kind: String,
    pub subject: String,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

/// A reader's choices, all at once (the preference page sends the whole form).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preferences {
    pub topics: TopicChoice,
    pub lang: Lang,
}

impl Store {
    /// Sets a reader's topics; `false` when there is no such reader. Audited when an editor
    /// or a tool did it (`by`); a reader's own change is theirs alone.
    #[tracing::instrument(name = "store.set_reader_topics", skip(self, by))]
    pub async fn set_reader_topics(
        &self,
        subscriber_id: i64,
        topics: TopicChoice,
        by: Option<&Actor>,
    ) -> Result<bool, StoreError> {
        let changed = on_write_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let changed = sqlx::query("UPDATE subscribers SET topics = $2 WHERE id = $1")
                .bind(subscriber_id)
                .bind(topics.to_column())
                .execute(&mut *tx)
                .await?
                .rows_affected()
                > 0;
            if let (true, Some(by)) = (changed, by) {
                let chosen = match topics {
                    TopicChoice::Every => "every topic".to_owned(),
                    some => some.slugs().join(", "),
                };
                let detail = format!("reader #{subscriber_id}: {chosen}");
                insert_audit!(&mut *tx, by, AuditAction::ReaderTopics, detail)?;
            }
            tx.commit().await?;
            changed
        });
        Ok(changed)
    }

    /// Saves the preference page: topics and language together.
    #[tracing::instrument(name = "store.save_preferences", skip(self))]
    pub async fn save_preferences(
        &self,
        subscriber_id: i64,
        preferences: Preferences,
    ) -> Result<bool, StoreError> {
        let changed = on_write_pool!(self, pool => {
            sqlx::query("UPDATE subscribers SET topics = $2, lang = $3 WHERE id = $1")
                .bind(subscriber_id)
                .bind(preferences.topics.to_column())
                .bind(preferences.lang.code())
                .execute(pool)
                .await?
                .rows_affected()
                > 0
        });
        Ok(changed)
    }

    /// Pauses a reader's letters until `until` (`None`: resumes them).
    #[tracing::instrument(name = "store.pause_reader", skip(self))]
    pub async fn pause_reader(
        &self,
        subscriber_id: i64,
        until: Option<DateTime<Utc>>,
    ) -> Result<bool, StoreError> {
        let changed = on_write_pool!(self, pool => {
            sqlx::query("UPDATE subscribers SET paused_until = $2 WHERE id = $1")
                .bind(subscriber_id)
                .bind(until)
                .execute(pool)
                .await?
                .rows_affected()
                > 0
        });
        Ok(changed)
    }

    /// Every single e-mail the outbox holds for a reader, oldest first.
    #[tracing::instrument(name = "store.reader_messages", skip(self))]
    pub async fn reader_messages(
        &self,
        subscriber_id: i64,
    ) -> Result<Vec<ReaderMessage>, StoreError> {
        let rows = on_read_pool!(self, pool => {
            sqlx::query_as::<_, ReaderMessage>(
                "SELECT kind, subject, created_at, sent_at FROM outbox \
                 WHERE subscriber_id = $1 ORDER BY id",
            )
            .bind(subscriber_id)
            .fetch_all(pool)
            .await?
        });
        Ok(rows)
    }

    /// Queues `message` (for its reader) unless one of the same kind was queued for them
    /// since `since`; answers whether it was queued. The reader's row is locked first, so two
    /// requests at once queue one message.
    #[tracing::instrument(name = "store.enqueue_unless_recent", skip_all)]
    pub async fn enqueue_unless_recent(
        &self,
        message: NewMessage,
        since: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let now = super::now();
        let queued = on_write_pool!(self, pool => {
            let mut tx = super::dispatch::BeginWrite::begin_write(pool).await?;
            // A row lock on PostgreSQL; SQLite's write transaction is already alone.
            sqlx::query("UPDATE subscribers SET lang = lang WHERE id = $1")
                .bind(message.subscriber_id)
                .execute(&mut *tx)
                .await?;
            let recent: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM outbox WHERE subscriber_id = $1 AND kind = $2 \
                     AND created_at > $3 LIMIT 1",
            )
            .bind(message.subscriber_id)
            .bind(message.kind)
            .bind(since)
            .fetch_optional(&mut *tx)
            .await?;
            if recent.is_none() {
                insert_messages!(&mut *tx, vec![(message, now, None)], now);
            }
            tx.commit().await?;
            recent.is_none()
        });
        Ok(queued)
    }
}
