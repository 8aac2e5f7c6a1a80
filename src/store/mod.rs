//! The one place that talks to the database. SQL is written once where SQLite and PostgreSQL
//! agree (`$1` placeholders, `RETURNING`, `ON CONFLICT`), per dialect only where they differ.
#[macro_use]
mod dispatch;
#[macro_use]
mod outbox;
#[macro_use]
mod subscribers;
#[macro_use]
mod audit;
#[macro_use]
mod bounce_ledger;
mod account;
mod api_tokens;
mod app_settings;
mod archive_search;
mod articles;
mod backlog;
mod bounce_copies;
mod bounce_figures;
mod budget_read;
mod confirmation_budget;
mod copy_to_postgres;
mod corrections;
mod dashboard;
mod dashboard_figures;
mod deliveries;
mod delivery_claims;
mod hour_ledger;
#[macro_use]
mod hour_writeback;
mod issue_drafts;
mod issues;
mod mailbox_ledger;
mod pool;
mod reader_import;
mod reader_preferences;
mod retention;
mod sessions;
mod signup_batch;
mod statuses;
mod story_clicks;
mod subscriber_admin;
mod topic_figures;
mod two_factor;
mod users;

pub use account::SessionRow;
pub use api_tokens::ApiTokenRow;
pub use articles::{ArticleListRow, ArticleRow, NewArticle, Slugs, UpsertOutcome};
pub use audit::{Actor, AuditAction, AuditRow, export_detail, thousands};
pub use backlog::Backlog;
pub use bounce_figures::{BounceCounts, BounceEventRow};
pub use bounce_ledger::{NewBounceEvent, Recorded};
pub use confirmation_budget::{ConfirmationLimits, CountedAs, key_hash};
pub use copy_to_postgres::{CopyError, CopyReport};
pub use corrections::{
    ArticleCorrection, AudienceFilter, CORRECTION_AUDIENCE, CorrectionRow, RecordedCorrection,
};
pub use dashboard::{ReaderCounts, ScheduledIssue};
pub use dashboard_figures::IssueFigures;
pub use deliveries::{CancelOutcome, DeliveryCounts, IssueProgress, StartedIssue};
pub use delivery_claims::{ClaimedDelivery, DeliveryResult, MAX_HARD_BOUNCES, Reader};
pub use hour_ledger::WRITE_EVERY as WRITE_HOURS_EVERY;
pub use issue_drafts::{DraftChanges, DraftEdit, DraftUpdate, NewLetter};
pub use issues::{CreateIssue, DigestCandidate, IssueArticle, IssueItem, IssueRow};
pub use outbox::{NewMessage, OutboxMessage, OutboxStats, SendResult};
pub use pool::{Backend, Store, StoreError};
pub use reader_import::ImportedReader;
pub use reader_preferences::{Preferences, ReaderMessage};
pub use retention::{RetentionCutoffs, Swept};
pub use sessions::{LoginCandidate, SessionUser};
pub use signup_batch::{ComposeConfirmation, MAX_BATCH, SignupRequest};
pub use statuses::{BounceKind, DeliveryStatus, IssueStatus, Role, SubscriberStatus};
pub use story_clicks::{ClickCounts, LinkedIssue, SendState, StoryClicks, StoryLink, TopStory};
pub use subscriber_admin::{ReaderDelivery, SubscriberFilter};
pub use subscribers::{
    ConfirmOutcome, SignupAnswer, SignupOutcome, Subscriber, UnsubscribeOutcome,
};
pub use topic_figures::TopicFigures;
pub use two_factor::TwoFactorRow;
pub use users::{UserChange, UserRow};

/// The store's clock: microseconds, the precision both databases keep, so that a value read
/// back compares equal to the value written.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    use chrono::SubsecRound;
    chrono::Utc::now().trunc_subsecs(6)
}
