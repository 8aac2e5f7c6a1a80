//! Builds the application from settings: database, secret, mail transport, HTTP server and
//! background sender. Tests build it the same way on port 0.
use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::{App, HttpServer, web};
use anyhow::Context;
use base64::Engine;
use rand::Rng;
use secrecy::{ExposeSecret, SecretString};
use tokio_util::sync::CancellationToken;
use tracing_actix_web::TracingLogger;

use tokio_cron_scheduler::{Job, JobScheduler};

use crate::config::{DigestMode, Settings};
use crate::delivery::{DeliveryConfig, DeliveryWorker, OutboxSender, SenderConfig};
use crate::digest::{DigestSchedule, run_digest_tick};
use crate::mail::{Composer, Mailer, Transport, dkim_config};
use crate::store::Store;
use crate::subscriptions::SignupQueue;
use crate::tokens::TokenSigner;
use crate::web::{AppState, PageCtx, PageError, PageErrorKind, RequestLog};
use crate::{admin, api, archive, routes, subscriptions};

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
        };
        let signup_limit =
            crate::web::signup_limit(settings.signup_rate_limit, state.trusted_proxies.clone());
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
        })
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
            ..
        } = self;
        let shutdown = CancellationToken::new();
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
        store.close().await;
        served.context("the HTTP server failed")
    }
}

