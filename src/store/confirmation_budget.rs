//! How many confirmation e-mails a stranger can make Caravan send, and when each may leave.
//! Anyone can type anyone's address into the sign-up form: without these limits the form
//! mails a victim again and again (`victim+1@`, `victim+2@`…), floods one company's domain,
//! or burns the relay's reputation. A mailbox gets at most one confirmation in ten minutes
//! and three a day; past a domain's or the service's hourly ceiling confirmations are still
//! queued, spread over the following hours, never dropped. The hourly counts are running
//! totals (`confirmation_hours`), so a flood costs a lookup per batch, not a count over it;
//! the per-mailbox counts come from memory (`mailbox_ledger`).
use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};

use crate::domain::SubscriberEmail;

#[derive(Debug, Clone, Copy)]
pub struct ConfirmationLimits {
    /// At most one confirmation per mailbox in this span.
    pub mailbox_gap: Duration,
    /// And at most this many per mailbox in a day.
    pub mailbox_per_day: i64,
    /// Confirmations an hour to one recipient domain before they wait.
    pub domain_per_hour: i64,
    /// `CARAVAN_CONFIRMATIONS_PER_HOUR`: across the whole service.
    pub per_hour: i64,
    /// A reader who unsubscribed gets at most one confirmation in this span.
    pub unsubscribed_gap: Duration,
}

impl Default for ConfirmationLimits {
    fn default() -> Self {
        Self {
            mailbox_gap: Duration::minutes(10),
            mailbox_per_day: 3,
            domain_per_hour: 200,
            per_hour: 1000,
            unsubscribed_gap: Duration::days(7),
        }
    }
}

impl ConfirmationLimits {
    /// The hourly ceiling of a scope of `confirmation_hours`.
    pub fn ceiling_of(&self, scope: &str) -> i64 {
        if scope == ALL {
            self.per_hour
        } else {
            self.domain_per_hour
        }
    }

    pub fn with_per_hour(per_hour: u32) -> Self {
        Self {
            per_hour: i64::from(per_hour.max(1)),
            ..Self::default()
        }
    }
}

/// SHA-256 of a mailbox or domain key: the log counts without holding any address.
/// 128 bits of it in hex: plenty to count by, and short to bind on every sign-up.
pub fn key_hash(key: &str) -> String {
    format!("{:032x}", hash_bits(key))
}

/// The first 128 bits of the key's SHA-256, as [`key_hash`] writes them in hex.
fn hash_bits(key: &str) -> u128 {
    let digest = Sha256::digest(key.as_bytes());
    let mut first = [0u8; 16];
    first.copy_from_slice(&digest[..16]);
    u128::from_be_bytes(first)
}

/// The keys one address is counted under (hashed by the request's own thread, not by the
/// single writer: see `SignupQueue::submit`).
#[derive(Debug, Clone)]
pub struct CountedAs {
    /// The mailbox's hash as stored in `outbox.mailbox_hash`,
    pub mailbox: String,
    /// and as the in-memory ledger keys it.
    pub mailbox_bits: u128,
    pub domain: String,
}

impl CountedAs {
    pub fn of(email: &SubscriberEmail) -> Self {
        let mailbox_bits = hash_bits(&email.mailbox_key());
        Self {
            mailbox: format!("{mailbox_bits:032x}"),
            mailbox_bits,
            domain: key_hash(email.domain()),
        }
    }
}

/// The scope of the service-wide hourly counts in `confirmation_hours`.
pub const ALL: &str = "all";

/// Hours since the Unix epoch: the buckets of `confirmation_hours`.
pub fn hour_of(at: DateTime<Utc>) -> i64 {
    at.timestamp().div_euclid(3600)
}

fn start_of(hour: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(hour * 3600, 0).unwrap_or_default()
}

/// The counts of one batch, read once, then advanced in memory as the batch schedules its
/// confirmations (the batch runs in one transaction).
pub struct Budget {
    pub limits: ConfirmationLimits,
    pub now: DateTime<Utc>,
    /// Per scope (`ALL`, or a domain's hash), the latest hour booked from the current hour on
    /// and its count. A scope's hours fill in order, so its earlier hours count as full: one
    /// row a scope is all a batch reads, however long the queue a flood has made.
    pub latest: HashMap<String, (i64, i64)>,
    /// What this batch adds, by (scope, hour), written back as increments.
    pub added: HashMap<(String, i64), i64>,
    /// By mailbox (see `MailboxLedger`): (in the last day, in the last gap).
    pub mailboxes: HashMap<u128, (i64, i64)>,
}

impl Budget {
    pub fn new(limits: ConfirmationLimits, now: DateTime<Utc>) -> Self {
        Self {
            limits,
            now,
            latest: HashMap::new(),
            added: HashMap::new(),
            mailboxes: HashMap::new(),
        }
    }

