//! The bounce listener of a process: bound at start (`CARAVAN_BOUNCE_LISTEN`, or
//! `caravan bounces --listen`) so that a port in use stops the start with the variable's name,
//! then served beside the HTTP server until shutdown.
use std::net::SocketAddr;

use anyhow::Context;
use tokio_util::sync::CancellationToken;

use crate::bounces::{Intake, ReturnPath};
use crate::config::Settings;
use crate::store::Store;
use crate::tokens::TokenSigner;

/// Reads reports for `CARAVAN_BOUNCE_DOMAIN`; `None` without one.
pub fn bounce_intake(settings: &Settings, store: &Store, signer: &TokenSigner) -> Option<Intake> {
    let domain = settings.bounces.domain.as_deref()?;
    Some(Intake::new(
        store.clone(),
        ReturnPath::new(domain, signer.clone()),
    ))
}

/// A bound listener, ready to serve.
pub struct BounceListener {
    listener: tokio::net::TcpListener,
    intake: Intake,
}

impl BounceListener {
    /// Binds `address` for the bounce domain's mail; names the variable when it cannot.
    pub async fn bind(address: SocketAddr, intake: Intake) -> anyhow::Result<Self> {
        let listener = tokio::net::TcpListener::bind(address)
            .await
            .with_context(|| format!("CARAVAN_BOUNCE_LISTEN: cannot listen on {address}"))?;
        Ok(Self { listener, intake })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map_or(0, |a| a.port())
    }

    /// Serves until `shutdown`.
    pub fn spawn(self, shutdown: CancellationToken) -> tokio::task::JoinHandle<()> {
        tokio::spawn(crate::bounces::serve(self.listener, self.intake, shutdown))
    }
}
