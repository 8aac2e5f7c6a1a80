use chrono::{DateTime, Utc};

use super::{Role, Store, StoreError};

/// A live session and the account behind it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionUser {
    pub user_id: i64,
    pub email: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub csrf_token: String,
    /// Whether the account signs in with a TOTP code (`CARAVAN_REQUIRE_2FA` checks it).
    pub totp_on: bool,
}

/// What a login needs to check a password.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LoginCandidate {
    pub id: i64,
    /// As stored: the audit log names the account by it.
    pub email: String,
    pub password_hash: String,
}

impl Store {
    /// Opens a session; expired ones are swept at the same time, so the table stays small.
    #[tracing::instrument(name = "store.create_session", skip_all, fields(user_id))]
    pub async fn create_session(
        &self,
        id_hash: &str,
        user_id: i64,
        csrf_token: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let now = super::now();
        on_write_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
                .bind(now)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id_hash)
            .bind(user_id)
            .bind(csrf_token)
            .bind(now)
            .bind(expires_at)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// The account of a live session; `None` when it expired, was closed or never existed.
    #[tracing::instrument(name = "store.session_user", skip_all)]
    pub async fn session_user(&self, id_hash: &str) -> Result<Option<SessionUser>, StoreError> {
        let now = super::now();
        let row = on_read_pool!(self, pool => {
            sqlx::query_as::<_, SessionUser>(
                "SELECT u.id AS user_id, u.email, u.role, s.csrf_token, \
                 (u.totp_secret IS NOT NULL) AS totp_on \
                 FROM sessions s JOIN users u ON u.id = s.user_id \
                 WHERE s.id_hash = $1 AND s.expires_at > $2",
            )
            .bind(id_hash)
            .bind(now)
            .fetch_optional(pool)
            .await?
        });
        Ok(row)
    }

    #[tracing::instrument(name = "store.delete_session", skip_all)]
    pub async fn delete_session(&self, id_hash: &str) -> Result<(), StoreError> {
        on_write_pool!(self, pool => {
            sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
                .bind(id_hash)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    #[tracing::instrument(name = "store.login_candidate", skip_all)]
    pub async fn login_candidate(
        &self,
        email_key: &str,
    ) -> Result<Option<LoginCandidate>, StoreError> {
        let row = on_read_pool!(self, pool => {
            sqlx::query_as::<_, LoginCandidate>(
                "SELECT id, email, password_hash FROM users WHERE email_key = $1",
            )
            .bind(email_key)
            .fetch_optional(pool)
            .await?
        });
        Ok(row)
    }
}
