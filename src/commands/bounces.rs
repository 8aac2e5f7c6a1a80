//! `caravan bounces`: the bounce listener alone, and `bounces import FILE.mbox`.
use std::net::SocketAddr;
use std::path::Path;

use anyhow::Context;
use tokio_util::sync::CancellationToken;

use super::with_store;
use crate::bounces::Intake;
use crate::config::Settings;
use crate::startup::{BounceListener, bounce_intake, token_signer};
use crate::store::Store;

async fn intake(settings: &Settings, store: &Store) -> anyhow::Result<Intake> {
    let signer = token_signer(settings, store).await?;
    bounce_intake(settings, store, &signer).context(
        "CARAVAN_BOUNCE_DOMAIN: not set; bounces are read only for the return paths of a \
         bounce domain",
    )
}

/// Serves the bounce listener on `listen` (or `CARAVAN_BOUNCE_LISTEN`) until `shutdown`.
pub async fn listen_for_bounces(
    settings: &Settings,
    listen: Option<SocketAddr>,
    shutdown: CancellationToken,
) -> anyhow::Result<()> {
    let address = listen.or(settings.bounces.listen).context(
        "CARAVAN_BOUNCE_LISTEN: not set; give an address with --listen, e.g. 127.0.0.1:2526",
    )?;
    with_store(settings, |store| async move {
        let listener = BounceListener::bind(address, intake(settings, &store).await?).await?;
        println!("bounce listener on {address}; Ctrl-C to stop");
        listener
            .spawn(shutdown)
            .await
            .context("the bounce listener panicked")
    })
    .await
}

/// Reads the mailbox at `file` into the ledger and says what it found.
pub async fn import_bounces(settings: &Settings, file: &Path) -> anyhow::Result<()> {
    with_store(settings, |store| async move {
        let intake = intake(settings, &store).await?;
        let imported = crate::bounces::import_mbox(&intake, file).await?;
        println!(
            "{} message(s) read: {} event(s) recorded, {} reader(s) suppressed, {} already \
             recorded, {} not a report",
            imported.messages,
            imported.new,
            imported.suppressed,
            imported.duplicates,
            imported.dropped
        );
        Ok(())
    })
    .await
}
