//! Slows down password guessing: every login attempt spends one token of the account's
//! bucket and one of the client address's; an empty bucket answers 429 without even checking
//! the password. Kept in memory: a restart forgets, which only helps a real editor.
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// Attempts an account may make at once, then one more every [`ACCOUNT_REFILL`].
const ACCOUNT_BURST: u32 = 5;
const ACCOUNT_REFILL: Duration = Duration::from_secs(20);
/// A client address (a newsroom behind one NAT) may try more accounts.
const ADDRESS_BURST: u32 = 20;
const ADDRESS_REFILL: Duration = Duration::from_secs(5);
/// Forget idle keys once this many are kept, so a spray of addresses cannot grow memory.
const MAX_KEYS: usize = 10_000;

pub struct LoginThrottle {
    by_account: DefaultKeyedRateLimiter<String>,
    by_address: DefaultKeyedRateLimiter<IpAddr>,
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
            by_address: RateLimiter::keyed(quota(ADDRESS_BURST, ADDRESS_REFILL)),
        }
    }

    /// Whether this attempt may go ahead; it counts either way.
    pub fn allow(&self, account_key: &str, address: Option<IpAddr>) -> bool {
        if self.by_account.len() > MAX_KEYS {
            self.by_account.retain_recent();
        }
        if self.by_address.len() > MAX_KEYS {
            self.by_address.retain_recent();
        }
        let account = self.by_account.check_key(&account_key.to_owned()).is_ok();
        let address = address.is_none_or(|ip| self.by_address.check_key(&ip).is_ok());
        account && address
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_is_slowed_after_its_burst_and_others_are_not() {
        let throttle = LoginThrottle::new();
        let ip: IpAddr = "192.0.2.7".parse().unwrap();
        for _ in 0..ACCOUNT_BURST {
            assert!(throttle.allow("editor@caravan.test", Some(ip)));
        }
        assert!(!throttle.allow("editor@caravan.test", Some(ip)));
        assert!(throttle.allow("other@caravan.test", Some(ip)));
    }

    #[test]
    fn one_address_cannot_spray_many_accounts() {
        let throttle = LoginThrottle::new();
        let ip: IpAddr = "192.0.2.8".parse().unwrap();
        let allowed = (0..ADDRESS_BURST + 5)
            .filter(|n| throttle.allow(&format!("user{n}@caravan.test"), Some(ip)))
            .count();
        assert_eq!(allowed, ADDRESS_BURST as usize);
    }
}
