//! Every sentence of the admin pages, in French (first) and English, side by side so that a
//! sentence cannot exist in one language only. Each page's sentences are in their own file
//! (`common`, `dashboard`, `issues`, `readers`, `articles`, `accounts`, `sign_in`); each part
//! appends its own and hands on to the next, and the last builds the one `AdminTexts`.
use crate::domain::Lang;

#[macro_use]
mod common;
#[macro_use]
mod dashboard;
#[macro_use]
mod issues;
#[macro_use]
mod readers;
#[macro_use]
mod articles;
#[macro_use]
mod accounts;
#[macro_use]
mod sign_in;

macro_rules! admin_texts {
    (; $($key:ident: $fr:expr, $en:expr;)*) => {
        pub struct AdminTexts {
            pub lang_code: &'static str,
            pub other_lang_code: &'static str,
            pub other_lang_name: &'static str,
            $(pub $key: &'static str,)*
        }

        static FR: AdminTexts = AdminTexts {
            lang_code: "fr",
            other_lang_code: "en",
            other_lang_name: "English",
            $($key: $fr,)*
        };

        static EN: AdminTexts = AdminTexts {
            lang_code: "en",
            other_lang_code: "fr",
            other_lang_name: "Français",
            $($key: $en,)*
        };
    };
}

pub fn admin_texts(lang: Lang) -> &'static AdminTexts {
    match lang {
        Lang::Fr => &FR,
        Lang::En => &EN,
    }
}

common_texts! {
    dashboard_texts, issues_texts, readers_texts, articles_texts, accounts_texts, sign_in_texts,
    admin_texts;
}
