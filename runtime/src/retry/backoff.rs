//! The wait before a retry: exponential backoff with full jitter. The
//! bound doubles with each retry up to the maximum, and the wait is a
//! uniformly random fraction of it, so that clients that failed together
//! do not retry together.

use std::time::Duration;

use ring::rand::{SecureRandom, SystemRandom};

/// Returns the wait before retry number `retry` (1 for the first retry).
pub(crate) fn delay(retry: u32, initial: Duration, max: Duration) -> Duration {
    bound(retry, initial, max).mul_f64(random_fraction())
}

/// Returns the upper bound of the wait before retry number `retry`:
/// `initial * 2^(retry - 1)`, at most `max`.
pub(crate) fn bound(retry: u32, initial: Duration, max: Duration) -> Duration {
    let doublings = retry.saturating_sub(1).min(31);
    initial.saturating_mul(1 << doublings).min(max)
}

/// Returns a random number in `[0, 1)` from the operating system's secure
/// source. Retries and waiter attempts are rare, so a system call for each
/// one costs nothing that matters.
pub(crate) fn random_fraction() -> f64 {
    let mut bytes = [0u8; 8];
    if SystemRandom::new().fill(&mut bytes).is_err() {
        // Without randomness, the full bound is the safe wait: it spreads
        // retries no worse than no jitter at all.
        return 1.0;
    }
    // The top 53 bits fill the mantissa of an f64 exactly.
    (u64::from_le_bytes(bytes) >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: Duration = Duration::from_secs(1);
    const MAX: Duration = Duration::from_secs(20);

    #[test]
    fn bound_doubles_up_to_maximum() {
        let bounds: Vec<u64> = (1..=7)
            .map(|retry| bound(retry, SECOND, MAX).as_secs())
            .collect();
        assert_eq!(bounds, [1, 2, 4, 8, 16, 20, 20]);
        assert_eq!(bound(u32::MAX, SECOND, MAX), MAX);
    }

    #[test]
    fn delay_stays_within_bound() {
        for retry in 1..=8 {
            for _ in 0..50 {
                let delay = delay(retry, SECOND, MAX);
                assert!(
                    delay <= bound(retry, SECOND, MAX),
                    "retry {retry}: {delay:?}"
                );
            }
        }
    }

    #[test]
    fn delay_is_jittered() {
        let delays: std::collections::HashSet<Duration> =
            (0..20).map(|_| delay(3, SECOND, MAX)).collect();
        assert!(delays.len() > 1, "20 waits were all {delays:?}");
    }

    #[test]
    fn fraction_is_in_unit_interval() {
        for _ in 0..1000 {
            let fraction = random_fraction();
            assert!((0.0..1.0).contains(&fraction), "{fraction}");
        }
    }
}
