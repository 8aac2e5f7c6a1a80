use chrono::{DateTime, Utc};

use super::{Store, StoreError};

/// An e-mail to queue: rendered in full, so that sending it later needs nothing else.
#[derive(Debug, Clone)]
pub struct NewMessage {
    pub message_id: String,
    pub kind: &'static str,
    pub subscriber_id: Option<i64>,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    /// The reader's one-click unsubscribe URL, sent as `List-Unsubscribe`.
    pub list_unsubscribe: Option<String>,
}

/// A message claimed from the outbox for sending.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OutboxMessage {
    pub id: i64,
    pub message_id: String,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub list_unsubscribe: Option<String>,
    pub created_at: DateTime<Utc>,
    pub attempts: i32,
}

/// What became of one claimed message.
#[derive(Debug, Clone)]
pub enum SendResult {
    Sent,
    RetryAt(DateTime<Utc>, String),
    /// The relay could not be reached: try again at this time, with the attempt given back.
    Paused(DateTime<Utc>, String),
    Failed(String),
}

#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct OutboxStats {
    pub pending: i64,
    pub sent: i64,
    pub failed: i64,
}

/// Pushes `INSERT INTO outbox … VALUES …` for `$messages` onto a query builder, so that the
/// insert can stand alone ([`insert_messages!`]) or share a statement with another write.
/// `$messages` gives each message with when it may leave and, for a confirmation, the hash
/// of the mailbox it goes to (see `confirmation_budget`).
macro_rules! push_messages {
    ($builder:expr, $messages:expr, $now:expr) => {{
        let messages: Vec<(
            $crate::store::NewMessage,
            chrono::DateTime<chrono::Utc>,
            Option<String>,
        )> = $messages;
        $builder.push(
            "INSERT INTO outbox (message_id, kind, subscriber_id, recipient, subject, \
             body_text, body_html, list_unsubscribe, created_at, next_attempt_at, \
             mailbox_hash) ",
        );
        $builder.push_values(messages, |mut row, (m, send_at, mailbox)| {
            row.push_bind(m.message_id)
                .push_bind(m.kind)
                .push_bind(m.subscriber_id)
                .push_bind(m.recipient)
                .push_bind(m.subject)
                .push_bind(m.body_text)
                .push_bind(m.body_html)
                .push_bind(m.list_unsubscribe)
                .push_bind($now)
                .push_bind(send_at)
                .push_bind(mailbox);
        });
    }};
}

/// Inserts [`NewMessage`]s in one statement through any executor of either backend (a pool
/// or an open transaction), so that messages are queued in the same transaction as their
/// cause. Expands to nothing when there is no message.
macro_rules! insert_messages {
    ($executor:expr, $messages:expr, $now:expr) => {{
        let messages: Vec<(
            $crate::store::NewMessage,
            chrono::DateTime<chrono::Utc>,
            Option<String>,
        )> = $messages;
        if !messages.is_empty() {
            let mut insert = sqlx::QueryBuilder::new("");
            push_messages!(insert, messages, $now);
            insert.build().execute($executor).await?;
        }
    }};
}

/// Takes due messages and leases them. Several processes may claim at once on PostgreSQL:
/// `SKIP LOCKED` hands each row to one of them. SQLite has a single writer, so the plain
/// statement is already atomic.
const CLAIM_SQLITE: &str = "UPDATE outbox SET locked_until = $1, attempts = attempts + 1 \
    WHERE id IN (SELECT id FROM outbox \
        WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $2 \
          AND (locked_until IS NULL OR locked_until <= $2) \
        ORDER BY next_attempt_at, id LIMIT $3) \
    RETURNING id, message_id, kind, recipient, subject, body_text, body_html, \
        list_unsubscribe, created_at, attempts";
const CLAIM_POSTGRES: &str = "UPDATE outbox SET locked_until = $1, attempts = attempts + 1 \
    WHERE id IN (SELECT id FROM outbox \
        WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $2 \
          AND (locked_until IS NULL OR locked_until <= $2) \
        ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED) \
    RETURNING id, message_id, kind, recipient, subject, body_text, body_html, \
        list_unsubscribe, created_at, attempts";

impl Store {
    /// Queues messages that have no other change to go with (test sends, for example).
    #[tracing::instrument(name = "store.enqueue", skip_all, fields(count = messages.len()))]
    pub async fn enqueue(&self, messages: Vec<NewMessage>) -> Result<(), StoreError> {
        let now = super::now();
        let messages = messages.into_iter().map(|m| (m, now, None)).collect();
        on_write_pool!(self, pool => insert_messages!(pool, messages, now));
        Ok(())
    }

    /// Claims up to `limit` due messages for `lease`; a process that dies holding them lets
    /// them go when the lease ends.
    #[tracing::instrument(name = "store.claim_outbox", skip(self))]
    pub async fn claim_outbox(
        &self,
        lease: chrono::Duration,
        limit: i64,
    ) -> Result<Vec<OutboxMessage>, StoreError> {
        let now = super::now();
        let sql = if self.is_postgres() {
            CLAIM_POSTGRES
        } else {
            CLAIM_SQLITE
        };
        let claimed = on_write_pool!(self, pool => {
            sqlx::query_as::<_, OutboxMessage>(sql)
                .bind(now + lease)
                .bind(now)
                .bind(limit)
                .fetch_all(pool)
                .await?
        });
        Ok(claimed)
    }

    /// Records what became of claimed messages, all in one transaction.
    #[tracing::instrument(name = "store.record_sends", skip_all, fields(count = results.len()))]
    pub async fn record_sends(&self, results: &[(i64, SendResult)]) -> Result<(), StoreError> {
        let now = super::now();
        on_write_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            for (id, result) in results {
                let query = match result {
                    SendResult::Sent => sqlx::query(
                        "UPDATE outbox SET sent_at = $2, locked_until = NULL, last_error = NULL \
                         WHERE id = $1",
                    )
                    .bind(*id)
                    .bind(now),
                    SendResult::RetryAt(at, error) => sqlx::query(
                        "UPDATE outbox SET next_attempt_at = $2, locked_until = NULL, \
                             last_error = $3 WHERE id = $1",
                    )
                    .bind(*id)
                    .bind(*at)
                    .bind(error.as_str()),
                    SendResult::Paused(at, error) => sqlx::query(
                        "UPDATE outbox SET next_attempt_at = $2, locked_until = NULL, \
                             last_error = $3, attempts = attempts - 1 WHERE id = $1",
                    )
                    .bind(*id)
                    .bind(*at)
                    .bind(error.as_str()),
                    SendResult::Failed(error) => sqlx::query(
                        "UPDATE outbox SET failed_at = $2, locked_until = NULL, last_error = $3 \
                         WHERE id = $1",
                    )
                    .bind(*id)
                    .bind(now)
                    .bind(error.as_str()),
                };
                query.execute(&mut *tx).await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    #[tracing::instrument(name = "store.outbox_stats", skip(self))]
    pub async fn outbox_stats(&self) -> Result<OutboxStats, StoreError> {
        let stats = on_read_pool!(self, pool => {
            sqlx::query_as::<_, OutboxStats>(
                "SELECT \
                   COALESCE(SUM(CASE WHEN sent_at IS NULL AND failed_at IS NULL THEN 1 ELSE 0 END), 0) AS pending, \
                   COALESCE(SUM(CASE WHEN sent_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS sent, \
                   COALESCE(SUM(CASE WHEN failed_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS failed \
                 FROM outbox",
            )
            .fetch_one(pool)
            .await?
        });
        Ok(stats)
    }
}
