//! The audit log: who exported, imported, erased or unsubscribed readers, who signed in (or
//! failed to), who changed accounts. A reader is named by id only, never by address, so that
//! erasing a reader leaves nothing of them here.
use chrono::{DateTime, Utc};

use super::{Store, StoreError, SubscriberFilter};

/// What an entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditAction {
    SignIn,
    SignInFailed,
    Export,
    Import,
    Erase,
    UnsubscribeReader,
    RoleChange,
    AccountAdded,
    AccountDeleted,
    LiftSuppression,
    ReaderTopics,
}

impl AuditAction {
    pub const ALL: [AuditAction; 11] = [
        Self::SignIn,
        Self::SignInFailed,
        Self::Export,
        Self::Import,
        Self::Erase,
        Self::UnsubscribeReader,
        Self::RoleChange,
        Self::AccountAdded,
        Self::AccountDeleted,
        Self::LiftSuppression,
        Self::ReaderTopics,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::SignIn => "sign_in",
            Self::SignInFailed => "sign_in_failed",
            Self::Export => "export",
            Self::Import => "import",
            Self::Erase => "erase",
            Self::UnsubscribeReader => "unsubscribe_reader",
            Self::RoleChange => "role_change",
            Self::AccountAdded => "account_added",
            Self::AccountDeleted => "account_deleted",
            Self::LiftSuppression => "lift_suppression",
            Self::ReaderTopics => "reader_topics",
        }
    }

    /// The action a stored (or typed) code names; `None` for anything else.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == code)
    }
}

impl TryFrom<String> for AuditAction {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::from_code(&value).ok_or_else(|| format!("unknown audit action {value:?}"))
    }
}

/// Who did it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// A signed-in account, with its e-mail as it is now (kept as it was then).
    Account { id: i64, email: String },
    /// The API, by the name given to the token at `caravan tokens create`.
    Token(String),
    /// The operator's command line.
    Cli,
    /// The reader themselves, from their preference page (their address is not kept).
    Reader,
    /// A failed sign-in with an address that has no account: the address is not kept (it may
    /// be anyone's, a reader's too).
    Unknown,
}

impl Actor {
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Self::Account { .. } => "account",
            Self::Token(_) => "token",
            Self::Cli => "cli",
            Self::Reader => "reader",
            Self::Unknown => "unknown",
        }
    }

    pub(crate) fn id(&self) -> Option<i64> {
        match self {
            Self::Account { id, .. } => Some(*id),
            _ => None,
        }
    }

    pub(crate) fn name(&self) -> &str {
        match self {
            Self::Account { email, .. } => email,
            Self::Token(name) => name,
            Self::Cli => "cli",
            Self::Reader | Self::Unknown => "",
        }
    }
}

/// One entry as `/admin/audit` shows it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditRow {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// `account`, `token`, `cli` or `unknown`.
    pub actor_kind: String,
    pub actor_id: Option<i64>,
    pub actor_name: String,
    #[sqlx(try_from = "String")]
    pub action: AuditAction,
    pub detail: String,
}

