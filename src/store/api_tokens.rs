use chrono::{DateTime, Utc};

use super::{Store, StoreError};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApiTokenRow {
    pub id: i64,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl Store {
    /// Keeps a new token's hash under `name`; `None` when the name is taken.
    #[tracing::instrument(name = "store.create_api_token", skip(self, token_hash))]
    pub async fn create_api_token(
        &self,
        name: &str,
        token_hash: &str,
    ) -> Result<Option<i64>, StoreError> {
        let now = super::now();
        let id = on_write_pool!(self, pool => {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO api_tokens (name, token_hash, created_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (name) DO NOTHING RETURNING id",
            )
            .bind(name)
            .bind(token_hash)
            .bind(now)
            .fetch_optional(pool)
            .await?
        });
        Ok(id)
    }

    /// The live (not revoked) token with this hash.
    #[tracing::instrument(name = "store.api_token_by_hash", skip_all)]
    pub async fn api_token_by_hash(
        &self,
        token_hash: &str,
    ) -> Result<Option<ApiTokenRow>, StoreError> {
        let row = on_read_pool!(self, pool => {
            sqlx::query_as::<_, ApiTokenRow>(
                "SELECT id, name, created_at, revoked_at FROM api_tokens \
                 WHERE token_hash = $1 AND revoked_at IS NULL",
            )
            .bind(token_hash)
            .fetch_optional(pool)
            .await?
        });
        Ok(row)
    }

    #[tracing::instrument(name = "store.list_api_tokens", skip(self))]
    pub async fn list_api_tokens(&self) -> Result<Vec<ApiTokenRow>, StoreError> {
        let rows = on_read_pool!(self, pool => {
            sqlx::query_as::<_, ApiTokenRow>(
                "SELECT id, name, created_at, revoked_at FROM api_tokens ORDER BY id",
            )
            .fetch_all(pool)
            .await?
        });
        Ok(rows)
    }

    /// Revokes the token named `name`; false when there is no live token by that name.
    #[tracing::instrument(name = "store.revoke_api_token", skip(self))]
    pub async fn revoke_api_token(&self, name: &str) -> Result<bool, StoreError> {
        let now = super::now();
        let changed = on_write_pool!(self, pool => {
            sqlx::query(
                "UPDATE api_tokens SET revoked_at = $2 WHERE name = $1 AND revoked_at IS NULL",
            )
            .bind(name)
            .bind(now)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(changed == 1)
    }
}
