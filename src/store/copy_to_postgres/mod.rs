//! Moving a SQLite database to PostgreSQL (`caravan copy-to`): every table, ids kept, in one
//! PostgreSQL transaction (all or nothing), then the id sequences moved past the copied ids.
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{Row, sqlite::SqlitePool};

use super::{Backend, Store, StoreError};

#[derive(Debug, Clone, Copy)]
enum Kind {
    Int,
    Text,
    Time,
    Date,
}

struct Table {
    name: &'static str,
    /// Integer id to page by and to keep; `None`: small table read at once.
    id: Option<&'static str>,
    columns: &'static [(&'static str, Kind)],
}

use Kind::{Date, Int, Text, Time};

/// Parents before children, so foreign keys hold at every insert.
const TABLES: &[Table] = &[
    Table {
        name: "app_settings",
        id: None,
        columns: &[("key", Text), ("value", Text)],
    },
    Table {
        name: "users",
        id: Some("id"),
        columns: &[
            ("id", Int),
            ("email", Text),
            ("email_key", Text),
            ("role", Text),
            ("password_hash", Text),
            ("created_at", Time),
            ("totp_secret", Text),
            ("totp_pending", Text),
            ("totp_last_step", Int),
        ],
    },
    Table {
        name: "recovery_codes",
        id: None,
        columns: &[("user_id", Int), ("code_hash", Text), ("created_at", Time)],
    },
    Table {
        name: "api_tokens",
        id: Some("id"),
        columns: &[
            ("id", Int),
            ("name", Text),
            ("token_hash", Text),
            ("created_at", Time),
            ("revoked_at", Time),
        ],
    },
    Table {
        name: "subscribers",
        id: Some("id"),
        columns: &[
            ("id", Int),
            ("email", Text),
            ("email_key", Text),
            ("name", Text),
            ("status", Text),
            ("lang", Text),
            ("created_at", Time),
            ("confirmation_sent_at", Time),
            ("confirmed_at", Time),
            ("unsubscribed_at", Time),
            ("hard_bounces", Int),
            ("suppressed", Text),
        ],
    },
    Table {
        name: "articles",
        id: Some("id"),
        columns: &[
            ("id", Int),
            ("slug", Text),
            ("title", Text),
            ("date", Date),
            ("summary", Text),
            ("caption", Text),
            ("source", Text),
            ("url", Text),
            ("tags", Text),
            ("lang", Text),
            ("body_md", Text),
            ("body_html", Text),
            ("content_hash", Text),
            ("created_at", Time),
            ("updated_at", Time),
        ],
    },
    Table {
        name: "issues",
        id: Some("id"),
        columns: &[
            ("id", Int),
            ("slug", Text),
            ("kind", Text),
            ("subject", Text),
            ("intro", Text),
            ("status", Text),
            ("created_at", Time),
            ("send_at", Time),
            ("sent_at", Time),
            ("started_at", Time),
            ("finished_at", Time),
        ],
    },
    Table {
        name: "issue_articles",
        id: None,
        columns: &[
            ("issue_id", Int),
            ("article_id", Int),
            ("position", Int),
            ("lead_article_id", Int),
        ],
    },
    Table {
        name: "deliveries",
        id: Some("id"),
        columns: &[
            ("id", Int),
            ("issue_id", Int),
            ("subscriber_id", Int),
            ("status", Text),
            ("attempts", Int),
            ("next_attempt_at", Time),
            ("locked_until", Time),
            ("sent_at", Time),
            ("last_error", Text),
        ],
    },
    Table {
        name: "outbox",
        id: Some("id"),
        columns: &[
            ("id", Int),
            ("message_id", Text),
            ("kind", Text),
            ("subscriber_id", Int),
            ("recipient", Text),
            ("subject", Text),
            ("body_text", Text),
            ("body_html", Text),
            ("list_unsubscribe", Text),
            ("created_at", Time),
            ("next_attempt_at", Time),
            ("locked_until", Time),
            ("attempts", Int),
            ("sent_at", Time),
            ("failed_at", Time),
            ("last_error", Text),
            ("mailbox_hash", Text),
        ],
    },
    Table {
        name: "sessions",
        id: None,
        columns: &[
            ("id_hash", Text),
            ("user_id", Int),
            ("csrf_token", Text),
            ("created_at", Time),
            ("expires_at", Time),
        ],
    },
    Table {
        name: "confirmation_hours",
        id: None,
        columns: &[("scope", Text), ("hour", Int), ("booked", Int)],
    },
    Table {
        name: "audit_log",
        id: Some("id"),
        columns: &[
            ("id", Int),
            ("at", Time),
            ("actor_kind", Text),
            ("actor_id", Int),
            ("actor_name", Text),
            ("action", Text),
            ("detail", Text),
        ],
    },
];

/// Rows read and written at a time: 16 columns × 1,000 rows stays under PostgreSQL's 65,535
/// bound values.
const PAGE: i64 = 1000;

enum Value {
    Int(Option<i64>),
    Text(Option<String>),
    Time(Option<DateTime<Utc>>),
    Date(Option<NaiveDate>),
}

