//! `caravan users add|list`: accounts for the admin pages.
use std::io::BufRead;

use base64::Engine;
use rand::Rng;

use super::with_store;
use crate::config::Settings;
use crate::domain::SubscriberEmail;
use crate::passwords::hash_password;
use crate::store::{Actor, Role};

/// Adds an editor or an admin. The password comes from the first line of standard input with
/// `--password-stdin`; otherwise a strong one is generated and printed once.
pub async fn add_user(
    settings: &Settings,
    email: &str,
    role: &str,
    password_stdin: bool,
) -> anyhow::Result<()> {
    let email = SubscriberEmail::parse(email).map_err(|e| anyhow::anyhow!("{email:?}: {e}"))?;
    let (password, generated) = if password_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        (line.trim_end_matches(['\r', '\n']).to_owned(), false)
    } else {
        let bytes: [u8; 18] = rand::rng().random();
        (
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes),
            true,
        )
    };
    let hash = hash_password(password.clone()).await?;
    let role: Role = role.parse().map_err(|e: String| anyhow::anyhow!(e))?;
    let added = with_store(settings, |store| {
        let email = email.clone();
        async move { Ok(store.create_user(&email, role, &hash, &Actor::Cli).await?) }
    })
    .await?;
    anyhow::ensure!(added.is_some(), "{email} already has an account");
    println!("{email} added");
    if generated {
        eprintln!("password generated; it is shown once, keep it now:");
        println!("{password}");
    }
    Ok(())
}

pub async fn list_users(settings: &Settings) -> anyhow::Result<()> {
    let users = with_store(
        settings,
        |store| async move { Ok(store.list_users().await?) },
    )
    .await?;
    for user in users {
        println!(
            "{:>5}  {:<6}  {:<40}  added {}",
            user.id,
            user.role.as_str(),
            user.email,
            user.created_at.format("%Y-%m-%d")
        );
    }
    Ok(())
}
