//! The weekly digest: which stories belong together, and how each one is presented.
mod excerpt;
mod related;

pub use excerpt::{excerpt, plain_text, reading_minutes};
pub use related::{Country, Group, Topics, group_related};
