//! The client-side rate limiter of adaptive mode, as the AWS SDKs specify
//! it. A token bucket paces every attempt once the service has throttled
//! the client. Its fill rate follows CUBIC congestion control (RFC 9438).
//! Each throttling response cuts the rate to [`BETA`] times the rate sent.
//! Each success grows it along a cubic curve back towards the rate at which
//! throttling began, and then beyond.
//!
//! Times are seconds on a monotonic clock, passed in by the caller, so that
//! tests can run the algorithm on a clock of their own.

/// The factor that a throttling response cuts the sending rate by.
const BETA: f64 = 0.7;
/// The speed at which the rate grows back after throttling (CUBIC's `C`).
const SCALE_CONSTANT: f64 = 0.4;
/// The weight of the newest measurement in the smoothed sending rate.
const SMOOTH: f64 = 0.8;
/// The slowest the bucket fills, in requests per second.
const MIN_FILL_RATE: f64 = 0.5;
/// The minimum capacity of the bucket, in tokens.
const MIN_CAPACITY: f64 = 1.0;

/// The rate limiter's state; one per client.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    /// Whether a throttling response has switched pacing on. Until then,
    /// attempts are never delayed.
    enabled: bool,
    fill_rate: f64,
    max_capacity: f64,
    capacity: f64,
    last_refill: Option<f64>,
    /// The smoothed rate at which the client sends, in requests per second.
    measured_rate: f64,
    /// The start of the current half-second measuring window.
    window_start: f64,
    requests_in_window: u32,
    /// The rate at the last throttling response (CUBIC's `W_max`).
    last_max_rate: f64,
    last_throttle_time: f64,
    /// The time CUBIC takes to grow back to `last_max_rate` (CUBIC's `K`).
    time_window: f64,
}

impl RateLimiter {
    pub(crate) fn new(now: f64) -> Self {
        Self {
            enabled: false,
            fill_rate: MIN_FILL_RATE,
            max_capacity: MIN_CAPACITY,
            capacity: 0.0,
            last_refill: None,
            measured_rate: 0.0,
            window_start: (now * 2.0).floor() / 2.0,
            requests_in_window: 0,
            last_max_rate: 0.0,
            last_throttle_time: now,
            time_window: 0.0,
        }
    }

    /// Takes a token for one attempt and returns how many seconds the
    /// caller must wait before sending it: zero while pacing is off or a
    /// token is available.
    ///
    /// The token is taken at once, so the bucket may go negative, which
    /// makes callers that arrive during the wait queue up behind it.
    pub(crate) fn acquire(&mut self, now: f64) -> f64 {
        if !self.enabled {
            return 0.0;
        }
        self.refill(now);
        let wait = if self.capacity >= 1.0 {
            0.0
        } else {
            (1.0 - self.capacity) / self.fill_rate
        };
        self.capacity -= 1.0;
        wait
    }

    /// Updates the sending rate after a response: cut after throttling,
    /// grown along the cubic curve after anything else.
    pub(crate) fn record_response(&mut self, throttled: bool, now: f64) {
        self.measure(now);

        let calculated_rate = if throttled {
            let rate_to_use = if self.enabled {
                self.measured_rate.min(self.fill_rate)
            } else {
                self.measured_rate
            };
            self.last_max_rate = rate_to_use;
            self.time_window = self.time_window();
            self.last_throttle_time = now;
            self.enabled = true;
            rate_to_use * BETA
        } else {
            self.time_window = self.time_window();
            self.cubic_success(now)
        };

        let new_rate = calculated_rate.min(2.0 * self.measured_rate);
        self.set_fill_rate(new_rate, now);
    }

    /// Returns the current fill rate, in requests per second.
    #[cfg(test)]
    pub(crate) fn fill_rate(&self) -> f64 {
        self.fill_rate
    }

    fn time_window(&self) -> f64 {
        (self.last_max_rate * (1.0 - BETA) / SCALE_CONSTANT).cbrt()
    }

    fn cubic_success(&self, now: f64) -> f64 {
        let elapsed = now - self.last_throttle_time - self.time_window;
        SCALE_CONSTANT * elapsed.powi(3) + self.last_max_rate
    }

