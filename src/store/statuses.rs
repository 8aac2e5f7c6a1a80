//! The states a row can be in, typed: stored as lowercase words (`issues.status`,
//! `deliveries.status`, `subscribers.status`, `users.role`), matched as enums everywhere
//! else, so that no string literal of a state is compared outside its enum.

/// Declares a state enum with its stored word for each variant: `as_str`, `Display`,
/// `FromStr`, `TryFrom<String>` (for `#[sqlx(try_from = "String")]`), and the lowercase
/// JSON the API documents.
macro_rules! stored_words {
    ($(#[$meta:meta])* $name:ident ($what:literal) {
        $($(#[$vmeta:meta])* $variant:ident = $word:literal),+ $(,)?
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, utoipa::ToSchema)]
        #[serde(rename_all = "lowercase")]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            pub const ALL: &[Self] = &[$(Self::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $word),+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Self::ALL.iter().copied().find(|s| s.as_str() == value).ok_or_else(|| {
                    let known: Vec<&str> = Self::ALL.iter().map(|s| s.as_str()).collect();
                    format!("unknown {} {value:?} ({})", $what, known.join(" or "))
                })
            }
        }

        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                value.parse()
            }
        }
    };
}

/// Reads a state from a column read alone (rows use `#[sqlx(try_from = "String")]`).
pub(super) fn decode<T: std::str::FromStr<Err = String>>(
    word: &str,
) -> Result<T, super::StoreError> {
    word.parse()
        .map_err(|why: String| sqlx::Error::Decode(why.into()).into())
}

stored_words! {
    /// Where a reader is on the list.
    SubscriberStatus ("subscriber status") {
        Pending = "pending",
        Confirmed = "confirmed",
        Unsubscribed = "unsubscribed",
    }
}

stored_words! {
    /// An issue's life: a draft is edited; queued (now or for later) it waits for the worker;
    /// sending once fanned out into deliveries; sent when none is left; or cancelled.
    IssueStatus ("issue status") {
        Draft = "draft",
        Queued = "queued",
        Sending = "sending",
        Sent = "sent",
        Cancelled = "cancelled",
    }
}

impl IssueStatus {
    /// Queued or sending: what an editor watches and may cancel.
    pub fn is_underway(self) -> bool {
        matches!(self, Self::Queued | Self::Sending)
    }

    /// Sent or cancelled: nothing will change it again.
    pub fn is_over(self) -> bool {
        matches!(self, Self::Sent | Self::Cancelled)
    }
}

stored_words! {
    /// One reader's copy of one issue.
    DeliveryStatus ("delivery status") {
        Pending = "pending",
        Retrying = "retrying",
        Sent = "sent",
        Bounced = "bounced",
        Skipped = "skipped",
        Failed = "failed",
    }
}

stored_words! {
    /// What a mail system said about a message after it left (`bounce_events.kind`).
    BounceKind ("bounce kind") {
        /// Refused for good (5.x.x, except policy refusals): the address is suppressed.
        Hard = "hard",
        /// Refused for now, or for policy (4.x.x, 5.7.x): adds to the reader's score.
        Soft = "soft",
        /// The reader marked it as spam: unsubscribed and suppressed.
        Complaint = "complaint",
        /// Delivered to the mailbox (a provider's webhook, a success notice).
        Delivered = "delivered",
    }
}

stored_words! {
    /// What an account may do. Editors write and send issues and look after readers one by
    /// one; only admins take the reader list out (export), bring one in (import), erase
    /// readers, and manage accounts.
    Role ("role") {
        Editor = "editor",
        Admin = "admin",
    }
}

impl Role {
    pub fn is_admin(self) -> bool {
        self == Self::Admin
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_state_reads_back_from_its_word_and_refuses_others() {
        for status in IssueStatus::ALL {
            assert_eq!(status.as_str().parse::<IssueStatus>(), Ok(*status));
        }
        for status in DeliveryStatus::ALL {
            assert_eq!(DeliveryStatus::try_from(status.to_string()), Ok(*status));
        }
        assert_eq!(
            "owner".parse::<Role>(),
            Err(r#"unknown role "owner" (editor or admin)"#.to_owned())
        );
        assert_eq!(
            serde_json::to_string(&SubscriberStatus::Unsubscribed).unwrap(),
            r#""unsubscribed""#
        );
    }
}
