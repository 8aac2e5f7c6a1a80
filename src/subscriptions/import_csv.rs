//! Reading a list of readers from CSV (`email[,name[,lang[,status[,topics]]]]`, or any order
//! of those columns under a header row starting with `email`; topics as slugs separated by
//! `;`, empty for every topic): every valid row, and every bad one with its line and reason. Shared by `caravan subscribers import`, the admin and the API, which
//! all import nothing when a row is bad.
use crate::domain::{Lang, SubscriberEmail, SubscriberName};
use crate::store::ImportedReader;
use crate::topics::TopicChoice;

/// A row that cannot be imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct RejectedRow {
    pub line: u64,
    pub reason: String,
    /// What is wrong, for pages that say it in the reader's language.
    #[serde(skip)]
    pub problem: RowProblem,
    /// The value at fault (empty when the row could not be read at all).
    #[serde(skip)]
    pub value: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RowProblem {
    #[default]
    Unreadable,
    Email,
    Name,
    Lang,
    Status,
    Topics,
}

/// Parses `csv`; blank lines are skipped. Rows come back in file order.
pub fn parse_readers_csv(csv: &[u8]) -> (Vec<ImportedReader>, Vec<RejectedRow>) {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(csv);
    // The csv crate does not count the blank lines it skips; counting newlines before the
    // record's first byte gives the line a person sees in an editor. Records come in file
    // order, so the count goes on from the previous record (a million rows stay linear).
    let mut counted = (0usize, 1u64);
    let mut line_at = |byte: u64| {
        // A record's position is where reading began, before the blank lines it skipped.
        let mut start = (byte as usize).min(csv.len());
        while start < csv.len() && matches!(csv[start], b'\n' | b'\r') {
            start += 1;
        }
        let (from, line) = counted;
        let line = if start >= from {
            line + csv[from..start].iter().filter(|&&b| b == b'\n').count() as u64
        } else {
            csv[..start].iter().filter(|&&b| b == b'\n').count() as u64 + 1
        };
        counted = (start, line);
        line
    };
    let mut readers = Vec::new();
    let mut rejected = Vec::new();
    // Column of each field: by the header's names when there is one, else in this order.
    let mut columns = [Some(0), Some(1), Some(2), Some(3), Some(4)];
    for (index, record) in reader.records().enumerate() {
        let line = index as u64 + 1;
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = error.position().map_or(line, |p| line_at(p.byte()));
                rejected.push(RejectedRow {
                    line,
                    reason: error.to_string(),
                    problem: RowProblem::Unreadable,
                    value: String::new(),
                });
                continue;
            }
        };
        let line = record.position().map_or(line, |p| line_at(p.byte()));
        if index == 0
            && record
                .get(0)
                .is_some_and(|f| f.trim().eq_ignore_ascii_case("email"))
        {
            let position = |name: &str| {
                record
                    .iter()
                    .position(|f| f.trim().eq_ignore_ascii_case(name))
            };
            columns = [
                position("email"),
                position("name"),
                position("lang"),
                position("status"),
                position("topics"),
            ];
            continue;
        }
        let field = |which: usize| {
            columns[which]
                .and_then(|i| record.get(i))
                .unwrap_or("")
                .trim()
        };
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        match parse_row([field(0), field(1), field(2), field(3), field(4)]) {
            Ok(reader) => readers.push(reader),
            Err((problem, value, reason)) => rejected.push(RejectedRow {
                line,
                reason,
                problem,
                value,
            }),
        }
    }
    (readers, rejected)
}

