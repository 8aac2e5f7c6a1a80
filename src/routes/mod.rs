//! Operational and development routes: health, static assets, the development mailbox, and
//! the 404 page.
mod assets;
mod dev_mailbox;
mod health;
mod metrics;
mod not_found;

pub use assets::{
    ADMIN_ASSETS_VERSION, IMAGES_VERSION, STYLESHEET_VERSION, admin_script, admin_stylesheet, card,
    favicon, manifest, stylesheet,
};
pub use dev_mailbox::{mailbox, mailbox_html, mailbox_message};
pub use health::health;
pub use metrics::{http_metrics, metrics};
pub use not_found::not_found;
