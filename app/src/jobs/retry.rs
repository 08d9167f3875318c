//! When to try a delivery again: exponential backoff with jitter, so that a service coming
//! back up is not met by every waiting job at once.

use std::time::Duration;

/// The wait after the first failure.
pub const FIRST_WAIT: Duration = Duration::from_secs(5);
/// The longest wait between two attempts.
pub const LONGEST_WAIT: Duration = Duration::from_secs(60 * 60);

/// The wait after `attempt` failures (1 for the first), scaled by `jitter` in `[0, 1)`: between
/// half and all of `FIRST_WAIT × 2^(attempt-1)`, never above `LONGEST_WAIT`.
pub fn backoff(attempt: u32, jitter: f64) -> Duration {
    let doubled = FIRST_WAIT.saturating_mul(1u32 << attempt.saturating_sub(1).min(20));
    let capped = doubled.min(LONGEST_WAIT);
    capped.mul_f64(0.5 + 0.5 * jitter.clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_and_stop_growing() {
        assert_eq!(backoff(1, 1.0), Duration::from_secs(5));
        assert_eq!(backoff(2, 1.0), Duration::from_secs(10));
        assert_eq!(backoff(3, 0.0), Duration::from_secs(10));
        assert_eq!(backoff(30, 1.0), LONGEST_WAIT);
        assert_eq!(backoff(0, 1.0), Duration::from_secs(5));
    }

    #[test]
    fn jitter_spreads_between_half_and_all() {
        let low = backoff(4, 0.0);
        let high = backoff(4, 0.999);
        assert_eq!(low, Duration::from_secs(20));
        assert!(high > Duration::from_secs(39) && high <= Duration::from_secs(40));
    }
}
