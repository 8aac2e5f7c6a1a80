use chrono::{DateTime, Utc};

use super::{Actor, AuditAction, Role, Store, StoreError};
use crate::domain::SubscriberEmail;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub created_at: DateTime<Utc>,
}

impl Store {
    /// Adds a user, with its audit entry; `None` when the address already has an account.
    #[tracing::instrument(name = "store.create_user", skip(self, password_hash, by))]
    pub async fn create_user(
        &self,
        email: &SubscriberEmail,
        role: Role,
        password_hash: &str,
        by: &Actor,
    ) -> Result<Option<i64>, StoreError> {
        let now = super::now();
        let id = on_write_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let id = sqlx::query_scalar::<_, i64>(
                "INSERT INTO users (email, email_key, role, password_hash, created_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (email_key) DO NOTHING RETURNING id",
            )
            .bind(email.as_str())
            .bind(email.key())
            .bind(role.as_str())
            .bind(password_hash)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(id) = id {
                let detail = format!("account #{id} ({email}) added as {role}");
                insert_audit!(&mut *tx, by, AuditAction::AccountAdded, detail)?;
            }
            tx.commit().await?;
            id
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
    /// Deletes an account and its sessions, unless it is the last admin; audited.
    #[tracing::instrument(name = "store.delete_user", skip(self, by))]
    pub async fn delete_user(&self, id: i64, by: &Actor) -> Result<UserChange, StoreError> {
        self.change_user(id, None, by).await
    }

    /// Gives an account another role, unless that leaves no admin; audited.
    #[tracing::instrument(name = "store.set_user_role", skip(self, by))]
    pub async fn set_user_role(
        &self,
        id: i64,
        role: Role,
        by: &Actor,
    ) -> Result<UserChange, StoreError> {
        self.change_user(id, Some(role), by).await
    }

    async fn change_user(
        &self,
        id: i64,
        role: Option<Role>,
        by: &Actor,
    ) -> Result<UserChange, StoreError> {
        let outcome = on_write_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let current: Option<(String, String)> =
                sqlx::query_as("SELECT role, email FROM users WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
            let current = current.and_then(|(r, email)| Some((r.parse::<Role>().ok()?, email)));
            let admins: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = 'admin'")
                    .fetch_one(&mut *tx)
                    .await?;
            let outcome = match current {
                None => UserChange::NotFound,
                Some((Role::Admin, _)) if admins <= 1 && role != Some(Role::Admin) => {
                    UserChange::LastAdmin
                }
                Some((was, email)) => {
                    match role {
                        Some(role) => {
                            sqlx::query("UPDATE users SET role = $1 WHERE id = $2")
                                .bind(role.as_str())
                                .bind(id)
                                .execute(&mut *tx)
                                .await?;
                            let detail = format!("role {was}→{role} for #{id} ({email})");
                            insert_audit!(&mut *tx, by, AuditAction::RoleChange, detail)?;
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
                            let detail = format!("account #{id} ({email}) deleted, was {was}");
                            insert_audit!(&mut *tx, by, AuditAction::AccountDeleted, detail)?;
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
