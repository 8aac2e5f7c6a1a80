//! Each scope's latest booked hour and its count (see `confirmation_budget`), kept in memory
//! between sign-up batches so that a batch reads only the scopes this process has not seen.
//!
//! Why: reading every scope of every batch was a statement per batch whose shape changed with
//! the number of domains in it (measured: a fifth of the throughput with 300 domains,
//! BENCHMARKS.md). What another process books is learnt from the write-back itself: the
//! upsert returns the database's totals, so this process's view is at most one batch behind,
//! as it was when every batch read them.
//!
//! The counts are not written per batch either: they wait here and are written once a second
//! (`hour_writeback`), one statement for all domains. On SQLite this process is the one
//! writer, so nothing else needs to see them sooner. On PostgreSQL, where several processes
//! book, a count that reaches a tenth of its scope's ceiling goes with the next batch: what
//! the others cannot see yet stays that small (writing every domain's count every batch cost
//! a third of the throughput with 300 domains, BENCHMARKS.md).
use std::collections::HashMap;
use std::time::Instant;

use super::confirmation_budget::ConfirmationLimits;

/// Scopes remembered at most; past it, those of earlier hours go, then all (they are read
/// again when next seen).
pub const MAX_SCOPES: usize = 100_000;

/// How often waiting counts are written.
pub const WRITE_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

/// With several processes, the part of a scope's hourly ceiling one process may book before
/// the others see it: a tenth.
const UNSEEN_SHARE: i64 = 10;

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

    /// The waiting bookings that are due: all of them a second after the last such write, or
    /// when `all` is asked; before that, with `shared` limits (several processes book), those
    /// of an hour of a scope that have reached a tenth of its ceiling. The caller gives them
    /// back with [`HourLedger::wait`] if the write fails.
    pub fn take_due(&mut self, all: bool, shared: Option<&ConfirmationLimits>) -> Bookings {
        if self.waiting.is_empty() {
            return Bookings::new();
        }
        if all || self.written_at.is_none_or(|at| at.elapsed() >= WRITE_EVERY) {
            self.written_at = Some(Instant::now());
            return std::mem::take(&mut self.waiting);
        }
        let Some(limits) = shared else {
            return Bookings::new();
        };
        let near: Vec<(String, i64)> = self
            .waiting
            .iter()
            .filter(|((scope, _), count)| {
                **count >= (limits.ceiling_of(scope) / UNSEEN_SHARE).max(1)
            })
            .map(|(key, _)| key.clone())
            .collect();
        near.into_iter()
            .filter_map(|key| self.waiting.remove_entry(&key))
            .collect()
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
        let taken = ledger.take_due(false, None);
        assert_eq!(taken[&("all".to_owned(), 10)], 5);
        ledger.wait(Bookings::from([(("kz".to_owned(), 10), 1)]));
        assert!(ledger.take_due(false, None).is_empty(), "not a second yet");
        assert_eq!(ledger.take_due(true, None).len(), 1);
        assert!(ledger.take_due(true, None).is_empty());
    }

    #[test]
    fn with_several_processes_a_count_near_its_ceiling_does_not_wait() {
        let limits = ConfirmationLimits {
            per_hour: 1000,
            domain_per_hour: 200,
            ..ConfirmationLimits::default()
        };
        let mut ledger = HourLedger::default();
        ledger.wait(Bookings::from([(("x".to_owned(), 10), 1)]));
        ledger.take_due(true, None);
        ledger.wait(Bookings::from([
            (("all".to_owned(), 10), 99),
            (("kz".to_owned(), 10), 20),
            (("uz".to_owned(), 10), 19),
        ]));
        assert!(
            ledger.take_due(false, None).is_empty(),
            "one process: a second"
        );
        let taken = ledger.take_due(false, Some(&limits));
        assert_eq!(taken.len(), 1, "a tenth of the domain's 200: {taken:?}");
        assert_eq!(taken[&("kz".to_owned(), 10)], 20);
        ledger.wait(Bookings::from([(("all".to_owned(), 10), 1)]));
        let taken = ledger.take_due(false, Some(&limits));
        assert_eq!(taken[&("all".to_owned(), 10)], 100);
        assert_eq!(ledger.take_due(true, None).len(), 1, "uz still waits");
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
