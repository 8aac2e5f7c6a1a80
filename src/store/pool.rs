use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use super::hour_ledger::HourLedger;
use super::mailbox_ledger::MailboxLedger;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("DATABASE_URL: cannot open the database: {0}")]
    Connect(#[source] sqlx::Error),
    #[error("cannot apply the migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error(transparent)]
    Sqlx(#[from] sqlx::Error),
    #[error("cannot compose the message: {0:#}")]
    Compose(anyhow::Error),
}

#[derive(Debug, Clone)]
pub enum Backend {
    /// One writer connection (SQLite serialises writes anyway; queueing them in-process avoids
    /// busy-retry storms) and a few read-only connections that WAL lets run beside it.
    Sqlite {
        write: SqlitePool,
        read: SqlitePool,
    },
    Postgres(PgPool),
}

/// The handle every other module uses to reach the database. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Store {
    pub(crate) backend: Backend,
    /// Confirmations per mailbox in the last day (see [`super::mailbox_ledger`]), shared by
    /// every clone of this store in the process.
    pub(crate) mailboxes: Arc<Mutex<MailboxLedger>>,
    /// Each scope's latest booked hour (see [`super::hour_ledger`]), likewise shared.
    pub(crate) hours: Arc<Mutex<HourLedger>>,
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

impl Store {
    #[tracing::instrument(name = "store.connect", skip_all)]
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let backend = if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)
                .map_err(StoreError::Connect)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                // Deleted rows are overwritten, not left in free pages: an erasure erases.
                .pragma("secure_delete", "ON")
                .busy_timeout(Duration::from_secs(10));
            let write = SqlitePoolOptions::new()
                .max_connections(1)
                .acquire_timeout(Duration::from_secs(30))
                .connect_with(options.clone())
                .await
                .map_err(StoreError::Connect)?;
            let read = SqlitePoolOptions::new()
                .max_connections(4)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options.read_only(true))
                .await
                .map_err(StoreError::Connect)?;
            Backend::Sqlite { write, read }
        } else {
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await
                .map_err(StoreError::Connect)?;
            Backend::Postgres(pool)
        };
        Ok(Self {
            backend,
            mailboxes: Arc::default(),
            hours: Arc::default(),
        })
    }

    /// Applies the migrations of this database's dialect; safe to run from several processes.
    #[tracing::instrument(name = "store.migrate", skip_all)]
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match &self.backend {
            Backend::Sqlite { write, .. } => SQLITE_MIGRATIONS.run(write).await?,
            Backend::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await?,
        }
        Ok(())
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self.backend, Backend::Postgres(_))
    }

    /// True when the database answers a trivial query within two seconds.
    #[tracing::instrument(name = "store.ping", skip_all)]
    pub async fn ping(&self) -> bool {
        let probe = async {
            on_read_pool!(self, pool => sqlx::query("SELECT 1").execute(pool).await.is_ok())
        };
        tokio::time::timeout(Duration::from_secs(2), probe)
            .await
            .unwrap_or(false)
    }

    pub async fn close(&self) {
        match &self.backend {
            Backend::Sqlite { write, read } => {
                read.close().await;
                write.close().await;
            }
            Backend::Postgres(pool) => pool.close().await,
        }
    }
}