/// One row's fields: email, name, lang, status, topics.
fn parse_row(
    [email, name, lang, status, topics]: [&str; 5],
) -> Result<ImportedReader, (RowProblem, String, String)> {
    let fault = |problem, value: &str, why: String| {
        (problem, value.to_owned(), format!("{value:?}: {why}"))
    };
    let email = SubscriberEmail::parse(email)
        .map_err(|e| fault(RowProblem::Email, email, e.to_string()))?;
    let name =
        SubscriberName::parse(name).map_err(|e| fault(RowProblem::Name, name, e.to_string()))?;
    let lang = match lang {
        "" => Lang::Fr,
        code => Lang::from_code(code)
            .ok_or_else(|| fault(RowProblem::Lang, code, "expected fr or en".into()))?,
    };
    let unsubscribed = match status {
        "" | "confirmed" => false,
        "unsubscribed" => true,
        other => {
            return Err(fault(
                RowProblem::Status,
                other,
                "expected confirmed or unsubscribed".into(),
            ));
        }
    };
    let topics = match topics {
        "" => TopicChoice::Every,
        list => {
            let slugs: Vec<&str> = list.split(';').map(str::trim).collect();
            TopicChoice::from_slugs(&slugs)
                .map_err(|e| fault(RowProblem::Topics, list, e.to_string()))?
        }
    };
    Ok(ImportedReader {
        email,
        name,
        lang,
        unsubscribed,
        topics,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_bad_row_is_named_with_its_line() {
        let csv = "email,name,lang\nok@example.kz,Aïgerim,fr\n\nnot-an-address,,\n\"broken,\nalso@example.kz,,de\n";
        let (readers, rejected) = parse_readers_csv(csv.as_bytes());
        assert_eq!(readers.len(), 1);
        assert_eq!(readers[0].email.as_str(), "ok@example.kz");
        let lines: Vec<u64> = rejected.iter().map(|r| r.line).collect();
        // Line 3 is blank; the unclosed quote on line 5 swallows line 6.
        assert_eq!(lines, [4, 5], "{rejected:?}");
        assert!(rejected[0].reason.contains("not-an-address"));
    }

    #[test]
    fn columns_follow_the_header_and_status_is_optional() {
        let csv = "status,email,lang\nunsubscribed,gone@example.kz,en\n,new@example.kz,\npending,x@example.kz,fr\n";
        let (readers, rejected) = parse_readers_csv(csv.as_bytes());
        assert_eq!(readers.len(), 0, "no email column first: this is no header");
        assert_eq!(rejected.len(), 4);

        let csv = "email,lang,status\ngone@example.kz,en,unsubscribed\nnew@example.kz,,\nx@example.kz,fr,pending\n";
        let (readers, rejected) = parse_readers_csv(csv.as_bytes());
        assert_eq!(readers.len(), 2);
        assert!(readers[0].unsubscribed && readers[0].lang == Lang::En);
        assert!(!readers[1].unsubscribed);
        assert_eq!(rejected.len(), 1);
        assert_eq!(rejected[0].line, 4);
        assert!(
            rejected[0]
                .reason
                .contains("expected confirmed or unsubscribed")
        );
    }

    #[test]
    fn topics_are_slugs_separated_by_semicolons() {
        let csv = "email,topics\na@example.kg,kirghizistan; asie-centrale\nb@example.kz,\nc@example.kz,mongolie\n";
        let (readers, rejected) = parse_readers_csv(csv.as_bytes());
        assert_eq!(readers.len(), 2);
        assert_eq!(readers[0].topics.slugs(), ["kirghizistan", "asie-centrale"]);
        assert_eq!(readers[1].topics, TopicChoice::Every);
        assert_eq!(rejected.len(), 1);
        assert_eq!(rejected[0].problem, RowProblem::Topics);
        assert_eq!(rejected[0].line, 4);
    }

    proptest::proptest! {
        /// Any bytes: every row is imported or refused with a line that exists, never a panic.
        #[test]
        fn any_bytes_are_read_or_refused_line_by_line(raw in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
            let (readers, rejected) = parse_readers_csv(&raw);
            let lines = raw.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
            for row in &rejected {
                proptest::prop_assert!(row.line >= 1 && row.line <= lines, "{row:?} of {lines}");
            }
            proptest::prop_assert!(readers.len() as u64 <= lines);
        }

        /// Every refused row is named by the line an editor sees, blank lines included.
        #[test]
        fn refused_rows_are_named_by_their_line(rows in proptest::collection::vec(0u8..3, 1..60)) {
            let mut csv = String::from("email,name\n");
            let mut expected = Vec::new();
            for (i, kind) in rows.iter().enumerate() {
                match kind {
                    0 => csv.push('\n'),
                    1 => csv.push_str(&format!("ok{i}@example.kz,\n")),
                    _ => {
                        csv.push_str(&format!("bad-{i},\n"));
                        expected.push(i as u64 + 2);
                    }
                }
            }
            let (_, rejected) = parse_readers_csv(csv.as_bytes());
            let lines: Vec<u64> = rejected.iter().map(|r| r.line).collect();
            proptest::prop_assert_eq!(lines, expected);
        }

        /// Readers written as CSV (any names, quotes and commas included) come back as they were.
        #[test]
        fn written_rows_read_back(names in proptest::collection::vec("[^\\p{C}]{0,30}", 1..20)) {
            let mut writer = csv::Writer::from_writer(Vec::new());
            writer.write_record(["email", "name", "lang"]).unwrap();
            for (i, name) in names.iter().enumerate() {
                writer.write_record([format!("r{i}@example.kz").as_str(), name, "fr"]).unwrap();
            }
            let bytes = writer.into_inner().unwrap();
            let (readers, rejected) = parse_readers_csv(&bytes);
            let valid: Vec<_> = names.iter().filter(|n| SubscriberName::parse(n).is_ok()).collect();
            proptest::prop_assert_eq!(readers.len(), valid.len());
            proptest::prop_assert_eq!(rejected.len(), names.len() - valid.len());
        }
    }
}
