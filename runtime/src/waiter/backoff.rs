//! The delay before each retry of a waiter, as the Smithy waiters
//! specification computes it. The bound doubles from the minimum delay up
//! to the maximum, and the delay is a random value between the minimum and
//! that bound. When no more than the minimum delay would remain after the
//! delay, the retry moves earlier to leave exactly the minimum delay before
//! the deadline, and it is the last one.

use std::time::Duration;

use crate::retry::backoff::random_fraction;

/// The delays of one waiter run.
#[derive(Clone, Copy, Debug)]
pub(super) struct Backoff {
    min_delay: Duration,
    max_delay: Duration,
    /// The retry after which the doubled delay would pass `max_delay`,
    /// which also keeps `2^(attempt - 1)` from overflowing.
    attempt_ceiling: u32,
}

impl Backoff {
    /// Creates the backoff; the caller checked that `min_delay` is not
    /// zero and not greater than `max_delay`.
    pub(super) fn new(min_delay: Duration, max_delay: Duration) -> Self {
        let ratio = max_delay.as_secs_f64() / min_delay.as_secs_f64();
        let attempt_ceiling = (ratio.ln() / 2f64.ln() + 1.0).floor().clamp(1.0, 63.0) as u32;
        Self {
            min_delay,
            max_delay,
            attempt_ceiling,
        }
    }

    /// Returns the upper bound of the delay before retry `attempt` (1 for
    /// the first retry), before jitter.
    pub(super) fn bound(&self, attempt: u32) -> Duration {
        if attempt > self.attempt_ceiling {
            return self.max_delay;
        }
        let doublings = attempt.saturating_sub(1);
        self.min_delay
            .saturating_mul(1u32 << doublings.min(31))
            .min(self.max_delay)
    }

    /// Returns the delay before retry `attempt` with `remaining` time left,
    /// using `fraction` in `[0, 1]` as the jitter, and whether that retry
    /// is the last one.
    pub(super) fn delay_with(
        &self,
        attempt: u32,
        remaining: Duration,
        fraction: f64,
    ) -> (Duration, bool) {
        let bound = self.bound(attempt);
        let spread = bound.saturating_sub(self.min_delay);
        let delay = self.min_delay + spread.mul_f64(fraction.clamp(0.0, 1.0));
        // The Smithy waiter specification: when the delay would leave no
        // more than the minimum delay, the retry moves earlier to leave
        // exactly that, and it is the last one.
        if remaining.saturating_sub(delay) <= self.min_delay {
            (remaining.saturating_sub(self.min_delay), true)
        } else {
            (delay, false)
        }
    }

    /// Returns the delay before retry `attempt` with `remaining` time left.
    pub(super) fn delay(&self, attempt: u32, remaining: Duration) -> (Duration, bool) {
        self.delay_with(attempt, remaining, random_fraction())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: Duration = Duration::from_secs(1);

    #[test]
    fn bound_doubles_to_ceiling_then_stays_at_max() {
        // The specification's defaults: 2 s and 120 s give a ceiling of 6.
        let backoff = Backoff::new(2 * SECOND, 120 * SECOND);
        assert_eq!(backoff.attempt_ceiling, 6);
        let bounds: Vec<u64> = (1..=8)
            .map(|attempt| backoff.bound(attempt).as_secs())
            .collect();
        assert_eq!(bounds, [2, 4, 8, 16, 32, 64, 120, 120]);
    }

    #[test]
    fn jitter_spans_min_to_bound() {
        let backoff = Backoff::new(2 * SECOND, 120 * SECOND);
        let hour = 3600 * SECOND;
        assert_eq!(backoff.delay_with(4, hour, 0.0), (2 * SECOND, false));
        assert_eq!(backoff.delay_with(4, hour, 1.0), (16 * SECOND, false));
        assert_eq!(backoff.delay_with(4, hour, 0.5), (9 * SECOND, false));
        assert_eq!(backoff.delay_with(10, hour, 1.0), (120 * SECOND, false));
    }

    #[test]
    fn last_retry_leaves_the_minimum_delay() {
        let backoff = Backoff::new(2 * SECOND, 120 * SECOND);
        // 10 s left and a 9 s delay would leave 1 s, less than the minimum,
        // so the last retry comes 2 s before the deadline.
        assert_eq!(
            backoff.delay_with(5, 10 * SECOND, 7.0 / 30.0),
            (8 * SECOND, true)
        );
        // 10 s left and a 2 s delay leaves 8 s: no change.
        assert_eq!(backoff.delay_with(5, 10 * SECOND, 0.0), (2 * SECOND, false));
        // Exactly the minimum left after the delay is also the last retry.
        assert_eq!(backoff.delay_with(1, 4 * SECOND, 0.0), (2 * SECOND, true));
        // Less than the minimum left: retry at once, for the last time.
        assert_eq!(backoff.delay_with(1, SECOND, 0.0), (Duration::ZERO, true));
    }

    #[test]
    fn equal_min_and_max_give_linear_delays() {
        let backoff = Backoff::new(5 * SECOND, 5 * SECOND);
        for attempt in 1..20 {
            assert_eq!(backoff.delay(attempt, 3600 * SECOND), (5 * SECOND, false));
        }
    }

    #[test]
    fn random_delay_stays_within_bound() {
        let backoff = Backoff::new(Duration::from_millis(10), Duration::from_millis(80));
        for attempt in 1..10 {
            let (delay, _) = backoff.delay(attempt, 3600 * SECOND);
            assert!(delay >= Duration::from_millis(10), "{delay:?}");
            assert!(delay <= backoff.bound(attempt), "{delay:?}");
        }
    }

    #[test]
    fn huge_attempt_numbers_do_not_overflow() {
        let backoff = Backoff::new(
            Duration::from_millis(1),
            Duration::from_secs(u32::MAX as u64),
        );
        assert_eq!(
            backoff.bound(u32::MAX),
            Duration::from_secs(u32::MAX as u64)
        );
        assert!(backoff.bound(40) <= Duration::from_secs(u32::MAX as u64));
    }
}