    /// Counts one response in the current half-second window and, when a
    /// window closes, folds its rate into the smoothed sending rate.
    fn measure(&mut self, now: f64) {
        let window = (now * 2.0).floor() / 2.0;
        self.requests_in_window += 1;
        if window > self.window_start {
            let current_rate = f64::from(self.requests_in_window) / (window - self.window_start);
            self.measured_rate = current_rate * SMOOTH + self.measured_rate * (1.0 - SMOOTH);
            self.requests_in_window = 0;
            self.window_start = window;
        }
    }

    fn refill(&mut self, now: f64) {
        if let Some(last) = self.last_refill {
            let filled = (now - last).max(0.0) * self.fill_rate;
            self.capacity = (self.capacity + filled).min(self.max_capacity);
        }
        self.last_refill = Some(now);
    }

    fn set_fill_rate(&mut self, rate: f64, now: f64) {
        self.refill(now);
        self.fill_rate = rate.max(MIN_FILL_RATE);
        self.max_capacity = rate.max(MIN_CAPACITY);
        self.capacity = self.capacity.min(self.max_capacity);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_delays_before_throttling() {
        let mut limiter = RateLimiter::new(0.0);
        for step in 0..100 {
            let now = f64::from(step) * 0.01;
            assert_eq!(limiter.acquire(now), 0.0);
            limiter.record_response(false, now);
        }
    }

    #[test]
    fn throttling_cuts_rate_and_delays() {
        let mut limiter = RateLimiter::new(0.0);
        // Ten responses a second for five seconds set the measured rate.
        for step in 0..50 {
            limiter.record_response(false, f64::from(step) * 0.1);
        }
        limiter.record_response(true, 5.0);
        let throttled_rate = limiter.fill_rate();

        assert!(throttled_rate < 10.0 * BETA + 1e-9, "{throttled_rate}");
        assert!(throttled_rate >= MIN_FILL_RATE, "{throttled_rate}");
        // Attempts at one instant use up the tokens the bucket holds, at
        // most the new rate, then each waits longer than the one before.
        let waits: Vec<f64> = (0..12).map(|_| limiter.acquire(5.0)).collect();
        let immediate = waits.iter().take_while(|&&wait| wait == 0.0).count();
        assert!(immediate <= throttled_rate.ceil() as usize, "{waits:?}");
        let delayed = &waits[immediate..];
        assert!(delayed.len() >= 2, "{waits:?}");
        assert!(
            delayed.windows(2).all(|pair| pair[1] > pair[0]),
            "{waits:?}"
        );
    }

    #[test]
    fn rate_recovers_along_cubic_curve() {
        let mut limiter = RateLimiter::new(0.0);
        for step in 0..50 {
            limiter.record_response(false, f64::from(step) * 0.1);
        }
        limiter.record_response(true, 5.0);
        let after_throttle = limiter.fill_rate();

        let mut rates = Vec::new();
        for step in 1..=40 {
            let now = 5.0 + f64::from(step) * 0.1;
            limiter.record_response(false, now);
            rates.push(limiter.fill_rate());
        }
        let last = *rates.last().expect("40 rates");
        assert!(last > after_throttle, "{after_throttle} then {last}");
    }

    #[test]
    fn cubic_curve_matches_formula() {
        let mut limiter = RateLimiter::new(0.0);
        limiter.last_max_rate = 10.0;
        limiter.last_throttle_time = 0.0;
        limiter.time_window = limiter.time_window();

        // K = cbrt(10 * 0.3 / 0.4), and the curve passes W_max at t = K.
        let k = (10.0_f64 * 0.3 / 0.4).cbrt();
        assert!((limiter.time_window - k).abs() < 1e-12);
        assert!((limiter.cubic_success(k) - 10.0).abs() < 1e-9);
        assert!((limiter.cubic_success(0.0) - 10.0 * BETA).abs() < 1e-9);
        assert!(limiter.cubic_success(k + 1.0) > 10.0);
    }
}
