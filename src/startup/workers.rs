//! The background senders of one process (outbox, delivery worker, housekeeping) and the
//! mailer they share; apart because `worker` and the tests build them without a server.
use anyhow::Context;
use secrecy::ExposeSecret;
use tokio_util::sync::CancellationToken;

use crate::bounces::ReturnPath;
use crate::config::Settings;
use crate::delivery::{DeliveryConfig, DeliveryWorker, OutboxSender, SenderConfig};
use crate::mail::{Composer, CopyTags, DkimKeys, Mailer, Transport};
use crate::store::Store;
use crate::tokens::TokenSigner;

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
        let mailer = mailer(settings, &signer)?;
        let mut delivery_config = DeliveryConfig::new(
            settings.send_concurrency,
            settings.send_rate,
            settings.send_lease,
        );
        delivery_config.sending.give_up_after = settings.send_give_up_after;
        delivery_config.story_links = settings.click_counts;
        let mut outbox_config = SenderConfig::new(settings.send_concurrency);
        outbox_config.give_up_after = settings.send_give_up_after;
        Ok(Self {
            outbox: OutboxSender::new(store.clone(), mailer.clone(), outbox_config),
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

/// The mailer this configuration asks for: SMTP or `.eml` files, DKIM, rate limit, and VERP
/// return paths signed by `signer` when `CARAVAN_BOUNCE_DOMAIN` is set.
pub fn mailer(settings: &Settings, signer: &TokenSigner) -> anyhow::Result<Mailer> {
    let transport = match &settings.smtp_url {
        Some(url) => Transport::smtp(
            url.expose_secret(),
            settings.send_concurrency,
            settings.smtp_ca_file.as_deref(),
        )
        .context("CARAVAN_SMTP_URL: cannot set up the SMTP transport")?,
        None => Transport::Files(settings.outbox_dir.clone()),
    };
    let dkim = match &settings.dkim {
        None => None,
        Some(dkim) => Some(
            DkimKeys::new(
                &dkim.selector,
                dkim.key.expose_secret(),
                settings.mail_from.email.domain(),
            )
            .map_err(|e| anyhow::anyhow!("CARAVAN_DKIM_KEY: expected {e}"))?,
        ),
    };
    let return_path = settings
        .bounces
        .domain
        .as_deref()
        .map(|domain| ReturnPath::new(domain, signer.clone()));
    let hooks = &settings.webhooks;
    let tags = hooks.any().then(|| CopyTags {
        postmark: hooks.postmark_auth.is_some(),
        mailgun: hooks.mailgun_key.is_some(),
        sendgrid: hooks.sendgrid_key.is_some(),
        ses: !hooks.ses_topics.is_empty(),
        signer: signer.clone(),
    });
    Ok(Mailer::new(
        transport,
        Composer::new(settings.mail_from.clone(), dkim).with_copy_tags(tags),
        settings.send_rate,
    )
    .with_return_path(return_path))
}

/// The outbox sender alone (tests drain the outbox with it).
pub fn outbox_sender(
    settings: &Settings,
    store: Store,
    signer: &TokenSigner,
) -> anyhow::Result<OutboxSender> {
    Ok(OutboxSender::new(
        store,
        mailer(settings, signer)?,
        SenderConfig::new(settings.send_concurrency),
    ))
}
