//! `caravan tokens create|list|revoke`: bearer tokens for the JSON API.
use super::with_store;
use crate::api::{new_token, token_hash};
use crate::config::Settings;

/// Prints the new token once; the database keeps only its hash.
pub async fn create_token(settings: &Settings, name: &str) -> anyhow::Result<()> {
    let name = name.trim();
    anyhow::ensure!(
        !name.is_empty(),
        "a token needs a name, e.g. `caravan tokens create cms`"
    );
    let token = new_token();
    let hash = token_hash(&token);
    let created = with_store(settings, |store| async move {
        Ok(store.create_api_token(name, &hash).await?)
    })
    .await?;
    anyhow::ensure!(
        created.is_some(),
        "a token named {name:?} exists; revoke it or choose another name"
    );
    eprintln!("token {name:?} created; it is shown once, keep it now:");
    println!("{token}");
    Ok(())
}

pub async fn list_tokens(settings: &Settings) -> anyhow::Result<()> {
    let tokens = with_store(settings, |store| async move {
        Ok(store.list_api_tokens().await?)
    })
    .await?;
    for token in tokens {
        let state = match token.revoked_at {
            Some(at) => format!("revoked {}", at.format("%Y-%m-%d %H:%M UTC")),
            None => "live".to_owned(),
        };
        println!(
            "{:<24}  created {}  {state}",
            token.name,
            token.created_at.format("%Y-%m-%d %H:%M UTC")
        );
    }
    Ok(())
}

pub async fn revoke_token(settings: &Settings, name: &str) -> anyhow::Result<()> {
    let revoked = with_store(settings, |store| async move {
        Ok(store.revoke_api_token(name).await?)
    })
    .await?;
    anyhow::ensure!(revoked, "there is no live token named {name:?}");
    println!("token {name:?} revoked: it no longer opens the API");
    Ok(())
}
