//! Which mailboxes were sent a confirmation in the last day, kept in memory.
//!
//! Why not an index: a mailbox's hash is random, so under a sign-up flood every new entry of
//! an index on it lands on a page of its own and each batch rewrites as many pages as it has
//! sign-ups (measured: it halved SQLite's sign-up throughput, BENCHMARKS.md). The database
//! still holds the truth (`outbox.mailbox_hash`, `outbox.created_at`), indexed by time only,
//! which appends: the ledger is loaded from it on the first sign-up and catches up with other
//! processes' confirmations at most a second later ([`REFRESH_EVERY`]). Catching up first
//! counts the recent rows: when they are all this process's own (one process, the usual case)
//! nothing is read; rows come back one at a time, and reading back one's own flood was slower
//! than the index it replaced.
//!
//! Bounded: entries older than a day are dropped, and past [`MAX_MAILBOXES`] the oldest go
//! first (a flood of new addresses cannot grow it without end).
use std::collections::{HashMap, VecDeque};
use std::time::Instant;

use chrono::{DateTime, Duration, Utc};

/// Confirmations remembered per mailbox: as many as a day allows.
pub const KEPT: usize = 3;
/// Mailboxes remembered at most (about 50 MB of hash table when full).
pub const MAX_MAILBOXES: usize = 500_000;
/// How stale another process's confirmations may be seen here.
pub const REFRESH_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

/// The 128 bits of a mailbox's hash (`key_hash`, 32 hex digits) as a number: a third of the
/// memory of the text.
pub fn mailbox_bits(hash: &str) -> Option<u128> {
    u128::from_str_radix(hash.get(..32)?, 16).ok()
}

/// One mailbox's latest confirmations, in microseconds since the epoch, newest first
/// (0 = none).
#[derive(Debug, Clone, Copy, Default)]
struct Recent([i64; KEPT]);

impl Recent {
    /// Adds one confirmation's time; the same time twice (read back from the database after
    /// this process wrote it) counts once.
    fn add(&mut self, at: i64) {
        if self.0.contains(&at) {
            return;
        }
        if let Some(slot) = self.0.iter().position(|&t| t < at) {
            self.0.copy_within(slot..KEPT - 1, slot + 1);
            self.0[slot] = at;
        }
    }

    fn count_since(&self, since: i64) -> i64 {
        self.0.iter().filter(|&&t| t > since).count() as i64
    }

    fn newest(&self) -> i64 {
        self.0[0]
    }
}

#[derive(Debug, Default)]
pub struct MailboxLedger {
    by_mailbox: HashMap<u128, Recent>,
    /// The newest `created_at` read from the database; `None` until first loaded.
    read_through: Option<DateTime<Utc>>,
    /// When the database was last read.
    read_at: Option<Instant>,
    /// This process's own batches not yet behind `read_from`: (time, confirmations).
    own: VecDeque<(DateTime<Utc>, i64)>,
}

fn micros(at: DateTime<Utc>) -> i64 {
    at.timestamp_micros()
}

impl MailboxLedger {
    /// Whether it is time to read the database again (never read, or a second has passed).
    pub fn due(&self) -> bool {
        self.read_at.is_none_or(|at| at.elapsed() >= REFRESH_EVERY)
    }

    /// From when to read the database: the last day on the first read; after that a few
    /// seconds before the newest row seen, since other processes' transactions commit out of
    /// order (rows read twice count once).
    pub fn read_from(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        let day_ago = now - Duration::days(1);
        match self.read_through {
            Some(newest) => (newest - Duration::seconds(5)).max(day_ago),
            None => day_ago,
        }
    }

    /// Remembers one batch of this process's confirmations, all written at `now`.
    pub fn record_batch(&mut self, mailboxes: &[u128], now: DateTime<Utc>) {
        for &mailbox in mailboxes {
            self.record(mailbox, now, now);
        }
        if !mailboxes.is_empty() {
            self.own.push_back((now, mailboxes.len() as i64));
        }
    }

    /// How many of the rows after `from` this process wrote itself.
    pub fn own_since(&self, from: DateTime<Utc>) -> i64 {
        self.own
            .iter()
            .filter(|(at, _)| *at > from)
            .map(|(_, n)| n)
            .sum()
    }

    /// The rows after `from` were counted, and all were this process's own: nothing to read.
    pub fn caught_up(&mut self, from: DateTime<Utc>) {
        if let Some(&(newest, _)) = self.own.back() {
            self.read_through = self.read_through.max(Some(newest));
        }
        self.drop_own_before(from);
        self.read_at = Some(Instant::now());
    }

    fn drop_own_before(&mut self, from: DateTime<Utc>) {
        while self.own.front().is_some_and(|(at, _)| *at <= from) {
            self.own.pop_front();
        }
    }

    /// Whether the ledger has been loaded from the database at least once.
    pub fn loaded(&self) -> bool {
        self.read_through.is_some()
    }

