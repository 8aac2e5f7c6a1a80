//! The welcome e-mail: after a reader confirms, once ever, through the outbox. Its body is
//! the editors' (`/admin/welcome`, one per language, kept in `app_settings`); under it, the
//! stories of the latest letter that touch the reader's topics.
mod letter;

pub use letter::{WELCOME_KIND, queue_welcome, welcome_body, welcome_key};
