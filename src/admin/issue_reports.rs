//! What mail servers reported about a sent issue, as rates of the messages sent, beside the
//! thresholds Gmail and Yahoo publish for bulk senders (complaints under 0.3 %, and under
//! 0.1 % to be safe): on the issue page, and as a warning on the dashboard.
use crate::store::BounceCounts;

/// Gmail and Yahoo filter a bulk sender whose complaint rate passes this (per ten thousand).
pub const COMPLAINT_LIMIT: i64 = 30;
/// The rate to stay under, to be safe (per ten thousand).
pub const COMPLAINT_AIM: i64 = 10;

/// One issue's reports.
pub struct Reports {
    pub counts: BounceCounts,
    pub hard_rate: String,
    pub soft_rate: String,
    pub complaint_rate: String,
    /// `ok`, `warn` (past 0.1 %) or `bad` (past 0.3 %): the class of the complaint rate.
    pub complaint_level: &'static str,
}

/// `count` of `sent` as a percentage with two decimals (`0.25 %`), in the page's language.
pub fn rate(count: i64, sent: i64, lang: &str) -> String {
    let hundredths = if sent > 0 {
        (count * 10_000 + sent / 2) / sent
    } else {
        0
    };
    let text = format!("{}.{:02} %", hundredths / 100, hundredths % 100);
    match lang {
        "fr" => text.replace('.', ","),
        _ => text,
    }
}

/// Where a complaint rate stands against the thresholds.
pub fn complaint_level(complaints: i64, sent: i64) -> &'static str {
    if sent <= 0 || complaints * 10_000 < COMPLAINT_AIM * sent {
        "ok"
    } else if complaints * 10_000 < COMPLAINT_LIMIT * sent {
        "warn"
    } else {
        "bad"
    }
}

/// The reports of an issue that sent `sent` messages; `None` before any was sent.
pub fn reports(counts: BounceCounts, sent: i64, lang: &str) -> Option<Reports> {
    (sent > 0).then(|| Reports {
        hard_rate: rate(counts.hard, sent, lang),
        soft_rate: rate(counts.soft, sent, lang),
        complaint_rate: rate(counts.complaints, sent, lang),
        complaint_level: complaint_level(counts.complaints, sent),
        counts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_read_against_the_published_thresholds() {
        assert_eq!(rate(1, 400, "en"), "0.25 %");
        assert_eq!(rate(1, 400, "fr"), "0,25 %");
        assert_eq!(rate(3, 3, "en"), "100.00 %");
        assert_eq!(rate(0, 0, "en"), "0.00 %");
        assert_eq!(complaint_level(0, 1000), "ok");
        assert_eq!(complaint_level(1, 10_001), "ok");
        assert_eq!(complaint_level(1, 1000), "warn");
        assert_eq!(complaint_level(3, 1000), "bad");
    }
}
