//! What `copy-to` copies: every table, its id and its typed columns, parents first. Apart
//! from the copying itself because a new table or column is added here and nowhere else.
use Kind::{Date, Int, Text, Time};

#[derive(Debug, Clone, Copy)]
pub(super) enum Kind {
    Int,
    Text,
    Time,
    Date,
}

pub(super) struct Table {
    pub(super) name: &'static str,
    /// Integer id to page by and to keep; `None`: small table read at once.
    pub(super) id: Option<&'static str>,
    pub(super) columns: &'static [(&'static str, Kind)],
}

/// Parents before children, so foreign keys hold at every insert.
pub(super) const TABLES: &[Table] = &[
    Table {
        name: "app_settings",
        id: None,
        columns: &[("key", Text), ("value", Text)],
    },
    Table {
        name: "users",
        id: Some("id"),
        columns: &[
            ("id", Int),
            ("email", Text),
            ("email_key", Text),
            ("role", Text),
            ("password_hash", Text),
            ("created_at", Time),
            ("totp_secret", Text),
            ("totp_pending", Text),
            ("totp_last_step", Int),
        ],
    },
    Table {
        name: "recovery_codes",
        id: None,
        columns: &[("user_id", Int), ("code_hash", Text), ("created_at", Time)],
    },
    Table {
        name: "api_tokens",
        id: Some("id"),
        columns: &[
            ("id", Int),
            ("name", Text),
            ("token_hash", Text),
            ("created_at", Time),
            ("revoked_at", Time),
        ],
    },
    Table {
        name: "subscribers",
        id: Some("id"),
        columns: &[
            ("id", Int),
            ("email", Text),
            ("email_key", Text),
            ("name", Text),
            ("status", Text),
            ("lang", Text),
            ("created_at", Time),
            ("confirmation_sent_at", Time),
            ("confirmed_at", Time),
            ("unsubscribed_at", Time),
            ("hard_bounces", Int),
            ("suppressed", Text),
        ],
    },
    Table {
        name: "articles",
        id: Some("id"),
        columns: &[
            ("id", Int),
            ("slug", Text),
            ("title", Text),
            ("date", Date),
            ("summary", Text),
            ("caption", Text),
            ("source", Text),
            ("url", Text),
            ("tags", Text),
            ("lang", Text),
            ("body_md", Text),
            ("body_html", Text),
            ("content_hash", Text),
            ("created_at", Time),
            ("updated_at", Time),
        ],
    },
    Table {
        name: "issues",
        id: Some("id"),
        columns: &[
            ("id", Int),
            ("slug", Text),
            ("kind", Text),
            ("subject", Text),
            ("intro", Text),
            ("status", Text),
            ("created_at", Time),
            ("send_at", Time),
            ("sent_at", Time),
            ("started_at", Time),
            ("finished_at", Time),
        ],
    },
    Table {
        name: "issue_articles",
        id: None,
        columns: &[
            ("issue_id", Int),
            ("article_id", Int),
            ("position", Int),
            ("lead_article_id", Int),
        ],
    },
    Table {
        name: "deliveries",
        id: Some("id"),
        columns: &[
            ("id", Int),
            ("issue_id", Int),
            ("subscriber_id", Int),
            ("status", Text),
            ("attempts", Int),
            ("next_attempt_at", Time),
            ("locked_until", Time),
            ("sent_at", Time),
            ("last_error", Text),
        ],
    },
    Table {
        name: "issue_relays",
        id: None,
        columns: &[("issue_id", Int), ("relay", Text), ("sent", Int)],
    },
    Table {
        name: "outbox",
        id: Some("id"),
        columns: &[
            ("id", Int),
            ("message_id", Text),
            ("kind", Text),
            ("subscriber_id", Int),
            ("recipient", Text),
            ("subject", Text),
            ("body_text", Text),
            ("body_html", Text),
            ("list_unsubscribe", Text),
            ("created_at", Time),
            ("next_attempt_at", Time),
            ("locked_until", Time),
            ("attempts", Int),
            ("sent_at", Time),
            ("failed_at", Time),
            ("last_error", Text),
            ("mailbox_hash", Text),
        ],
    },
    Table {
        name: "sessions",
        id: None,
        columns: &[
            ("id_hash", Text),
            ("user_id", Int),
            ("csrf_token", Text),
            ("created_at", Time),
            ("expires_at", Time),
        ],
    },
    Table {
        name: "confirmation_hours",
        id: None,
        columns: &[("scope", Text), ("hour", Int), ("booked", Int)],
    },
    Table {
        name: "audit_log",
        id: Some("id"),
        columns: &[
            ("id", Int),
            ("at", Time),
            ("actor_kind", Text),
            ("actor_id", Int),
            ("actor_name", Text),
            ("action", Text),
            ("detail", Text),
        ],
    },
];
