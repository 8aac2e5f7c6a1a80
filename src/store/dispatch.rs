/// Runs `$body` with `$pool` bound to the backend's writable pool. The body is compiled once
/// per backend, so one SQL string and one list of binds serve SQLite and PostgreSQL alike.
macro_rules! on_write_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.backend {
            $crate::store::Backend::Sqlite { write: $pool, .. } => $body,
            $crate::store::Backend::Postgres($pool) => $body,
        }
    };
}

/// Like [`on_write_pool`], on the pool that serves reads (SQLite keeps a separate read-only
/// pool so that readers never queue behind the single writer).
macro_rules! on_read_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.backend {
            $crate::store::Backend::Sqlite { read: $pool, .. } => $body,
            $crate::store::Backend::Postgres($pool) => $body,
        }
    };
}

/// A write transaction that takes the write lock at its start. On SQLite a deferred
/// transaction that reads first and writes later fails at once with "database is locked"
/// when another process (`caravan bounces` beside `caravan issues send`) wrote meanwhile;
/// `BEGIN IMMEDIATE` waits for the lock instead (busy timeout). PostgreSQL needs nothing.
pub(crate) trait BeginWrite {
    type Db: sqlx::Database;
    fn begin_write(
        &self,
    ) -> impl std::future::Future<Output = Result<sqlx::Transaction<'static, Self::Db>, sqlx::Error>>
    + Send;
}

impl BeginWrite for sqlx::SqlitePool {
    type Db = sqlx::Sqlite;
    fn begin_write(
        &self,
    ) -> impl std::future::Future<Output = Result<sqlx::Transaction<'static, Self::Db>, sqlx::Error>>
    + Send {
        self.begin_with("BEGIN IMMEDIATE")
    }
}

impl BeginWrite for sqlx::PgPool {
    type Db = sqlx::Postgres;
    fn begin_write(
        &self,
    ) -> impl std::future::Future<Output = Result<sqlx::Transaction<'static, Self::Db>, sqlx::Error>>
    + Send {
        self.begin()
    }
}