#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    #[error("copy-to reads a SQLite database (DATABASE_URL) and writes a PostgreSQL one")]
    WrongBackends,
    #[error("the PostgreSQL database already holds data ({0}); copy into an empty one")]
    TargetNotEmpty(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for CopyError {
    fn from(error: sqlx::Error) -> Self {
        CopyError::Store(StoreError::Sqlx(error))
    }
}

/// Rows copied, per table.
pub type CopyReport = Vec<(&'static str, u64)>;

impl Store {
    /// Copies this (SQLite) database into `target` (PostgreSQL, migrated and empty).
    /// `progress` hears each table's running count.
    #[tracing::instrument(name = "store.copy_to_postgres", skip_all)]
    pub async fn copy_to_postgres(
        &self,
        target: &Store,
        mut progress: impl FnMut(&'static str, u64),
    ) -> Result<CopyReport, CopyError> {
        let (Backend::Sqlite { read, .. }, Backend::Postgres(pg)) =
            (&self.backend, &target.backend)
        else {
            return Err(CopyError::WrongBackends);
        };
        for table in ["subscribers", "issues", "articles", "users"] {
            let rows: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
                .fetch_one(pg)
                .await?;
            if rows > 0 {
                return Err(CopyError::TargetNotEmpty(format!("{rows} rows in {table}")));
            }
        }
        let mut tx = pg.begin().await?;
        // The source's settings win: above all its secret, so that every link already sent
        // (confirm, unsubscribe) keeps working, and its last digest tick.
        sqlx::query("DELETE FROM app_settings")
            .execute(&mut *tx)
            .await?;
        // SQLite's own counters for AUTOINCREMENT tables: they remember ids of erased rows,
        // which a copied MAX(id) forgets. An erased reader's id must never be given again
        // (their unsubscribe link never expires).
        let counters: std::collections::HashMap<String, i64> =
            sqlx::query_as("SELECT name, seq FROM sqlite_sequence")
                .fetch_all(read)
                .await?
                .into_iter()
                .collect();
        let mut report = Vec::new();
        for table in TABLES {
            let copied = copy_table(read, &mut tx, table, &mut progress).await?;
            if let Some(id) = table.id {
                // Identity columns: the next id goes past the highest ever given.
                let counter = counters.get(table.name).copied().unwrap_or(0);
                sqlx::query(&format!(
                    "SELECT setval(pg_get_serial_sequence('{0}', '{id}'), \
                     GREATEST((SELECT COALESCE(MAX({id}), 0) FROM {0}), $1) + 1, false)",
                    table.name
                ))
                .bind(counter)
                .execute(&mut *tx)
                .await?;
            }
            report.push((table.name, copied));
        }
        tx.commit().await?;
        Ok(report)
    }
}

async fn copy_table(
    source: &SqlitePool,
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    table: &Table,
    progress: &mut impl FnMut(&'static str, u64),
) -> Result<u64, CopyError> {
    let names: Vec<&str> = table.columns.iter().map(|(name, _)| *name).collect();
    let list = names.join(", ");
    let mut after = i64::MIN;
    let mut copied = 0u64;
    loop {
        let rows = match table.id {
            Some(id) => {
                sqlx::query(&format!(
                    "SELECT {list} FROM {} WHERE {id} > $1 ORDER BY {id} LIMIT $2",
                    table.name
                ))
                .bind(after)
                .bind(PAGE)
                .fetch_all(source)
                .await?
            }
            None if copied == 0 => {
                sqlx::query(&format!("SELECT {list} FROM {}", table.name))
                    .fetch_all(source)
                    .await?
            }
            None => Vec::new(),
        };
        if rows.is_empty() {
            return Ok(copied);
        }
        let mut values: Vec<Vec<Value>> = Vec::with_capacity(rows.len());
        for row in &rows {
            let mut record = Vec::with_capacity(table.columns.len());
            for (index, (_, kind)) in table.columns.iter().enumerate() {
                record.push(match kind {
                    Int => Value::Int(row.try_get(index)?),
                    Text => Value::Text(row.try_get(index)?),
                    Time => Value::Time(row.try_get(index)?),
                    Date => Value::Date(row.try_get(index)?),
                });
            }
            values.push(record);
        }
        if let Some(Value::Int(Some(last))) = values.last().map(|r| &r[0]) {
            after = *last;
        }
        // Whole small tables arrive in one read; insert them in pages too.
        for chunk in values.chunks(PAGE as usize) {
            let overriding = if table.id.is_some() {
                " OVERRIDING SYSTEM VALUE "
            } else {
                " "
            };
            let mut insert = sqlx::QueryBuilder::<sqlx::Postgres>::new(format!(
                "INSERT INTO {} ({list}){overriding}",
                table.name
            ));
            insert.push_values(chunk, |mut row, record| {
                for value in record {
                    match value {
                        Value::Int(v) => row.push_bind(*v),
                        Value::Text(v) => row.push_bind(v.clone()),
                        Value::Time(v) => row.push_bind(*v),
                        Value::Date(v) => row.push_bind(*v),
                    };
                }
            });
            insert.build().execute(&mut **tx).await?;
        }
        copied += rows.len() as u64;
        progress(table.name, copied);
        if table.id.is_none() {
            return Ok(copied);
        }
    }
}
