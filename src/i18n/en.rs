use super::Texts;

pub const TEXTS: Texts = Texts {
    lang_code: "en",
    colon: ":",
    other_lang_code: "fr",
    other_lang_name: "Français",
    newsletter_name: "Caravan",
    tagline: "The Central Asia newsletter",
    footer: "Caravan — one letter a week, one-click unsubscribe.",

    signup_title: "Get Central Asia in your inbox every week",
    signup_lead: "Kazakhstan, Kyrgyzstan, Uzbekistan, Tajikistan, Turkmenistan: every Monday \
        morning, the newsroom’s stories gathered in one letter (articles in French).",
    signup_points: [
        "One letter a week, no more.",
        "Related stories grouped, so the essentials take minutes to read.",
        "Free, no ads, unsubscribe in one click.",
    ],
    email_label: "E-mail address",
    email_placeholder: "you@example.com",
    name_label: "Name",
    name_hint: "Optional: so we can greet you by name.",
    honeypot_label: "Leave this field empty",
    signup_button: "Subscribe",
    signup_privacy: "We will send you an e-mail to confirm your address. It is used for this \
        newsletter only and never shared.",
    form_has_errors: "The form has an error: correct it and send it again.",

    email_required: "Enter your e-mail address.",
    email_invalid: "This e-mail address is not valid. Check it (for example: name@domain.com).",
    email_too_long: "This address is too long (254 characters at most).",
    name_too_long: "This name is too long (100 characters at most).",
    name_has_link: "A name cannot contain a link or an e-mail address.",
    topics_legend: "The countries you want to read about",
    topics_hint: "Your letter will carry only the topics ticked. You can change your mind from \
        any letter.",
    topics_required: "Tick at least one topic.",
    topic_unknown: "There is no such topic: tick among those offered.",

    thanks_title: "Check your inbox",
    thanks_body: "If this address can receive our newsletter, a confirmation e-mail has just been \
        sent to it. Click the link inside to complete your subscription.",
    thanks_hint: "Nothing after a few minutes? Look in your spam folder, or sign up again a little \
        later.",

    confirm_title: "Confirm your subscription",
    confirm_body: "One more click: confirm that you want to receive the newsletter at this address.",
    confirm_button: "Confirm my subscription",
    confirmed_title: "Subscription confirmed",
    confirmed_body: "Thank you! You will receive the next letter as soon as it is out.",
    already_confirmed_title: "Already confirmed",
    already_confirmed_body: "Your address was already confirmed: there is nothing else to do.",
    confirm_after_unsubscribe_title: "This link is no longer valid",
    confirm_after_unsubscribe_body: "You have unsubscribed since. To receive the newsletter again, \
        sign up again.",

    unsubscribe_title: "Unsubscribe",
    unsubscribe_body: "You will no longer receive the newsletter at this address. You can sign up \
        again whenever you like.",
    unsubscribe_button: "Unsubscribe me",
    unsubscribed_title: "You are unsubscribed",
    unsubscribed_body: "You will not receive the newsletter any more. Thank you for reading us.",
    unsubscribe_offer: "Changed your mind? Unsubscribe",
    resubscribe_link: "Changed your mind? Sign up again",

    error_link_invalid_title: "Invalid link",
    error_link_invalid_body: "This link is incomplete or has been altered. Copy it whole from the \
        e-mail you received, or sign up again.",
    error_link_expired_title: "Link expired",
    error_link_expired_body: "This confirmation link has expired. Sign up again and we will send \
        you a new one.",
    error_unknown_reader_title: "Subscription not found",
    error_unknown_reader_body: "This address is no longer among our readers: it may have been \
        erased at your request.",
    error_not_found_title: "Page not found",
    error_not_found_body: "The page you asked for does not exist or has moved.",
    error_too_large: "The request is too large (16 KiB at most).",
    error_content_type: "Send the form (application/x-www-form-urlencoded) or JSON \
        (application/json).",
    error_not_utf8: "The request contains unreadable characters (text must be UTF-8).",
    error_bad_request: "The request is malformed.",
    error_server_title: "Something went wrong",
    error_server_body: "Sorry, your request could not be completed. Please try again in a moment.",
    error_reference: "Incident reference:",
    back_home: "Back to sign-up",

    confirmation_subject: "Confirm your subscription to the Central Asia newsletter",
    mail_hello: "Hello",
    confirmation_intro: "You asked to receive Caravan, the weekly Central Asia newsletter. \
        Confirm your address to start receiving it:",
    confirmation_button: "Confirm my subscription",
    confirmation_validity: "This link is valid for 7 days.",
    confirmation_ignore: "If you did not ask for this, ignore this e-mail: you will receive \
        nothing else.",
    mail_link_fallback: "If the button does not work, copy this link into your browser:",

    digest_heading: "Central Asia this week",
    greeting: "Hello,",
    greeting_named: "Hello {name},",
    digest_read: "Read the article",
    digest_related: "On the same subject",
    digest_minutes: "min read",
    digest_web_version: "View this letter in your browser",
    digest_links: "Links",
    digest_why: "You receive this letter because you subscribed to Caravan.",
    digest_unsubscribe: "Unsubscribe in one click",

    digest_subscribe: "Get this letter every week",
    digest_one_more: "and 1 more story",
    digest_more: "and {n} more stories",

    archive_title: "Past letters",
    archive_empty: "No letter has been sent yet.",
    archive_search_label: "Search the letters",
    archive_search_button: "Search",
    archive_results: "letters mention",
    archive_no_results: "No letter mentions",
    archive_result_one: "1 letter mentions",

    prefs: &super::preferences::EN,
    welcome: &super::welcome::EN,
    corrections: &super::corrections::EN,
    lang_names: [("fr", "Français"), ("en", "English")],
};
