//! The notices an action leaves for the next page (`?notice=CODE`): each declared once with
//! its code, its tone and its text, so that actions name a variant, not a string, and a link
//! cannot make a page say anything else.
use super::texts::AdminTexts;

/// A notice as a page shows it.
pub struct NoticeLine {
    pub text: &'static str,
    pub bad: bool,
}

macro_rules! notices {
    ($($variant:ident = $code:literal, $tone:ident, $field:ident;)+) => {
        /// What an action tells the next page.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Notice {
            $($variant),+
        }

        impl Notice {
            const ALL: &[Self] = &[$(Self::$variant),+];

            /// The word in the URL.
            pub fn code(self) -> &'static str {
                match self {
                    $(Self::$variant => $code),+
                }
            }

            pub fn from_code(code: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|n| n.code() == code)
            }

            /// The line shown, in the editor's language.
            pub fn line(self, t: &'static AdminTexts) -> NoticeLine {
                match self {
                    $(Self::$variant => NoticeLine { text: t.$field, bad: notices!(@bad $tone) }),+
                }
            }
        }
    };
    (@bad ok) => { false };
    (@bad bad) => { true };
}

notices! {
    Saved = "saved", ok, saved;
    DigestBuilt = "digest_built", ok, digest_built;
    DigestExists = "digest_exists", ok, digest_exists;
    NothingNew = "nothing_new", bad, nothing_new;
    LetterCreated = "letter_created", ok, letter_created;
    NotEditable = "not_editable", bad, not_editable;
    SubjectRequired = "subject_required", bad, subject_required;
    IntroBad = "intro_bad", bad, intro_bad;
    UnknownArticle = "unknown_article", bad, unknown_article;
    TestSent = "test_sent", ok, test_sent;
    TestBad = "test_bad", bad, test_bad;
    Queued = "queued", ok, queued;
    Scheduled = "scheduled", ok, scheduled;
    SchedulePast = "schedule_past", bad, schedule_past;
    ScheduleBad = "schedule_bad", bad, schedule_bad;
    AlreadyQueued = "already_queued", bad, already_queued;
    Cancelled = "cancelled", ok, cancelled;
    NotCancellable = "not_cancellable", bad, not_cancellable;
    ReaderUnsubscribed = "reader_unsubscribed", ok, reader_unsubscribed_notice;
    ReaderDeleted = "reader_deleted", ok, reader_deleted;
    SuppressionLifted = "suppression_lifted", ok, suppression_lifted;
    ReaderTopicsSaved = "reader_topics_saved", ok, reader_topics_saved;
    ReaderTopicsEmpty = "reader_topics_empty", bad, reader_topics_empty;
    ArticleCreated = "article_created", ok, article_created;
    CorrectionQueued = "correction_queued", ok, correction_queued;
    CorrectionNoReaders = "correction_no_readers", ok, correction_no_readers;
    UserAdded = "user_added", ok, user_added;
    UserExists = "user_exists", bad, user_exists;
    UserBadEmail = "user_bad_email", bad, user_bad_email;
    UserShortPassword = "user_short_password", bad, user_short_password;
    UserDeleted = "user_deleted", ok, user_deleted;
    UserRoleChanged = "user_role_changed", ok, user_role_changed;
    LastAdmin = "last_admin", bad, last_admin;
    PasswordChanged = "password_changed", ok, password_changed;
    PasswordWrong = "password_wrong", bad, password_wrong;
    PasswordMismatch = "password_mismatch", bad, password_mismatch;
    PasswordShort = "password_short", bad, user_short_password;
    TotpEnabled = "totp_enabled", ok, totp_enabled;
    TotpDisabled = "totp_disabled", ok, totp_disabled;
    TotpWrongCode = "totp_wrong_code", bad, totp_wrong_code;
    TotpRequired = "totp_required", bad, totp_required;
    SessionEnded = "session_ended", ok, session_ended;
    SessionsEnded = "sessions_ended", ok, sessions_ended;
    Throttled = "throttled", bad, login_throttled;
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_notice_reads_back_from_its_code_and_nothing_else_is_one() {
        for notice in Notice::ALL {
            assert_eq!(Notice::from_code(notice.code()), Some(*notice));
        }
        assert_eq!(Notice::from_code("<script>"), None);
        let fr = super::super::texts::admin_texts(crate::domain::Lang::Fr);
        assert!(Notice::TestBad.line(fr).bad);
        assert!(!Notice::Saved.line(fr).bad);
    }
}
