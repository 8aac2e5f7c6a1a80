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
}
