//! Counts per client address, on the `governor` crate (GCRA): a burst of the configured size,
//! then one more every `60 / n` seconds. Sign-in attempts are limited so; refused service
//! tokens are journaled so (beyond it, only logged: a scanner cannot fill the journal).

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::{net::IpAddr, num::NonZeroU32};

pub struct AddressRateLimit {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
}

impl AddressRateLimit {
    pub fn per_minute(attempts: u32) -> AddressRateLimit {
        let attempts = NonZeroU32::new(attempts).unwrap_or(NonZeroU32::MIN);
        AddressRateLimit {
            limiter: RateLimiter::keyed(Quota::per_minute(attempts)),
        }
    }

    /// Whether one more attempt from `ip` is allowed now (and counts it).
    pub fn allow(&self, ip: IpAddr) -> bool {
        self.limiter.check_key(&ip).is_ok()
    }

    /// Forgets addresses whose allowance is full again (keeps memory bounded).
    pub fn forget_idle(&self) {
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_address_has_its_own_allowance() {
        let limit = AddressRateLimit::per_minute(3);
        let (a, b): (IpAddr, IpAddr) = ("192.0.2.1".parse().unwrap(), "192.0.2.2".parse().unwrap());
        assert!((0..3).all(|_| limit.allow(a)));
        assert!(!limit.allow(a));
        assert!(limit.allow(b));
    }
}
