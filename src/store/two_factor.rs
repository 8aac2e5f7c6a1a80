//! Two-factor sign-in state of an account: its TOTP secret (pending until confirmed), the
//! last time step a code was accepted for, and the hashes of its one-time recovery codes.
use super::{Store, StoreError};

/// What the account page and the second sign-in step need to know.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TwoFactorRow {
    pub email: String,
    pub totp_secret: Option<String>,
    pub totp_pending: Option<String>,
    pub recovery_left: i64,
}

impl Store {
    #[tracing::instrument(name = "store.two_factor", skip(self))]
    pub async fn two_factor(&self, user_id: i64) -> Result<Option<TwoFactorRow>, StoreError> {
        let row = on_write_pool!(self, pool => {
            sqlx::query_as::<_, TwoFactorRow>(
                "SELECT u.email, u.totp_secret, u.totp_pending, \
                 (SELECT COUNT(*) FROM recovery_codes r WHERE r.user_id = u.id) AS recovery_left \
                 FROM users u WHERE u.id = $1",
            )
            .bind(user_id)
            .fetch_optional(pool)
            .await?
        });
        Ok(row)
    }

    /// Remembers the secret offered on the account page until a code confirms it.
    #[tracing::instrument(name = "store.set_totp_pending", skip_all)]
    pub async fn set_totp_pending(&self, user_id: i64, secret: &str) -> Result<(), StoreError> {
        on_write_pool!(self, pool => {
            sqlx::query("UPDATE users SET totp_pending = $1 WHERE id = $2")
                .bind(secret)
                .bind(user_id)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// Turns TOTP on with the pending `secret` (only if it is still the pending one), and
    /// replaces the recovery codes. `false` when another tab changed the secret meanwhile.
    #[tracing::instrument(name = "store.enable_totp", skip_all)]
    pub async fn enable_totp(
        &self,
        user_id: i64,
        secret: &str,
        step: i64,
        recovery_hashes: &[String],
    ) -> Result<bool, StoreError> {
        let now = super::now();
        let done = on_write_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let updated = sqlx::query(
                "UPDATE users SET totp_secret = $1, totp_pending = NULL, totp_last_step = $2 \
                 WHERE id = $3 AND totp_pending = $1",
            )
            .bind(secret)
            .bind(step)
            .bind(user_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if updated == 1 {
                sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?;
                for hash in recovery_hashes {
                    sqlx::query(
                        "INSERT INTO recovery_codes (user_id, code_hash, created_at) \
                         VALUES ($1, $2, $3)",
                    )
                    .bind(user_id)
                    .bind(hash)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                }
            }
            tx.commit().await?;
            updated == 1
        });
        Ok(done)
    }

    /// Turns TOTP off and forgets the recovery codes.
    #[tracing::instrument(name = "store.disable_totp", skip(self))]
    pub async fn disable_totp(&self, user_id: i64) -> Result<(), StoreError> {
        on_write_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "UPDATE users SET totp_secret = NULL, totp_pending = NULL WHERE id = $1",
            )
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Accepts a code of time step `step` once: `false` when that step (or a later one) was
    /// already used, so a code seen over someone's shoulder cannot open a second session.
    #[tracing::instrument(name = "store.use_totp_step", skip(self))]
    pub async fn use_totp_step(&self, user_id: i64, step: i64) -> Result<bool, StoreError> {
        let updated = on_write_pool!(self, pool => {
            sqlx::query(
                "UPDATE users SET totp_last_step = $1 WHERE id = $2 \
                 AND totp_secret IS NOT NULL \
                 AND (totp_last_step IS NULL OR totp_last_step < $1)",
            )
            .bind(step)
            .bind(user_id)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(updated == 1)
    }

    /// Spends a recovery code: deleted in the same statement that finds it, so it works once.
    #[tracing::instrument(name = "store.use_recovery_code", skip_all)]
    pub async fn use_recovery_code(&self, user_id: i64, hash: &str) -> Result<bool, StoreError> {
        let deleted = on_write_pool!(self, pool => {
            sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1 AND code_hash = $2")
                .bind(user_id)
                .bind(hash)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(deleted == 1)
    }
}