    /// Whether this mailbox may be sent one more confirmation now.
    pub fn mailbox_allows(&self, counted: &CountedAs) -> bool {
        let (day, recent) = self
            .mailboxes
            .get(&counted.mailbox_bits)
            .copied()
            .unwrap_or((0, 0));
        recent == 0 && day < self.limits.mailbox_per_day
    }

    /// Books one confirmation and says when it may leave: now while this hour has room under
    /// both the service's and the domain's ceiling, otherwise in the first hour that has,
    /// spread evenly over it. A confirmation a flooded domain holds back beyond the service's
    /// open hour is spread by that domain's own ceiling and does not hold the others back.
    pub fn schedule(&mut self, counted: &CountedAs) -> DateTime<Utc> {
        let per_hour = self.limits.per_hour.max(1);
        let domain_per_hour = self.limits.domain_per_hour.max(1);
        let first = hour_of(self.now);
        let all_room = self.first_room(ALL, per_hour, first);
        let hour = all_room.max(self.first_room(&counted.domain, domain_per_hour, first));
        let all = if hour == all_room {
            self.book(ALL, hour)
        } else {
            0
        };
        let domain = self.book(&counted.domain, hour);
        let send_at = if hour == first {
            self.now
        } else {
            let spread = (all * 3_600_000 / per_hour).max(domain * 3_600_000 / domain_per_hour);
            start_of(hour) + Duration::milliseconds(spread)
        };
        let mailbox = self.mailboxes.entry(counted.mailbox_bits).or_insert((0, 0));
        mailbox.0 += 1;
        mailbox.1 += 1;
        send_at
    }

    /// The first hour from `first` on in which `scope` has room under `ceiling`.
    fn first_room(&self, scope: &str, ceiling: i64, first: i64) -> i64 {
        match self.latest.get(scope) {
            Some(&(hour, booked)) if hour >= first && booked >= ceiling => hour + 1,
            Some(&(hour, _)) if hour >= first => hour,
            _ => first,
        }
    }

    /// Books one in `scope` at `hour`; returns how many were booked there before.
    fn book(&mut self, scope: &str, hour: i64) -> i64 {
        let entry = self.latest.entry(scope.to_owned()).or_insert((hour, 0));
        if entry.0 < hour {
            *entry = (hour, 0);
        }
        entry.1 += 1;
        *self.added.entry((scope.to_owned(), hour)).or_insert(0) += 1;
        entry.1 - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn budget(per_hour: i64, domain_per_hour: i64) -> Budget {
        let limits = ConfirmationLimits {
            per_hour,
            domain_per_hour,
            ..ConfirmationLimits::default()
        };
        Budget::new(limits, Utc::now())
    }

    fn counted(address: &str) -> CountedAs {
        CountedAs::of(&SubscriberEmail::parse(address).unwrap())
    }

    #[test]
    fn past_the_ceiling_confirmations_wait_their_turn_and_none_is_dropped() {
        let mut b = budget(10, 1000);
        let times: Vec<_> = (0..25)
            .map(|n| b.schedule(&counted(&format!("r{n}@example{n}.kz"))))
            .collect();
        assert!(times[..10].iter().all(|t| *t == b.now));
        // The next hour takes ten more, one every 6 minutes; the 21st waits another hour.
        let next = start_of(hour_of(b.now) + 1);
        assert_eq!(times[10], next);
        assert_eq!(times[11] - times[10], Duration::minutes(6));
        assert_eq!(times[20], next + Duration::hours(1));
        assert!(times.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(
            b.added.values().sum::<i64>(),
            50,
            "each booked service-wide and by domain"
        );
        assert_eq!(b.added[&(ALL.to_owned(), hour_of(b.now))], 10);
    }

    #[test]
    fn one_domain_waits_while_others_go_at_once() {
        let mut b = budget(1000, 2);
        for n in 0..2 {
            assert_eq!(b.schedule(&counted(&format!("a{n}@victim.kz"))), b.now);
        }
        assert!(b.schedule(&counted("a3@victim.kz")) > b.now);
        assert_eq!(b.schedule(&counted("someone@other.kz")), b.now);
    }

    #[test]
    fn counts_booked_by_earlier_batches_are_honoured() {
        let mut b = budget(10, 1000);
        b.latest.insert(ALL.to_owned(), (hour_of(b.now), 10));
        assert_eq!(
            b.schedule(&counted("late@example.kz")),
            start_of(hour_of(b.now) + 1)
        );
    }

    #[test]
    fn a_mailbox_gets_one_confirmation_whatever_its_plus_tag() {
        let mut b = budget(1000, 1000);
        let first = counted("victim+1@example.kz");
        assert!(b.mailbox_allows(&first));
        b.schedule(&first);
        assert!(!b.mailbox_allows(&counted("victim+2@example.kz")));
        assert!(!b.mailbox_allows(&counted("Victim@Example.kz")));
        assert!(b.mailbox_allows(&counted("other@example.kz")));
        // A day's allowance runs out even when the gap has passed.
        b.mailboxes.insert(first.mailbox_bits, (3, 0));
        assert!(!b.mailbox_allows(&first));
    }
}
