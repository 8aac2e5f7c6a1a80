//! The weekly digest: which stories belong together, and how each one is presented.
mod builder;
mod edition;
mod excerpt;
mod preview;
mod related;
mod render;
mod schedule;
mod subject;

pub use builder::{DigestOutcome, build_digest, week_slug};
pub use edition::{Edition, Selection};
pub use excerpt::{excerpt, plain_text, reading_minutes};
pub use preview::{Preview, PreviewError, PreviewOf, SAMPLE_READER, preview_issue};
pub use related::{Group, Subject, group_related};
pub use render::{
    DigestEmail, GREETING_SLOT, Medium, PREFERENCES_SLOT, ReaderSlots, RenderedIssue, SLOTS,
    UNSUBSCRIBE_SLOT, render_issue,
};
pub use schedule::{DigestSchedule, TickError, run_digest_tick};
pub use subject::{MAX_SUBJECT_CHARS, cut_at_word, digest_subject};

#[cfg(test)]
pub(crate) use render::tests;
