//! Which stories are read, without following anyone. A letter's story links go through
//! `/r/{issue}/{story}`: the same URL for every reader, so a click says which story of which
//! issue, never who. Counts leave out what is not a person (`visitor.rs`) and clicks while
//! copies are still going out (link scanners open a message's links seconds after it
//! arrives); they are added up in memory and written once a second (`tally.rs`).
mod book;
mod links;
mod redirect;
mod tally;
mod visitor;

pub use book::{EARLY_WINDOW, LinkBook};
pub use links::{StoryLinks, archive_anchor, story_link};
pub use redirect::follow;
pub use tally::ClickTally;
pub use visitor::{Visitor, visitor};
