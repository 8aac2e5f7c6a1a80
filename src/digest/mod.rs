//! The weekly digest: which stories belong together, and how each one is presented.
mod builder;
mod excerpt;
mod preview;
mod related;
mod render;
mod schedule;

pub use builder::{DigestOutcome, build_digest, week_slug};
pub use excerpt::{excerpt, plain_text, reading_minutes};
pub use preview::{Preview, PreviewError, SAMPLE_READER, preview_issue};
pub use related::{Group, Subject, group_related};
pub use render::{
    DigestEmail, GREETING_SLOT, Medium, RenderedIssue, SLOTS, UNSUBSCRIBE_SLOT, render_issue,
};
pub use schedule::{DigestSchedule, TickError, run_digest_tick};

#[cfg(test)]
pub(crate) use render::tests;
