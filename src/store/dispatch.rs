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
