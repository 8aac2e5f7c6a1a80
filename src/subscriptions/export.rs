//! Readers as CSV, page by page (keyset on the id), so exporting a million readers holds one
//! page in memory at a time. Shared by `caravan subscribers export` and the API.
use futures_util::Stream;

use crate::store::{Store, StoreError, Subscriber, SubscriberFilter};

/// Readers per page read from the database.
const PAGE: i64 = 1000;
pub const CSV_HEADER: &str = "email,name,lang,status,created_at,confirmed_at,unsubscribed_at\n";

/// The CSV lines of `rows` (no header). The header's columns, in order; dates in RFC 3339.
pub fn csv_rows(rows: &[Subscriber]) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    let date =
        |d: Option<chrono::DateTime<chrono::Utc>>| d.map(|d| d.to_rfc3339()).unwrap_or_default();
    for row in rows {
        let status = match row.status {
            crate::store::SubscriberStatus::Pending => "pending",
            crate::store::SubscriberStatus::Confirmed => "confirmed",
            crate::store::SubscriberStatus::Unsubscribed => "unsubscribed",
        };
        // Writing to a Vec cannot fail.
        let _ = writer.write_record([
            row.email.as_str(),
            row.name.as_deref().unwrap_or(""),
            row.lang.as_str(),
            status,
            &row.created_at.to_rfc3339(),
            &date(row.confirmed_at),
            &date(row.unsubscribed_at),
        ]);
    }
    writer.into_inner().unwrap_or_default()
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
