//! The reader's preference page, `/preferences`: topics, language, a pause, leaving, their
//! data to download, erasure. Reached by the signed link every letter carries, or by a link
//! mailed on request (`sign_in.rs`); every change is a POST (mail scanners follow links).
mod access;
mod actions;
mod data;
mod page;
mod sign_in;

pub use actions::{erase, leave, pause, resume};
pub use data::download;
pub use page::{save, show};
pub use sign_in::{PREFERENCES_LINK_KIND, preferences_url, request_link};
