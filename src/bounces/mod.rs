//! The bounce and complaint loop: return paths that name each copy (`verp.rs`), what a
//! message that comes back says (`report.rs`, with `fields.rs` for the report bodies and
//! `status_code.rs` for the codes), the ledger it goes to (`intake.rs`, shared by the SMTP
//! listener in `listener.rs` and the mailbox import in `mbox.rs`).
mod fields;
mod intake;
mod listener;
mod mbox;
mod report;
mod status_code;
mod verp;

pub use intake::{Intake, Taken};
pub use listener::serve;
pub use mbox::{ImportError, Imported, import_mbox};
pub use report::{Outcome, Parsed, Report, parse};
pub use status_code::{failure_code_in, kind_of_failure};
pub use verp::{BounceTag, ReturnPath, copy_token, open_copy_token};
