//! A reader's path: the sign-up page and form, the confirmation e-mail and link, and the
//! one-click unsubscribe.
mod confirm;
mod confirmation_email;
mod erasure;
mod export;
mod import_csv;
mod signup;
mod signup_input;
mod signup_page;
mod signup_queue;
mod topic_boxes;
mod unsubscribe;

pub use confirm::{TokenQuery, confirm, confirm_page};
pub use confirmation_email::ConfirmationLetters;
pub use erasure::erase_reader;
pub use export::{CSV_HEADER, csv_pages, csv_rows};
pub use import_csv::{RejectedRow, RowProblem, parse_readers_csv};
pub use signup::{MAX_BODY_BYTES, create};
pub use signup_input::{FieldError, ParsedSignup, SignupInput};
pub use signup_page::{SignupPage, show};
pub use signup_queue::{SignupError, SignupQueue};
pub use topic_boxes::{TopicBox, TopicBoxes};
pub use unsubscribe::{unsubscribe_one_click, unsubscribe_page};
