use chrono::{DateTime, TimeZone};
use croner::Cron;
use croner::parser::{CronParser, Seconds};

/// A six-field cron expression (seconds first), parsed exactly as tokio-cron-scheduler parses
/// it, so a schedule accepted at start can never be refused by the scheduler later.
#[derive(Debug, Clone)]
pub struct CronSchedule {
    source: String,
    cron: Cron,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected six cron fields, seconds first")]
pub struct CronError;

impl CronSchedule {
    pub fn parse(raw: &str) -> Result<Self, CronError> {
        let source = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        // croner would also take five fields or a seventh (year); the design says six.
        if source.split(' ').count() != 6 {
            return Err(CronError);
        }
        let cron = CronParser::builder()
            .seconds(Seconds::Required)
            .dom_and_dow(true)
            .build()
            .parse(&source)
            .map_err(|_| CronError)?;
        Ok(Self { source, cron })
    }

    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The first run strictly after `after`, computed in `after`'s own time zone so that
    /// daylight-saving changes are honoured.
    pub fn next_after<Tz: TimeZone>(&self, after: &DateTime<Tz>) -> Option<DateTime<Tz>> {
        self.cron.find_next_occurrence(after, false).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, Timelike};
    use chrono_tz::Asia::Almaty;

    #[test]
    fn accepts_six_fields_and_refuses_five_or_seven() {
        assert!(CronSchedule::parse("0 0 8 * * Mon").is_ok());
        assert!(CronSchedule::parse("0 8 * * Mon").is_err());
        assert!(CronSchedule::parse("0 0 8 * * Mon 2027").is_err());
        assert!(CronSchedule::parse("0 0 25 * * Mon").is_err());
        assert!(CronSchedule::parse("").is_err());
    }

    #[test]
    fn next_monday_eight_in_almaty() {
        let schedule = CronSchedule::parse("0 0 8 * * Mon").unwrap();
        // Tuesday 2026-11-24 12:00 in Almaty.
        let now = Almaty.with_ymd_and_hms(2026, 11, 24, 12, 0, 0).unwrap();
        let next = schedule.next_after(&now).unwrap();
        assert_eq!((next.day(), next.hour()), (30, 8));
        assert_eq!(next.weekday(), chrono::Weekday::Mon);
    }

    proptest::proptest! {
        /// Any text: refused or accepted, never a panic; an accepted schedule's next run is
        /// strictly later.
        #[test]
        fn any_text_parses_or_is_refused(raw in "\\PC{0,40}", fields in proptest::collection::vec("[0-9*,/LW#?-]{1,6}", 6)) {
            let _ = CronSchedule::parse(&raw);
            if let Ok(schedule) = CronSchedule::parse(&fields.join(" ")) {
                let now = Almaty.with_ymd_and_hms(2026, 11, 24, 12, 0, 0).unwrap();
                if let Some(next) = schedule.next_after(&now) {
                    proptest::prop_assert!(next > now);
                }
            }
        }
    }
}
