use std::path::PathBuf;
use std::sync::Arc;

use chrono_tz::Tz;
use lettre::message::Mailbox;
use tokio::sync::Notify;
use url::Url;

use crate::admin::LoginThrottle;
use crate::digest::DigestSchedule;
use crate::store::Store;
use crate::subscriptions::SignupQueue;
use crate::tokens::TokenSigner;

/// Shared by every handler; cloned per worker thread, so everything inside is cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    /// Sign-ups go through one writer that commits them in batches.
    pub signups: SignupQueue,
    pub signer: TokenSigner,
    pub base_url: Url,
    pub mail_from: Mailbox,
    /// Wakes this process's outbox sender when a handler queues a message.
    pub outbox_wake: Arc<Notify>,
    /// Set when no SMTP relay is configured: where `.eml` files land, shown at `/dev/mailbox`.
    pub dev_mailbox: Option<PathBuf>,
    /// Set when no SMTP relay is configured: where the file transport writes `.eml` files
    /// (served or not), so that an erasure removes a reader's copies too.
    pub outbox_files: Option<PathBuf>,
    /// `CARAVAN_ARTICLES_DIR`: the folder articles are written to and synced from.
    pub articles_dir: PathBuf,
    /// `CARAVAN_TIMEZONE`: the newsroom's clock, for schedules and dates shown to editors.
    pub timezone: Tz,
    /// When the digest builder runs next (shown on the dashboard).
    pub digest_schedule: DigestSchedule,
    /// Failed-login slowdown, shared by every HTTP worker thread of this process.
    pub login_throttle: Arc<LoginThrottle>,
    /// `CARAVAN_METRICS_TOKEN`: when set, `/metrics` wants it as a bearer token.
    pub metrics_token: Option<secrecy::SecretString>,
    /// `CARAVAN_TRUSTED_PROXIES`.
    pub trusted_proxies: Arc<Vec<std::net::IpAddr>>,
    /// Limits and retention that keep the reader list out of strangers' reach.
    pub safeguards: Arc<crate::config::Safeguards>,
    /// The providers' webhooks that may post bounces and complaints.
    pub webhooks: Arc<crate::config::WebhookSettings>,
    /// Checks SNS signatures for the SES webhook (set with `CARAVAN_WEBHOOK_SES_TOPICS`).
    pub sns: Option<Arc<crate::webhooks::SnsVerifier>>,
    /// Sent issues' pages, rendered once per language.
    pub archive_pages: crate::archive::PageCache,
    /// When this process last checked the archive's search index.
    pub search_index: crate::archive::IndexCheck,
    /// `CARAVAN_CLICK_COUNTS`: whether letters link to stories through `/r/…`, counted.
    pub click_counts: crate::clicks::StoryLinks,
    /// Where each issue's story links go, for `/r/{issue}/{story}`.
    pub story_links: crate::clicks::LinkBook,
    /// Clicks counted and not yet written.
    pub clicks: crate::clicks::ClickTally,
}

impl AppState {
    /// The client's address, through trusted proxies (see [`crate::web::client_ip`]).
    pub fn client_ip(&self, req: &actix_web::HttpRequest) -> Option<std::net::IpAddr> {
        super::client_ip(
            req.peer_addr().map(|a| a.ip()),
            req.headers(),
            &self.trusted_proxies,
        )
    }

    /// The client's network, what per-client limits count by (see [`super::client_network`]).
    pub fn client_network(&self, req: &actix_web::HttpRequest) -> Option<std::net::IpAddr> {
        self.client_ip(req).map(super::client_network)
    }
}

impl AppState {
    /// What the sign-up writer needs to compose a confirmation (not the whole state).
    pub fn confirmation_letters(&self) -> crate::subscriptions::ConfirmationLetters {
        crate::subscriptions::ConfirmationLetters {
            signer: self.signer.clone(),
            base_url: self.base_url.as_str().trim_end_matches('/').to_owned(),
            mail_from: self.mail_from.clone(),
        }
    }

    /// An absolute link for e-mails: `CARAVAN_BASE_URL` joined with `path_and_query`.
    pub fn link(&self, path_and_query: &str) -> String {
        format!(
            "{}{}",
            self.base_url.as_str().trim_end_matches('/'),
            path_and_query
        )
    }
}
