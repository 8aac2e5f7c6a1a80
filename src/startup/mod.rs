//! Builds the application from settings: database, secret, mail transport, HTTP server and
//! background sender. Tests build it the same way on port 0. The server's routes
//! (`http_server`), the senders (`workers`), the digest scheduler (`scheduler`) and the
//! secret (`secret`) each have their own file here.
use std::net::TcpListener;

use actix_web::dev::Server;
use anyhow::Context;
use tokio_util::sync::CancellationToken;

use crate::config::{DigestMode, Settings};
use crate::digest::DigestSchedule;
use crate::store::Store;
use crate::subscriptions::SignupQueue;
use crate::web::AppState;

mod bounces;
mod http_server;
mod scheduler;
mod secret;
mod workers;

pub use bounces::{BounceListener, bounce_intake};
use http_server::http_server;
use scheduler::start_scheduler;
pub use secret::{resolve_secret, token_signer};
pub use workers::{Workers, mailer, outbox_sender};

/// Which parts of the service this process runs (`serve --no-workers` and `worker` split them).
#[derive(Debug, Clone, Copy)]
pub struct Roles {
    pub workers: bool,
    /// Wake every minute to build the digest when `CARAVAN_DIGEST_CRON` says it is due.
    pub scheduler: bool,
}

pub struct Application {
    port: u16,
    server: Server,
    store: Store,
    workers: Workers,
    roles: Roles,
    schedule: DigestSchedule,
    articles_dir: std::path::PathBuf,
    /// The bounce listener, when `CARAVAN_BOUNCE_LISTEN` is set.
    bounces: Option<BounceListener>,
    /// Clicks counted by the HTTP handlers, written while serving and once more at the end.
    clicks: crate::clicks::ClickTally,
}

impl Application {
    pub async fn build(settings: &Settings, roles: Roles) -> anyhow::Result<Self> {
        let store = open_store(settings).await?;
        sync_articles_at_start(&store, settings).await?;
        let listener = TcpListener::bind(settings.listen)
            .with_context(|| format!("CARAVAN_LISTEN: cannot listen on {}", settings.listen))?;
        let port = listener.local_addr()?.port();
        let signer = token_signer(settings, &store).await?;
        let workers = Workers::new(settings, store.clone(), signer.clone())?;
        let bounces = match (
            settings.bounces.listen,
            bounce_intake(settings, &store, &signer),
        ) {
            (Some(address), Some(intake)) => Some(BounceListener::bind(address, intake).await?),
            _ => None,
        };
        let schedule = DigestSchedule {
            cron: settings.digest_cron.clone(),
            tz: settings.timezone,
            auto_queue: settings.digest_mode == DigestMode::Auto,
        };
        let state = AppState {
            store: store.clone(),
            signups: SignupQueue::start(
                store.clone(),
                crate::store::ConfirmationLimits::with_per_hour(
                    settings.safeguards.confirmations_per_hour,
                ),
            ),
            signer,
            base_url: settings.base_url.clone(),
            mail_from: settings.mail_from.clone(),
            outbox_wake: workers.outbox.waker(),
            // The mailbox shows every reader's address and links: only where a developer is.
            dev_mailbox: (settings.smtp_url.is_none()
                && settings
                    .safeguards
                    .dev_mailbox
                    .serves(settings.listen, &settings.base_url))
            .then(|| settings.outbox_dir.clone()),
            outbox_files: settings
                .smtp_url
                .is_none()
                .then(|| settings.outbox_dir.clone()),
            articles_dir: settings.articles_dir.clone(),
            timezone: settings.timezone,
            digest_schedule: schedule.clone(),
            login_throttle: crate::admin::LoginThrottle::shared(),
            metrics_token: settings.metrics_token.clone(),
            trusted_proxies: std::sync::Arc::new(settings.trusted_proxies.clone()),
            safeguards: std::sync::Arc::new(settings.safeguards.clone()),
            webhooks: std::sync::Arc::new(settings.webhooks.clone()),
            archive_pages: crate::archive::PageCache::default(),
            search_index: crate::archive::IndexCheck::default(),
            click_counts: settings.click_counts,
            story_links: crate::clicks::LinkBook::new(store.clone(), settings.base_url.as_str()),
            clicks: crate::clicks::ClickTally::new(store.clone()),
            sns: match settings.webhooks.ses_topics.is_empty() {
                true => None,
                false => Some(std::sync::Arc::new(
                    crate::webhooks::SnsVerifier::new(settings.webhooks.ses_cert_host.clone())
                        .map_err(|e| anyhow::anyhow!("CARAVAN_WEBHOOK_SES_TOPICS: {e}"))?,
                )),
            },
        };
        let signup_limit =
            crate::web::signup_limit(settings.signup_rate_limit, state.trusted_proxies.clone());
        let clicks = state.clicks.clone();
        let server = http_server(listener, state, signup_limit)?;
        tracing::info!(port, "listening");
        Ok(Self {
            port,
            server,
            store,
            workers,
            roles,
            schedule,
            articles_dir: settings.articles_dir.clone(),
            bounces,
            clicks,
        })
    }

    /// The bounce listener's port, when there is one.
    pub fn bounce_port(&self) -> Option<u16> {
        self.bounces.as_ref().map(BounceListener::port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn workers(&self) -> Workers {
        self.workers.clone()
    }

    /// Serves until Ctrl-C or SIGTERM; requests in flight and the sender's current batch are
    /// finished before it returns.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let Application {
            server,
            store,
            workers,
            roles,
            schedule,
            articles_dir,
            bounces,
            clicks,
            ..
        } = self;
        let shutdown = CancellationToken::new();
        let clicks = tokio::spawn(clicks.write_periodically(shutdown.clone()));
        let bounces = bounces.map(|listener| listener.spawn(shutdown.clone()));
        let workers = roles.workers.then(|| workers.spawn(shutdown.clone()));
        let mut scheduler = match roles.scheduler {
            true => Some(start_scheduler(store.clone(), schedule, articles_dir).await?),
            false => None,
        };
        let served = server.await;
        shutdown.cancel();
        if let Some(scheduler) = scheduler.as_mut() {
            scheduler
                .shutdown()
                .await
                .context("cannot stop the scheduler")?;
        }
        if let Some(workers) = workers {
            workers.await?;
        }
        if let Some(bounces) = bounces {
            bounces.await.context("the bounce listener panicked")?;
        }
        clicks.await.context("the click counter panicked")?;
        store.close().await;
        served.context("the HTTP server failed")
    }
}

/// Connects to `DATABASE_URL` and applies pending migrations.
pub async fn open_store(settings: &Settings) -> anyhow::Result<Store> {
    let store = Store::connect(&settings.database_url).await?;
    store.migrate().await?;
    Ok(store)
}

/// Loads the articles folder before serving. A missing folder or a broken file is logged and
/// does not stop the service: the articles already in the database still serve.
async fn sync_articles_at_start(store: &Store, settings: &Settings) -> anyhow::Result<()> {
    match crate::articles::sync_folder(store, &settings.articles_dir).await {
        Ok(report) => {
            tracing::info!(
                added = report.added.len(),
                updated = report.updated.len(),
                unchanged = report.unchanged,
                problems = report.problems.len(),
                "articles synced"
            );
            Ok(())
        }
        Err(crate::articles::SyncError::Folder { dir, source }) => {
            tracing::warn!(dir = %dir.display(), error = %source, "CARAVAN_ARTICLES_DIR cannot be read; no article synced");
            Ok(())
        }
        Err(error) => Err(error.into()),
    }
}