    /// Takes in rows read from the outbox.
    pub fn absorb(&mut self, rows: Vec<(String, DateTime<Utc>)>, now: DateTime<Utc>) {
        for (hash, at) in rows {
            if let Some(bits) = mailbox_bits(&hash) {
                self.record(bits, at, now);
            }
            self.read_through = self.read_through.max(Some(at));
        }
        if self.read_through.is_none() {
            self.read_through = Some(now - Duration::days(1));
        }
        let from = self.read_from(now);
        self.drop_own_before(from);
        self.read_at = Some(Instant::now());
    }

    /// Remembers one confirmation to `mailbox` at `at`.
    pub fn record(&mut self, mailbox: u128, at: DateTime<Utc>, now: DateTime<Utc>) {
        if self.by_mailbox.len() >= MAX_MAILBOXES && !self.by_mailbox.contains_key(&mailbox) {
            self.make_room(now);
        }
        self.by_mailbox.entry(mailbox).or_default().add(micros(at));
    }

    /// Forgets a mailbox (its reader was erased).
    pub fn forget(&mut self, mailbox: u128) {
        self.by_mailbox.remove(&mailbox);
    }

    /// (confirmations in the last day, in the last `gap`) for one mailbox.
    pub fn counts(&self, mailbox: u128, now: DateTime<Utc>, gap: Duration) -> (i64, i64) {
        self.by_mailbox.get(&mailbox).map_or((0, 0), |recent| {
            (
                recent.count_since(micros(now - Duration::days(1))),
                recent.count_since(micros(now - gap)),
            )
        })
    }

    /// Drops mailboxes whose latest confirmation is over a day old; if that frees too little,
    /// the oldest tenth.
    fn make_room(&mut self, now: DateTime<Utc>) {
        let day_ago = micros(now - Duration::days(1));
        self.by_mailbox
            .retain(|_, recent| recent.newest() > day_ago);
        if self.by_mailbox.len() >= MAX_MAILBOXES * 9 / 10 {
            let mut newest: Vec<i64> = self.by_mailbox.values().map(Recent::newest).collect();
            let tenth = newest.len() / 10;
            let (_, &mut cut, _) = newest.select_nth_unstable(tenth);
            self.by_mailbox.retain(|_, recent| recent.newest() > cut);
        }
    }

    /// The hourly sweep: forgets what is over a day old.
    pub fn prune(&mut self, now: DateTime<Utc>) {
        let day_ago = micros(now - Duration::days(1));
        self.by_mailbox
            .retain(|_, recent| recent.newest() > day_ago);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_the_last_day_and_the_last_gap_and_a_time_read_back_once() {
        let now = Utc::now();
        let mut ledger = MailboxLedger::default();
        ledger.record(7, now - Duration::hours(30), now);
        ledger.record(7, now - Duration::hours(5), now);
        ledger.record(7, now - Duration::minutes(2), now);
        ledger.record(7, now - Duration::minutes(2), now);
        assert_eq!(ledger.counts(7, now, Duration::minutes(10)), (2, 1));
        assert_eq!(ledger.counts(8, now, Duration::minutes(10)), (0, 0));
        // Only the newest three are kept; an older one arriving late changes nothing.
        ledger.record(7, now - Duration::minutes(1), now);
        ledger.record(7, now - Duration::hours(40), now);
        assert_eq!(ledger.counts(7, now, Duration::minutes(10)), (3, 2));
    }

    #[test]
    fn a_flood_of_new_mailboxes_stays_bounded_and_keeps_the_newest() {
        let now = Utc::now();
        let mut ledger = MailboxLedger::default();
        for n in 0..(MAX_MAILBOXES as u128 + 10) {
            let at = now - Duration::seconds(86_000) + Duration::milliseconds(n as i64 / 10);
            ledger.record(n, at, now);
        }
        assert!(ledger.by_mailbox.len() <= MAX_MAILBOXES);
        let newest = MAX_MAILBOXES as u128 + 9;
        assert_eq!(ledger.counts(newest, now, Duration::days(1)).0, 1);
        assert_eq!(
            ledger.counts(0, now, Duration::days(1)).0,
            0,
            "oldest went first"
        );
        ledger.prune(now + Duration::days(1));
        assert!(ledger.by_mailbox.is_empty());
    }

    #[test]
    fn reads_the_last_day_first_then_only_what_is_new() {
        let now = Utc::now();
        let mut ledger = MailboxLedger::default();
        assert!(ledger.due());
        assert_eq!(ledger.read_from(now), now - Duration::days(1));
        let hash = crate::store::key_hash("reader@example.kz");
        ledger.absorb(vec![(hash.clone(), now - Duration::minutes(1))], now);
        assert!(!ledger.due());
        assert_eq!(
            ledger.read_from(now),
            now - Duration::minutes(1) - Duration::seconds(5)
        );
        let bits = mailbox_bits(&hash).unwrap();
        assert_eq!(ledger.counts(bits, now, Duration::minutes(10)), (1, 1));
        // Its own batches are what it expects to count among the recent rows.
        ledger.record_batch(&[1, 2], now);
        let from = ledger.read_from(now);
        assert_eq!(ledger.own_since(from), 2);
        ledger.caught_up(from);
        assert_eq!(ledger.read_through, Some(now));
        ledger.forget(bits);
        assert_eq!(ledger.counts(bits, now, Duration::minutes(10)), (0, 0));
    }
}
