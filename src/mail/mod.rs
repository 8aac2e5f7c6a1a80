//! Outgoing e-mail's transport: composing MIME messages (DKIM-signed when configured), the
//! transport that carries them (SMTP, or `.eml` files in development) and the rate-limited
//! mailer every sender shares. What is sent, and when, is `delivery/`.
mod dkim;
mod mailer;
mod message;
mod signing;
mod smtp;
mod transport;

pub use dkim::DkimKeys;
pub use mailer::Mailer;
pub use message::{Composer, CopyTags, Letter, new_message_id};
pub use smtp::{RelayUrlError, SmtpRelays, check_ca_file, tls_config};
pub use transport::{SendError, Transport, validate_smtp_url};
