//! Readers as CSV, page by page (keyset on the id), so exporting a million readers holds one
//! page in memory at a time. Shared by `caravan subscribers export` and the API.
use futures_util::Stream;

use crate::store::{Store, StoreError, Subscriber, SubscriberFilter};
use crate::topics::TopicChoice;

/// Readers per page read from the database.
const PAGE: i64 = 1000;
pub const CSV_HEADER: &str =
    "email,name,lang,status,created_at,confirmed_at,unsubscribed_at,topics\n";

/// The CSV lines of `rows` (no header). The header's columns, in order; dates in RFC 3339.
pub fn csv_rows(rows: &[Subscriber]) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    let date =
        |d: Option<chrono::DateTime<chrono::Utc>>| d.map(|d| d.to_rfc3339()).unwrap_or_default();
    for row in rows {
        let status = row.status.as_str();
        // Writing to a Vec cannot fail.
        let _ = writer.write_record([
            spreadsheet_safe(&row.email).as_ref(),
            spreadsheet_safe(row.name.as_deref().unwrap_or("")).as_ref(),
            row.lang.as_str(),
            status,
            &row.created_at.to_rfc3339(),
            &date(row.confirmed_at),
            &date(row.unsubscribed_at),
            // As the import reads them: slugs joined by `;`, empty for every topic.
            &match row.topics {
                TopicChoice::Every => String::new(),
                chosen => chosen.slugs().join(";"),
            },
        ]);
    }
    writer.into_inner().unwrap_or_default()
}

/// A cell a spreadsheet will not run: text starting like a formula (`=`, `+`, `-`, `@`, tab,
/// carriage return) gets a leading apostrophe, which spreadsheets hide (OWASP's advice on
/// CSV injection). A reader can sign up as `=HYPERLINK(…)`; the editor opening the export
/// must not execute it.
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// The header, then one chunk of CSV per page of readers, newest first.
pub fn csv_pages(
    store: Store,
    filter: SubscriberFilter,
) -> impl Stream<Item = Result<Vec<u8>, StoreError>> {
    enum State {
        Header,
        Before(Option<i64>),
        Done,
    }
    futures_util::stream::unfold(State::Header, move |state| {
        let (store, filter) = (store.clone(), filter.clone());
        async move {
            match state {
                State::Header => Some((Ok(CSV_HEADER.as_bytes().to_vec()), State::Before(None))),
                State::Before(before) => {
                    match store.subscribers_page(&filter, before, PAGE).await {
                        Err(error) => Some((Err(error), State::Done)),
                        Ok(rows) if rows.is_empty() => None,
                        Ok(rows) => {
                            let next = if (rows.len() as i64) < PAGE {
                                State::Done
                            } else {
                                State::Before(rows.last().map(|r| r.id))
                            };
                            Some((Ok(csv_rows(&rows)), next))
                        }
                    }
                }
                State::Done => None,
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::spreadsheet_safe;

    #[test]
    fn formulas_are_defused_and_plain_text_is_left_alone() {
        assert_eq!(
            spreadsheet_safe("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        for risky in ["+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert!(spreadsheet_safe(risky).starts_with('\''), "{risky:?}");
        }
        assert_eq!(spreadsheet_safe("Aïgerim"), "Aïgerim");
        assert_eq!(spreadsheet_safe(""), "");
    }
}
