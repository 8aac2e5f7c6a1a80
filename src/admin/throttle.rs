//! Slows down password guessing: every login attempt spends one token of the bucket of
//! (account, client network) and one of the client network's; an empty bucket answers 429
//! without even checking the password. Keying the account's bucket by network too means a
//! stranger hammering an account from their network locks only themselves out, never its
//! owner signing in from elsewhere. Kept in memory: a restart forgets, which only helps a
//! real editor. Both stores are pruned every minute and capped (see [`crate::web::MAX_KEYS`]).
use std::net::{IpAddr, Ipv6Addr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::login_fields::AccountKey;
use crate::web::{MAX_KEYS, prune_periodically};

/// Attempts one network may make on one account at once, then one more every
/// [`ACCOUNT_REFILL`].
const ACCOUNT_BURST: u32 = 5;
const ACCOUNT_REFILL: Duration = Duration::from_secs(20);
/// A client network (a newsroom behind one NAT) may try more accounts.
const NETWORK_BURST: u32 = 20;
const NETWORK_REFILL: Duration = Duration::from_secs(5);
/// The network of requests without an address, and of all new networks while the store is
/// full: no client has it.
const SHARED: IpAddr = IpAddr::V6(Ipv6Addr::UNSPECIFIED);

pub struct LoginThrottle {
    by_account: DefaultKeyedRateLimiter<(AccountKey, IpAddr)>,
    by_network: DefaultKeyedRateLimiter<IpAddr>,
}

impl Default for LoginThrottle {
    fn default() -> Self {
        Self::new()
    }
}

impl LoginThrottle {
    pub fn new() -> Self {
        let quota = |burst: u32, refill: Duration| {
            Quota::with_period(refill)
                .expect("refill period is not zero")
                .allow_burst(NonZeroU32::new(burst).expect("burst is not zero"))
        };
        Self {
            by_account: RateLimiter::keyed(quota(ACCOUNT_BURST, ACCOUNT_REFILL)),
            by_network: RateLimiter::keyed(quota(NETWORK_BURST, NETWORK_REFILL)),
        }
    }

    /// A throttle whose idle keys are forgotten every minute (needs a Tokio runtime).
    pub fn shared() -> Arc<Self> {
        let throttle = Arc::new(Self::new());
        prune_periodically(&throttle, Self::prune);
        throttle
    }

    /// Whether this attempt may go ahead; it counts either way. `network` is the client's
    /// network ([`crate::web::client_network`]).
    pub fn allow(&self, account: AccountKey, network: Option<IpAddr>) -> bool {
        let network = network.unwrap_or(SHARED);
        // Full of made-up networks: new ones share one bucket rather than grow memory.
        let network_key = if self.by_network.len() < MAX_KEYS {
            network
        } else {
            SHARED
        };
        let by_network = self.by_network.check_key(&network_key).is_ok();
        // Full of made-up accounts: the network's own bucket above still limits each network.
        let by_account = self.by_account.len() >= MAX_KEYS
            || self.by_account.check_key(&(account, network)).is_ok();
        by_account && by_network
    }

    /// Forgets the keys whose buckets are full again (as good as never seen).
    pub fn prune(&self) {
        self.by_account.retain_recent();
        self.by_account.shrink_to_fit();
        self.by_network.retain_recent();
        self.by_network.shrink_to_fit();
    }

    #[cfg(test)]
    fn keys(&self) -> usize {
        self.by_account.len() + self.by_network.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> Option<IpAddr> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn an_account_is_slowed_after_its_burst_and_others_are_not() {
        let throttle = LoginThrottle::new();
        let editor = AccountKey::of("editor@caravan.test");
        for _ in 0..ACCOUNT_BURST {
            assert!(throttle.allow(editor, ip("192.0.2.7")));
        }
        assert!(!throttle.allow(editor, ip("192.0.2.7")));
        assert!(throttle.allow(AccountKey::of("other@caravan.test"), ip("192.0.2.7")));
    }

    #[test]
    fn a_stranger_hammering_an_account_does_not_lock_its_owner_out() {
        let throttle = LoginThrottle::new();
        let editor = AccountKey::of("editor@caravan.test");
        for _ in 0..ACCOUNT_BURST * 3 {
            throttle.allow(editor, ip("203.0.113.9"));
        }
        assert!(!throttle.allow(editor, ip("203.0.113.9")));
        assert!(throttle.allow(editor, ip("198.51.100.4")));
    }

    #[test]
    fn one_network_cannot_spray_many_accounts() {
        let throttle = LoginThrottle::new();
        let allowed = (0..NETWORK_BURST + 5)
            .filter(|n| throttle.allow(AccountKey::of(&format!("user{n}@x.kz")), ip("192.0.2.8")))
            .count();
        assert_eq!(allowed, NETWORK_BURST as usize);
    }

    #[test]
    fn the_stores_stay_capped_under_a_spray_of_made_up_clients() {
        let throttle = LoginThrottle::new();
        for n in 0..(MAX_KEYS as u32 + 500) {
            let network = IpAddr::V4(std::net::Ipv4Addr::from(0x0a00_0000 + n));
            throttle.allow(AccountKey::of(&format!("u{n}")), Some(network));
        }
        // At most the cap in each store, plus the one shared key.
        assert!(throttle.keys() <= 2 * MAX_KEYS + 1, "{}", throttle.keys());
        // Fresh keys are forgotten by a prune only once their buckets have refilled.
        throttle.prune();
        assert!(throttle.keys() > 0);
    }
}
