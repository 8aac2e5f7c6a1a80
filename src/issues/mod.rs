//! An issue's life from draft to the workers, as the functions every surface calls: the admin
//! pages, the API, the CLI and the digest scheduler queue, cancel and test-send through here,
//! so each decision is made once and handlers only parse input and shape output. Sending
//! itself (fan-out, delivery, retries) is `delivery/`; the SQL is `store/`.
mod drafts;
mod queue;
mod test_send;

pub use crate::store::CancelOutcome;
pub use drafts::{create_letter, edit_draft};
pub use queue::{QueueOutcome, cancel, queue};
pub use test_send::{
    MAX_TEST_RECIPIENTS, RecipientsError, TestCopyError, TestRecipients, queue_test_copies,
};
