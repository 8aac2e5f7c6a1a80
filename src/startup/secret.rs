//! The signing secret and the signer made from it; apart because the CLI's `tokens` commands
//! need the signer without building the application.
use anyhow::Context;
use base64::Engine;
use rand::Rng;
use secrecy::SecretString;

use crate::config::Settings;
use crate::store::Store;
use crate::tokens::TokenSigner;

/// `CARAVAN_SECRET`, or the one generated on first start and kept in the database, so every
/// instance sharing the database signs alike.
pub async fn resolve_secret(settings: &Settings, store: &Store) -> anyhow::Result<SecretString> {
    if let Some(secret) = &settings.secret {
        return Ok(secret.clone());
    }
    let candidate =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(rand::rng().random::<[u8; 32]>());
    let kept = store
        .setting_or_insert("secret", &candidate)
        .await
        .context("cannot keep the generated CARAVAN_SECRET in the database")?;
    Ok(SecretString::from(kept))
}

/// The signer of links and sessions: the current secret, and the earlier ones of
/// `CARAVAN_SECRET_PREVIOUS` so that links already in inboxes keep working after a rotation.
pub async fn token_signer(settings: &Settings, store: &Store) -> anyhow::Result<TokenSigner> {
    Ok(TokenSigner::with_previous(
        resolve_secret(settings, store).await?,
        settings.safeguards.secret_previous.clone(),
    ))
}
