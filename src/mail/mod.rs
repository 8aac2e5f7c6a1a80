//! Outgoing e-mail: turning an outbox row into a MIME message, the transport that carries it
//! (SMTP, or `.eml` files in development), and the sender that drains the outbox.
mod message;
mod sender;
mod transport;

pub use message::{build_message, new_message_id};
pub use sender::{OutboxSender, SenderConfig};
pub use transport::{SendError, Transport, validate_smtp_url};