/// The digest's waker: once a minute it asks [`run_digest_tick`] whether a tick is due; what
/// is due is decided from the database, so several instances agree.
async fn start_scheduler(
    store: Store,
    schedule: DigestSchedule,
    dir: std::path::PathBuf,
) -> anyhow::Result<JobScheduler> {
    let scheduler = JobScheduler::new()
        .await
        .context("cannot start the scheduler")?;
    let next = schedule.next_tick(chrono::Utc::now());
    // A tick missed while the service was down is caught up now, not at the next minute
    // (in the background: serving must not wait for a digest).
    let (first_store, first_schedule, first_dir) = (store.clone(), schedule.clone(), dir.clone());
    tokio::spawn(async move {
        let now = chrono::Utc::now();
        if let Err(error) = run_digest_tick(&first_store, &first_schedule, &first_dir, now).await {
            tracing::error!(error = format!("{error:#}"), "digest tick at start failed");
        }
    });
    let (cron, tz) = (schedule.cron.as_str().to_owned(), schedule.tz);
    let job = Job::new_async("0 * * * * *", move |_, _| {
        let (store, schedule, dir) = (store.clone(), schedule.clone(), dir.clone());
        Box::pin(async move {
            if let Err(error) = run_digest_tick(&store, &schedule, &dir, chrono::Utc::now()).await {
                tracing::error!(error = format!("{error:#}"), "digest tick failed");
            }
        })
    })
    .context("cannot create the digest job")?;
    scheduler
        .add(job)
        .await
        .context("cannot add the digest job")?;
    scheduler
        .start()
        .await
        .context("cannot start the scheduler")?;
    tracing::info!(%cron, timezone = %tz, ?next, "digest scheduler started");
    Ok(scheduler)
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

/// The senders of one process: the outbox (confirmations, test sends) and the delivery
/// worker (issues), sharing one SMTP pool and one rate limit.
#[derive(Clone)]
pub struct Workers {
    pub outbox: OutboxSender,
    pub deliveries: DeliveryWorker,
    /// For the hourly housekeeping sweep beside the senders.
    store: Store,
    safeguards: crate::config::Safeguards,
}

impl Workers {
    pub fn new(settings: &Settings, store: Store, signer: TokenSigner) -> anyhow::Result<Self> {
        let mailer = mailer(settings)?;
        let delivery_config = DeliveryConfig::new(
            settings.send_concurrency,
            settings.send_rate,
            settings.send_lease,
        );
        Ok(Self {
            outbox: OutboxSender::new(
                store.clone(),
                mailer.clone(),
                SenderConfig::new(settings.send_concurrency),
            ),
            deliveries: DeliveryWorker::new(
                store.clone(),
                mailer,
                signer,
                settings.base_url.as_str(),
                delivery_config,
            ),
            store,
            safeguards: settings.safeguards.clone(),
        })
    }

    /// Starts both senders; the future resolves once both have stopped after `shutdown`.
    pub fn spawn(
        self,
        shutdown: CancellationToken,
    ) -> impl std::future::Future<Output = anyhow::Result<()>> {
        let outbox = tokio::spawn(self.outbox.run(shutdown.clone()));
        let deliveries = tokio::spawn(self.deliveries.run(shutdown.clone()));
        let housekeeping = tokio::spawn(crate::housekeeping::run(
            self.store,
            self.safeguards,
            shutdown,
        ));
        async move {
            outbox.await.context("the outbox sender panicked")?;
            deliveries.await.context("the delivery worker panicked")?;
            housekeeping.await.context("housekeeping panicked")?;
            Ok(())
        }
    }
}

/// The mailer this configuration asks for: SMTP or `.eml` files, DKIM, rate limit.
pub fn mailer(settings: &Settings) -> anyhow::Result<Mailer> {
    let transport = match &settings.smtp_url {
        Some(url) => Transport::smtp(url.expose_secret(), settings.send_concurrency)
            .context("CARAVAN_SMTP_URL: cannot set up the SMTP transport")?,
        None => Transport::Files(settings.outbox_dir.clone()),
    };
    let dkim = match &settings.dkim {
        None => None,
        Some(dkim) => Some(
            dkim_config(
                &dkim.selector,
                dkim.key.expose_secret(),
                settings.mail_from.email.domain(),
            )
            .map_err(|e| anyhow::anyhow!("CARAVAN_DKIM_KEY: expected {e}"))?,
        ),
    };
    Ok(Mailer::new(
        transport,
        Composer::new(settings.mail_from.clone(), dkim),
        settings.send_rate,
    ))
}

/// The outbox sender alone (tests drain the outbox with it).
pub fn outbox_sender(settings: &Settings, store: Store) -> anyhow::Result<OutboxSender> {
    Ok(OutboxSender::new(
        store,
        mailer(settings)?,
        SenderConfig::new(settings.send_concurrency),
    ))
}

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

/// Headers every answer carries unless its handler set its own (the e-mail previews do).
/// No page runs inline script; inline styles stay allowed (e-mail HTML is styled inline).
fn security_headers() -> actix_web::middleware::DefaultHeaders {
    actix_web::middleware::DefaultHeaders::new()
        .add((
            actix_web::http::header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
             img-src 'self' data: https:; object-src 'none'; base-uri 'none'; \
             form-action 'self'; frame-ancestors 'self'",
        ))
        .add((actix_web::http::header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .add((actix_web::http::header::X_FRAME_OPTIONS, "SAMEORIGIN"))
        // Pages reached by signed links (confirm, unsubscribe) must not hand their token to
        // another site through the Referer header.
        .add((actix_web::http::header::REFERRER_POLICY, "same-origin"))
}

fn http_server(
    listener: TcpListener,
    state: AppState,
    signup_limit: Option<crate::web::SignupLimit>,
) -> anyhow::Result<Server> {
    let dev_mailbox = state.dev_mailbox.is_some();
    let state = web::Data::new(state);
    // The limit's state is made once, here, and shared by every HTTP worker thread. With
    // limits off the middleware is skipped; this stand-in only gives it a type.
    let unused_when_off = crate::web::signup_limit(1, state.trusted_proxies.clone())
        .context("the sign-up limit cannot be built")?;
    let server = HttpServer::new(move || {
        let mut app = App::new()
            // Innermost: the 408 of a cut body still gets the headers and is counted.
            .wrap(actix_web::middleware::from_fn(crate::web::body_deadline))
            .wrap(security_headers())
            .wrap(actix_web::middleware::from_fn(routes::http_metrics))
            .wrap(TracingLogger::<RequestLog>::new())
            .app_data(state.clone())
            .app_data(web::QueryConfig::default().error_handler(|_, req| {
                // A query that does not parse is a mangled link: say so in the reader's language.
                PageError::new(&PageCtx::from_request(req), PageErrorKind::LinkInvalid).into()
            }))
            .route("/", web::get().to(subscriptions::show))
            .service(
                web::resource("/subscriptions")
                    .wrap(actix_web::middleware::Condition::new(
                        signup_limit.is_some(),
                        actix_governor::Governor::new(
                            signup_limit.as_ref().unwrap_or(&unused_when_off),
                        ),
                    ))
                    .route(web::post().to(subscriptions::create)),
            )
            .route(
                "/subscriptions/confirm",
                web::get().to(subscriptions::confirm_page),
            )
            .route(
                "/subscriptions/confirm",
                web::post().to(subscriptions::confirm),
            )
            .route(
                "/unsubscribe",
                web::get().to(subscriptions::unsubscribe_page),
            )
            .route(
                "/unsubscribe",
                web::post().to(subscriptions::unsubscribe_one_click),
            )
            .route("/archive", web::get().to(archive::archive))
            .route("/archive/{slug}", web::get().to(archive::archived_issue))
            .route("/feed.xml", web::get().to(archive::feed))
            .route("/health", web::get().to(routes::health))
            .route("/metrics", web::get().to(routes::metrics))
            .route("/static/caravan.css", web::get().to(routes::stylesheet))
            .route("/static/admin.css", web::get().to(routes::admin_stylesheet))
            .route("/static/admin.js", web::get().to(routes::admin_script))
            .configure(api::routes)
            .configure(admin::routes);
        if dev_mailbox {
            app = app
                .route("/dev/mailbox", web::get().to(routes::mailbox))
                .route(
                    "/dev/mailbox/{file}",
                    web::get().to(routes::mailbox_message),
                )
                .route(
                    "/dev/mailbox/{file}/html",
                    web::get().to(routes::mailbox_html),
                );
        }
        app.default_service(web::to(routes::not_found))
    })
    .listen(listener)?
    .run();
    Ok(server)
}
