use super::{Store, StoreError};

impl Store {
    /// Returns the value kept under `key`, storing `candidate` first if there is none. Several
    /// processes starting at once all end up with the same value: the first insert wins.
    #[tracing::instrument(name = "store.setting_or_insert", skip(self, candidate))]
    pub async fn setting_or_insert(
        &self,
        key: &str,
        candidate: &str,
    ) -> Result<String, StoreError> {
        let value = on_write_pool!(self, pool => {
            sqlx::query(
                "INSERT INTO app_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
            )
            .bind(key)
            .bind(candidate)
            .execute(pool)
            .await?;
            sqlx::query_scalar::<_, String>("SELECT value FROM app_settings WHERE key = $1")
                .bind(key)
                .fetch_one(pool)
                .await?
        });
        Ok(value)
    }

    /// Replaces the value under `key` only if it is still `expected`; true when this call
    /// made the change. Several processes racing on one key: exactly one wins.
    #[tracing::instrument(name = "store.compare_and_set_setting", skip(self))]
    pub async fn compare_and_set_setting(
        &self,
        key: &str,
        expected: &str,
        new: &str,
    ) -> Result<bool, StoreError> {
        let changed = on_write_pool!(self, pool => {
            sqlx::query("UPDATE app_settings SET value = $3 WHERE key = $1 AND value = $2")
                .bind(key)
                .bind(expected)
                .bind(new)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(changed == 1)
    }

    /// The value kept under `key`, if any.
    #[tracing::instrument(name = "store.setting", skip(self))]
    pub async fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        let value = on_read_pool!(self, pool => {
            sqlx::query_scalar::<_, String>("SELECT value FROM app_settings WHERE key = $1")
                .bind(key)
                .fetch_optional(pool)
                .await?
        });
        Ok(value)
    }

    /// Keeps `value` under `key`, replacing what was there.
    #[tracing::instrument(name = "store.set_setting", skip(self, value))]
    pub async fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        on_write_pool!(self, pool => {
            sqlx::query(
                "INSERT INTO app_settings (key, value) VALUES ($1, $2) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )
            .bind(key)
            .bind(value)
            .execute(pool)
            .await?;
        });
        Ok(())
    }
}
