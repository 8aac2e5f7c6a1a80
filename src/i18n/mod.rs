//! Every sentence a reader sees, in French (first) and English. One struct, so the compiler
//! refuses a catalogue that forgets a sentence.
mod corrections;
mod en;
mod fr;
mod preferences;
mod welcome;

pub use corrections::CorrectionTexts;
pub use preferences::PreferenceTexts;
pub use welcome::WelcomeTexts;

use crate::domain::Lang;

pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Fr => &fr::TEXTS,
        Lang::En => &en::TEXTS,
    }
}

pub struct Texts {
    pub lang_code: &'static str,
    /// A colon as the language writes it: French puts a non-breaking space before it.
    pub colon: &'static str,
    pub other_lang_code: &'static str,
    pub other_lang_name: &'static str,
    pub newsletter_name: &'static str,
    pub tagline: &'static str,
    pub footer: &'static str,

    pub signup_title: &'static str,
    pub signup_lead: &'static str,
    pub signup_points: [&'static str; 3],
    pub email_label: &'static str,
    pub email_placeholder: &'static str,
    pub name_label: &'static str,
    pub name_hint: &'static str,
    pub honeypot_label: &'static str,
    pub signup_button: &'static str,
    pub signup_privacy: &'static str,
    pub form_has_errors: &'static str,

    pub email_required: &'static str,
    pub email_invalid: &'static str,
    pub email_too_long: &'static str,
    pub name_too_long: &'static str,
    pub name_has_link: &'static str,
    pub topics_legend: &'static str,
    pub topics_hint: &'static str,
    pub topics_required: &'static str,
    pub topic_unknown: &'static str,

    pub thanks_title: &'static str,
    pub thanks_body: &'static str,
    pub thanks_hint: &'static str,

    pub confirm_title: &'static str,
    pub confirm_body: &'static str,
    pub confirm_button: &'static str,
    pub confirmed_title: &'static str,
    pub confirmed_body: &'static str,
    pub already_confirmed_title: &'static str,
    pub already_confirmed_body: &'static str,
    pub confirm_after_unsubscribe_title: &'static str,
    pub confirm_after_unsubscribe_body: &'static str,

    pub unsubscribe_title: &'static str,
    pub unsubscribe_body: &'static str,
    pub unsubscribe_button: &'static str,
    pub unsubscribed_title: &'static str,
    pub unsubscribed_body: &'static str,
    pub unsubscribe_offer: &'static str,
    pub resubscribe_link: &'static str,

    pub error_link_invalid_title: &'static str,
    pub error_link_invalid_body: &'static str,
    pub error_link_expired_title: &'static str,
    pub error_link_expired_body: &'static str,
    pub error_unknown_reader_title: &'static str,
    pub error_unknown_reader_body: &'static str,
    pub error_not_found_title: &'static str,
    pub error_not_found_body: &'static str,
    pub error_too_large: &'static str,
    pub error_content_type: &'static str,
    pub error_not_utf8: &'static str,
    pub error_bad_request: &'static str,
    pub error_server_title: &'static str,
    pub error_server_body: &'static str,
    pub error_reference: &'static str,
    pub back_home: &'static str,

    pub confirmation_subject: &'static str,
    pub mail_hello: &'static str,
    pub confirmation_intro: &'static str,
    pub confirmation_button: &'static str,
    pub confirmation_validity: &'static str,
    pub confirmation_ignore: &'static str,
    pub mail_link_fallback: &'static str,

    pub digest_heading: &'static str,
    /// Opens a letter to a reader who gave no name.
    pub greeting: &'static str,
    /// Opens a letter to a named reader; `{name}` stands for the name.
    pub greeting_named: &'static str,
    pub digest_read: &'static str,
    pub digest_related: &'static str,
    pub digest_minutes: &'static str,
    pub digest_web_version: &'static str,
    pub digest_links: &'static str,
    pub digest_why: &'static str,
    pub digest_unsubscribe: &'static str,
    pub digest_subscribe: &'static str,
    /// After a subject's lead story, when one other subject follows.
    pub digest_one_more: &'static str,
    /// The same for several; `{n}` stands for how many.
    pub digest_more: &'static str,

    pub archive_title: &'static str,
    pub archive_empty: &'static str,
    pub archive_search_label: &'static str,
    pub archive_search_button: &'static str,
    /// After a number: "3 lettres parlent de".
    pub archive_results: &'static str,
    pub archive_no_results: &'static str,
    pub archive_result_one: &'static str,

    pub prefs: &'static PreferenceTexts,
    pub welcome: &'static WelcomeTexts,
    pub corrections: &'static CorrectionTexts,
    /// Each language's name in itself, for the language choice.
    pub lang_names: [(&'static str, &'static str); 2],
}
