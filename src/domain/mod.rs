//! Types for every input that crosses a boundary: each one parses once, so the code behind
//! the boundary never checks again.
mod address_redaction;
mod cron_schedule;
mod issue_text;
mod lang;
mod plain_text;
mod subscriber_email;
mod subscriber_name;

pub use address_redaction::redact_addresses;
pub use cron_schedule::{CronError, CronSchedule};
pub use issue_text::{IssueTextError, MAX_SUBJECT_CHARS, issue_intro, issue_subject};
pub use lang::Lang;
pub use plain_text::has_control_characters;
pub use subscriber_email::{EmailError, SubscriberEmail};
pub use subscriber_name::{NameError, SubscriberName};
