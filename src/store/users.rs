use chrono::{DateTime, Utc};

use super::{Store, StoreError};
use crate::domain::SubscriberEmail;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub role: String,
    pub created_at: DateTime<Utc>,
}

impl Store {
    /// Adds a user; `None` when the address already has an account.
    #[tracing::instrument(name = "store.create_user", skip(self, password_hash))]
    pub async fn create_user(
        &self,
        email: &SubscriberEmail,
        role: &str,
        password_hash: &str,
    ) -> Result<Option<i64>, StoreError> {
        let now = super::now();
        let id = on_write_pool!(self, pool => {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO users (email, email_key, role, password_hash, created_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (email_key) DO NOTHING RETURNING id",
            )
            .bind(email.as_str())
            .bind(email.key())
            .bind(role)
            .bind(password_hash)
            .bind(now)
            .fetch_optional(pool)
            .await?
        });
        Ok(id)
    }

    #[tracing::instrument(name = "store.list_users", skip(self))]
    pub async fn list_users(&self) -> Result<Vec<UserRow>, StoreError> {
        let rows = on_read_pool!(self, pool => {
            sqlx::query_as::<_, UserRow>(
                "SELECT id, email, role, created_at FROM users ORDER BY id",
            )
            .fetch_all(pool)
            .await?
        });
        Ok(rows)
    }
}
