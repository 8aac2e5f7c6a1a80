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

/// Why an account change was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserChange {
    Done,
    NotFound,
    /// The last admin cannot be removed or demoted: nobody could manage accounts any more.
    LastAdmin,
}

impl Store {
    /// Deletes an account and its sessions, unless it is the last admin.
    #[tracing::instrument(name = "store.delete_user", skip(self))]
    pub async fn delete_user(&self, id: i64) -> Result<UserChange, StoreError> {
        self.change_user(id, None).await
    }

    /// Gives an account another role, unless that leaves no admin.
    #[tracing::instrument(name = "store.set_user_role", skip(self))]
    pub async fn set_user_role(&self, id: i64, role: &str) -> Result<UserChange, StoreError> {
        self.change_user(id, Some(role)).await
    }

    async fn change_user(&self, id: i64, role: Option<&str>) -> Result<UserChange, StoreError> {
        let outcome = on_write_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let current: Option<String> =
                sqlx::query_scalar("SELECT role FROM users WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
            let admins: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = 'admin'")
                    .fetch_one(&mut *tx)
                    .await?;
            let outcome = match current.as_deref() {
                None => UserChange::NotFound,
                Some("admin") if admins <= 1 && role != Some("admin") => UserChange::LastAdmin,
                Some(_) => {
                    match role {
                        Some(role) => {
                            sqlx::query("UPDATE users SET role = $1 WHERE id = $2")
                                .bind(role)
                                .bind(id)
                                .execute(&mut *tx)
                                .await?;
                        }
                        None => {
                            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                                .bind(id)
                                .execute(&mut *tx)
                                .await?;
                            sqlx::query("DELETE FROM users WHERE id = $1")
                                .bind(id)
                                .execute(&mut *tx)
                                .await?;
                        }
                    }
                    UserChange::Done
                }
            };
            tx.commit().await?;
            outcome
        });
        Ok(outcome)
    }
}
