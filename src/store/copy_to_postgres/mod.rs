//! Moving a SQLite database to PostgreSQL (`caravan copy-to`): every table, ids kept, in one
//! PostgreSQL transaction (all or nothing), then the id sequences moved past the copied ids.
//! The tables and their columns are in `tables.rs`, one table's copy in `copy_table.rs`.
use super::{Backend, Store, StoreError};

mod copy_table;
mod tables;

use copy_table::copy_table;
use tables::TABLES;

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
