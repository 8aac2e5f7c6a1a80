//! Outgoing e-mail: composing MIME messages (DKIM-signed when configured), the transport that
//! carries them (SMTP, or `.eml` files in development), the rate-limited mailer every sender
//! shares, the outbox sender (confirmations, test sends) and the delivery worker (issues).
mod delivery_worker;
mod dkim;
mod mailer;
mod message;
mod prepared_issue;
mod sender;
mod smtp_pool;
mod test_copies;
mod transport;

pub use delivery_worker::{DeliveryConfig, DeliveryWorker};
pub use dkim::dkim_config;
pub use mailer::Mailer;
pub use message::{Composer, Letter, new_message_id};
pub use prepared_issue::PreparedIssue;
pub use sender::{OutboxSender, SenderConfig};
pub use smtp_pool::{RelayUrlError, SmtpPool};
pub use test_copies::{MAX_TEST_RECIPIENTS, TestCopyError, queue_test_copies};
pub use transport::{SendError, Transport, validate_smtp_url};