/// Inserts one entry through `$executor`: a pool, or the open transaction of the action it
/// records, so that both commit (or roll back) together.
macro_rules! insert_audit {
    ($executor:expr, $actor:expr, $action:expr, $detail:expr) => {
        sqlx::query(
            "INSERT INTO audit_log (at, actor_kind, actor_id, actor_name, action, detail) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind($crate::store::now())
        .bind($actor.kind())
        .bind($actor.id())
        .bind($actor.name().to_owned())
        .bind($action.as_str())
        .bind($detail)
        .execute($executor)
        .await
    };
}

/// 1204 → "1,204": counts in details read at a glance.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "1,204 readers exported (status=confirmed)". A search is only said to be there: its text
/// may be the start of a reader's address.
pub fn export_detail(count: u64, filter: &SubscriberFilter) -> String {
    let mut what = Vec::new();
    if let Some(status) = &filter.status {
        what.push(format!("status={status}"));
    }
    if filter.search.is_some() {
        what.push("with a search".to_owned());
    }
    let scope = match what.is_empty() {
        true => "all".to_owned(),
        false => what.join(", "),
    };
    let readers = if count == 1 { "reader" } else { "readers" };
    format!("{} {readers} exported ({scope})", thousands(count))
}

impl Store {
    /// Writes one entry on its own: for actions that are not a single store call.
    #[tracing::instrument(name = "store.record_audit", skip(self, detail))]
    pub async fn record_audit(
        &self,
        actor: &Actor,
        action: AuditAction,
        detail: &str,
    ) -> Result<(), StoreError> {
        on_write_pool!(self, pool => { insert_audit!(pool, actor, action, detail.to_owned())?; });
        Ok(())
    }

    /// Records an export of the readers `filter` matches, counted now; returns the count.
    #[tracing::instrument(name = "store.record_export", skip_all)]
    pub async fn record_export(
        &self,
        actor: &Actor,
        filter: &SubscriberFilter,
    ) -> Result<u64, StoreError> {
        let count = self.count_matching(filter).await?;
        self.record_audit(actor, AuditAction::Export, &export_detail(count, filter))
            .await?;
        Ok(count)
    }

    /// A refused sign-in: the account when the address has one (its id and e-mail), nobody
    /// otherwise. Never the password typed.
    #[tracing::instrument(name = "store.record_sign_in_failed", skip_all)]
    pub async fn record_sign_in_failed(&self, email_key: Option<&str>) -> Result<(), StoreError> {
        let account: Option<(i64, String)> = match email_key {
            Some(key) if !key.contains('\0') => on_read_pool!(self, pool => {
                sqlx::query_as("SELECT id, email FROM users WHERE email_key = $1")
                    .bind(key)
                    .fetch_optional(pool)
                    .await?
            }),
            _ => None,
        };
        let actor = match account {
            Some((id, email)) => Actor::Account { id, email },
            None => Actor::Unknown,
        };
        self.record_audit(
            &actor,
            AuditAction::SignInFailed,
            "wrong address or password",
        )
        .await
    }

    /// Entries newest first, older than `before` (an id) when given.
    #[tracing::instrument(name = "store.audit_page", skip(self))]
    pub async fn audit_page(
        &self,
        action: Option<AuditAction>,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<AuditRow>, StoreError> {
        let rows = on_read_pool!(self, pool => {
            let mut query = sqlx::QueryBuilder::new(
                "SELECT id, at, actor_kind, actor_id, actor_name, action, detail \
                 FROM audit_log WHERE id < ",
            );
            query.push_bind(before.unwrap_or(i64::MAX));
            if let Some(action) = action {
                query.push(" AND action = ").push_bind(action.as_str());
            }
            query.push(" ORDER BY id DESC LIMIT ").push_bind(limit);
            query.build_query_as::<AuditRow>().fetch_all(pool).await?
        });
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_reads_back_from_its_code() {
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::from_code(action.as_str()), Some(action));
        }
        assert_eq!(AuditAction::from_code("drop_table"), None);
    }

    #[test]
    fn counts_are_grouped_and_searches_not_repeated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1204), "1,204");
        assert_eq!(thousands(1_234_567), "1,234,567");
        let filter = SubscriberFilter {
            status: Some(crate::store::SubscriberStatus::Confirmed),
            search: Some("aigerim@example.kz".into()),
        };
        let detail = export_detail(1204, &filter);
        assert_eq!(
            detail,
            "1,204 readers exported (status=confirmed, with a search)"
        );
        assert!(!detail.contains("aigerim"));
        assert_eq!(
            export_detail(3, &SubscriberFilter::default()),
            "3 readers exported (all)"
        );
        assert_eq!(
            export_detail(1, &SubscriberFilter::default()),
            "1 reader exported (all)"
        );
    }
}
