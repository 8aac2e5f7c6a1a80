//! The `caravan` command line.
use anyhow::Context;
use clap::{Parser, Subcommand};
use tokio_util::sync::CancellationToken;

use crate::config::Settings;
use crate::startup::{Application, Roles, open_store, outbox_sender};

#[derive(Debug, Parser)]
#[command(
    name = "caravan",
    version,
    about = "Caravan: a self-hosted newsletter service (sign-up, weekly digest, delivery).",
    long_about = "Caravan: a self-hosted newsletter service.\n\n\
        Configuration comes from the environment and from a .env file in the current folder \
        (see .env.example). With no configuration it runs on an SQLite file (caravan.db) and \
        writes e-mails to outbox/, readable at http://localhost:8080/dev/mailbox."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web service, the scheduler and the delivery workers (applies migrations first).
    Serve {
        /// Do not run the digest scheduler in this process.
        #[arg(long)]
        no_scheduler: bool,
        /// Do not send e-mail from this process (leave it to `caravan worker`).
        #[arg(long)]
        no_workers: bool,
    },
    /// Apply pending database migrations, then exit.
    Migrate,
    /// Send e-mail only: drain the outbox until stopped (Ctrl-C or SIGTERM).
    Worker,
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let settings = Settings::from_env()?;
    match cli.command {
        Command::Serve { no_workers, .. } => {
            let app = Application::build(
                &settings,
                Roles {
                    workers: !no_workers,
                },
            )
            .await?;
            app.run_until_stopped().await
        }
        Command::Migrate => {
            let store = open_store(&settings).await?;
            store.close().await;
            println!("migrations applied");
            Ok(())
        }
        Command::Worker => {
            let store = open_store(&settings).await?;
            let sender = outbox_sender(&settings, store.clone())?;
            let shutdown = CancellationToken::new();
            let worker = tokio::spawn(sender.run(shutdown.clone()));
            wait_for_stop_signal().await?;
            shutdown.cancel();
            worker.await.context("the outbox sender panicked")?;
            store.close().await;
            Ok(())
        }
    }
}

async fn wait_for_stop_signal() -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate())?;
        tokio::select! {
            result = tokio::signal::ctrl_c() => result?,
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    tokio::signal::ctrl_c().await?;
    Ok(())
}
