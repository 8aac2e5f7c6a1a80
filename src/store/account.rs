//! What a signed-in person changes about their own account: the password, and the sessions
//! open in their name.
use chrono::{DateTime, Utc};

use super::{Store, StoreError};

/// An open session of an account, as the account page lists it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub id_hash: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

impl Store {
    #[tracing::instrument(name = "store.password_hash", skip(self))]
    pub async fn password_hash(&self, user_id: i64) -> Result<Option<String>, StoreError> {
        let hash = on_read_pool!(self, pool => {
            sqlx::query_scalar::<_, String>("SELECT password_hash FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(pool)
                .await?
        });
        Ok(hash)
    }

    /// Sets a new password hash and ends every other session of the account: whoever knew
    /// the old password is signed out; the session that made the change (`keep`) stays.
    #[tracing::instrument(name = "store.change_password", skip_all)]
    pub async fn change_password(
        &self,
        user_id: i64,
        password_hash: &str,
        keep: &str,
    ) -> Result<(), StoreError> {
        on_write_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
                .bind(password_hash)
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
                .bind(user_id)
                .bind(keep)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// The account's live sessions, newest first.
    #[tracing::instrument(name = "store.user_sessions", skip(self))]
    pub async fn user_sessions(&self, user_id: i64) -> Result<Vec<SessionRow>, StoreError> {
        let now = super::now();
        let rows = on_read_pool!(self, pool => {
            sqlx::query_as::<_, SessionRow>(
                "SELECT id_hash, created_at, expires_at FROM sessions \
                 WHERE user_id = $1 AND expires_at > $2 ORDER BY created_at DESC, id_hash",
            )
            .bind(user_id)
            .bind(now)
            .fetch_all(pool)
            .await?
        });
        Ok(rows)
    }

    /// Ends one session of this account (never another account's); `false` if none matched.
    #[tracing::instrument(name = "store.end_session", skip_all)]
    pub async fn end_session(&self, user_id: i64, id_hash: &str) -> Result<bool, StoreError> {
        let deleted = on_write_pool!(self, pool => {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id_hash = $2")
                .bind(user_id)
                .bind(id_hash)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(deleted == 1)
    }

    /// Ends every session of the account but `keep`; returns how many ended.
    #[tracing::instrument(name = "store.end_other_sessions", skip_all)]
    pub async fn end_other_sessions(&self, user_id: i64, keep: &str) -> Result<u64, StoreError> {
        let deleted = on_write_pool!(self, pool => {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
                .bind(user_id)
                .bind(keep)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(deleted)
    }
}
