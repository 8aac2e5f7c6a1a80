//! Each scope's latest booked hour and its count (see `confirmation_budget`), kept in memory
//! between sign-up batches so that a batch reads only the scopes this process has not seen.
//!
//! Why: reading every scope of every batch was a statement per batch whose shape changed with
//! the number of domains in it (measured: a fifth of the throughput with 300 domains,
//! BENCHMARKS.md). What another process books is learnt from the write-back itself: the
//! upsert returns the database's totals, so this process's view is at most one batch behind,
//! as it was when every batch read them.
//!
//! On SQLite, where this process is the one writer, the counts are not written per batch: they
//! wait here and are written once a second (`hour_writeback`), one statement for all domains.
use std::collections::HashMap;
use std::time::Instant;

/// Scopes remembered at most; past it, those of earlier hours go, then all (they are read
/// again when next seen).
pub const MAX_SCOPES: usize = 100_000;

/// How often waiting counts are written.
pub const WRITE_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

/// Bookings by (scope, hour) not yet in the database.
pub type Bookings = HashMap<(String, i64), i64>;

#[derive(Debug, Default)]
pub struct HourLedger {
    latest: HashMap<String, (i64, i64)>,
    waiting: Bookings,
    written_at: Option<Instant>,
}

impl HourLedger {
    /// Copies what is known of `scopes` into `into`, and returns the scopes not known.
    pub fn fill<'a>(
        &self,
        scopes: &[&'a str],
        into: &mut HashMap<String, (i64, i64)>,
    ) -> Vec<&'a str> {
        let mut missing = Vec::new();
        for &scope in scopes {
            match self.latest.get(scope) {
                Some(&known) => {
                    into.insert(scope.to_owned(), known);
                }
                None => missing.push(scope),
            }
        }
        missing
    }

    /// Takes in a count known to be in the database: a later hour replaces an earlier one,
    /// and within one hour the larger count wins (another process may have booked more).
    pub fn learn(&mut self, scope: &str, hour: i64, booked: i64, current_hour: i64) {
        if let Some(known) = self.latest.get_mut(scope) {
            if hour > known.0 || (hour == known.0 && booked > known.1) {
                *known = (hour, booked);
            }
            return;
        }
        if self.latest.len() >= MAX_SCOPES {
            self.prune(current_hour);
            if self.latest.len() >= MAX_SCOPES {
                self.latest.clear();
            }
        }
        self.latest.insert(scope.to_owned(), (hour, booked));
    }

    /// Keeps a committed batch's bookings until the next write.
    pub fn wait(&mut self, added: Bookings) {
        for (key, count) in added {
            *self.waiting.entry(key).or_insert(0) += count;
        }
    }

    /// The waiting bookings, if it is time to write them (a second since the last write) or
    /// `now` is asked; the caller gives them back with [`HourLedger::wait`] if the write fails.
    pub fn take_waiting(&mut self, now: bool) -> Bookings {
        let due = now || self.written_at.is_none_or(|at| at.elapsed() >= WRITE_EVERY);
        if !due || self.waiting.is_empty() {
            return Bookings::new();
        }
        self.written_at = Some(Instant::now());
        std::mem::take(&mut self.waiting)
    }

    /// Forgets scopes whose latest booking is in an hour already past: the next batch that
    /// needs one finds it free, or reads it.
    pub fn prune(&mut self, current_hour: i64) {
        self.latest.retain(|_, (hour, _)| *hour >= current_hour);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_what_it_learnt_and_keeps_the_later_hour_and_the_larger_count() {
        let mut ledger = HourLedger::default();
        ledger.learn("all", 10, 5, 10);
        let mut known = HashMap::new();
        assert_eq!(ledger.fill(&["all", "kz"], &mut known), vec!["kz"]);
        assert_eq!(known["all"], (10, 5));
        // Another process booked more in the same hour; an earlier hour changes nothing.
        ledger.learn("all", 10, 9, 10);
        ledger.learn("all", 9, 100, 10);
        ledger.learn("all", 10, 7, 10);
        let mut known = HashMap::new();
        ledger.fill(&["all"], &mut known);
        assert_eq!(known["all"], (10, 9));
        ledger.learn("all", 12, 1, 10);
        ledger.prune(11);
        let mut known = HashMap::new();
        ledger.fill(&["all"], &mut known);
        assert_eq!(known["all"], (12, 1), "a queue into later hours is kept");
        ledger.prune(13);
        assert!(ledger.latest.is_empty());
    }

    #[test]
    fn bookings_wait_and_are_taken_once_a_second_or_when_asked() {
        let mut ledger = HourLedger::default();
        ledger.wait(Bookings::from([(("all".to_owned(), 10), 2)]));
        ledger.wait(Bookings::from([(("all".to_owned(), 10), 3)]));
        let taken = ledger.take_waiting(false);
        assert_eq!(taken[&("all".to_owned(), 10)], 5);
        ledger.wait(Bookings::from([(("kz".to_owned(), 10), 1)]));
        assert!(ledger.take_waiting(false).is_empty(), "not a second yet");
        assert_eq!(ledger.take_waiting(true).len(), 1);
        assert!(ledger.take_waiting(true).is_empty());
    }

    #[test]
    fn a_flood_of_new_domains_stays_bounded() {
        let mut ledger = HourLedger::default();
        for n in 0..(MAX_SCOPES + 5) {
            ledger.learn(&format!("d{n}"), 10, 1, 10);
        }
        assert!(ledger.latest.len() <= MAX_SCOPES);
    }
}
