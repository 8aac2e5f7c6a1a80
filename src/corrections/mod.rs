//! Corrections: a newsroom that got a fact wrong owes a correction to the people who read it.
//! An editor publishes a dated note on an article (`publish.rs`, called by the admin, the API
//! and `caravan articles correct`); the article's file keeps it (`file.rs`), every page and
//! letter carrying the story shows it, and a correction letter goes once to each reader the
//! delivery ledger says was sent the story and who still wants it (`audience.rs`). Letters
//! wait an hour, so corrections close together make one. `/corrections` lists them all
//! (`page.rs`).
mod audience;
mod file;
mod page;
mod publish;

pub use audience::audience;
pub use file::add_to_file;
pub use page::corrections_page;
pub use publish::{CorrectionError, LETTER_HOLD, Note, Published, publish};
