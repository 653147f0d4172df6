//! The retry quota of standard and adaptive mode: a token bucket that each
//! client shares across its calls. Each retry takes tokens, and each
//! success gives some back. When a service keeps failing, the bucket runs
//! dry and the client stops retrying until calls succeed again, so that
//! retries do not multiply the load on a struggling service.

use std::sync::atomic::{AtomicU32, Ordering};

use super::classify::RetryKind;

/// The tokens a client starts with, which is also the most it can hold.
pub(crate) const INITIAL_TOKENS: u32 = 500;
/// The cost of a retry after an error response or a transport failure.
pub(crate) const RETRY_COST: u32 = 5;
/// The cost of a retry after a timeout, which ties up a connection longer.
pub(crate) const TIMEOUT_RETRY_COST: u32 = 10;
/// The tokens that a call which succeeds at its first attempt gives back.
pub(crate) const NO_RETRY_INCREMENT: u32 = 1;

/// The token bucket.
#[derive(Debug)]
pub(crate) struct RetryQuota {
    tokens: AtomicU32,
}

impl RetryQuota {
    pub(crate) fn new() -> Self {
        Self {
            tokens: AtomicU32::new(INITIAL_TOKENS),
        }
    }

    /// Takes the cost of a retry after `kind` and returns it, or returns
    /// `None` when the bucket contains too few tokens to retry.
    pub(crate) fn acquire(&self, kind: RetryKind) -> Option<u32> {
        let cost = match kind {
            RetryKind::Timeout => TIMEOUT_RETRY_COST,
            _ => RETRY_COST,
        };
        self.tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |tokens| {
                tokens.checked_sub(cost)
            })
            .ok()
            .map(|_| cost)
    }

    /// Records a successful call: gives back the cost of its last retry, or
    /// [`NO_RETRY_INCREMENT`] when it needed none, up to the maximum.
    pub(crate) fn release(&self, last_retry_cost: Option<u32>) {
        let amount = last_retry_cost.unwrap_or(NO_RETRY_INCREMENT);
        let _ = self
            .tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |tokens| {
                Some(tokens.saturating_add(amount).min(INITIAL_TOKENS))
            });
    }

    /// Returns the tokens left.
    pub(crate) fn available(&self) -> u32 {
        self.tokens.load(Ordering::Acquire)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_take_their_cost() {
        let quota = RetryQuota::new();

        assert_eq!(quota.acquire(RetryKind::ServerError), Some(RETRY_COST));
        assert_eq!(quota.acquire(RetryKind::Throttling), Some(RETRY_COST));
        assert_eq!(quota.acquire(RetryKind::Timeout), Some(TIMEOUT_RETRY_COST));
        assert_eq!(
            quota.available(),
            INITIAL_TOKENS - 2 * RETRY_COST - TIMEOUT_RETRY_COST
        );
    }

    #[test]
    fn empty_bucket_stops_retries() {
        let quota = RetryQuota::new();
        let retries = (0..1000)
            .take_while(|_| quota.acquire(RetryKind::Transport).is_some())
            .count();

        assert_eq!(retries as u32, INITIAL_TOKENS / RETRY_COST);
        assert_eq!(quota.acquire(RetryKind::Transport), None);
        assert_eq!(quota.available(), 0);
    }

    #[test]
    fn timeout_needs_more_tokens_than_left() {
        let quota = RetryQuota::new();
        while quota.available() > 5 {
            quota.acquire(RetryKind::Transport);
        }

        assert_eq!(quota.acquire(RetryKind::Timeout), None);
        assert_eq!(quota.available(), 5);
        assert_eq!(quota.acquire(RetryKind::Transport), Some(RETRY_COST));
    }

    #[test]
    fn success_refills_up_to_maximum() {
        let quota = RetryQuota::new();
        quota.acquire(RetryKind::Timeout);

        quota.release(Some(TIMEOUT_RETRY_COST));
        assert_eq!(quota.available(), INITIAL_TOKENS);
        quota.release(None);
        assert_eq!(quota.available(), INITIAL_TOKENS);

        quota.acquire(RetryKind::ServerError);
        quota.release(None);
        assert_eq!(
            quota.available(),
            INITIAL_TOKENS - RETRY_COST + NO_RETRY_INCREMENT
        );
    }
}
