//! Waiters for operations with the `smithy.waiters#waitable` trait. A
//! waiter sends the operation until an acceptor reports that the resource
//! reached the expected state or a state it cannot leave, or until the
//! caller's maximum wait time runs out.
//!
//! Generated crates keep each waiter's acceptors in a `static` [`Waiter`]
//! and call [`wait`] with a closure that sends one request. The loop, the
//! acceptors and the delays live here once.

mod acceptor;
mod backoff;

use std::fmt;
use std::future::Future;
use std::time::Duration;

use serde_json::Value;

pub use acceptor::{Acceptor, AcceptorState, Matcher, PathComparator, PathMatcher};

use crate::{Error, ErrorKind};
use acceptor::Attempt;
use backoff::Backoff;

/// One waiter of the model: its name, acceptors and delays.
#[derive(Clone, Copy, Debug)]
pub struct Waiter {
    /// The waiter's name in the model, such as `TableExists`.
    pub name: &'static str,
    /// The acceptors, checked in order after each attempt.
    pub acceptors: &'static [Acceptor],
    /// The model's minimum delay between attempts (2 s unless it sets one).
    pub min_delay: Duration,
    /// The model's maximum delay between attempts (120 s unless it sets
    /// one).
    pub max_delay: Duration,
}

/// How long the caller waits, and the delays when they differ from the
/// model's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WaitOptions {
    max_wait: Duration,
    min_delay: Option<Duration>,
    max_delay: Option<Duration>,
}

impl WaitOptions {
    /// Creates options that give up after `max_wait`, counted from the
    /// first request.
    pub fn new(max_wait: Duration) -> Self {
        Self {
            max_wait,
            min_delay: None,
            max_delay: None,
        }
    }

    /// Sets the minimum delay between attempts in place of the model's.
    pub fn min_delay(mut self, delay: Option<Duration>) -> Self {
        self.min_delay = delay;
        self
    }

    /// Sets the maximum delay between attempts in place of the model's.
    pub fn max_delay(mut self, delay: Option<Duration>) -> Self {
        self.max_delay = delay;
        self
    }
}

/// The attempt that moved the waiter to its success state.
#[derive(Debug)]
pub struct Waited<O, E> {
    result: Result<O, E>,
    attempts: u32,
}

impl<O, E> Waited<O, E> {
    /// Returns the result of the last attempt: the output, or the error
    /// that a waiter such as `TableNotExists` waits for.
    pub fn result(&self) -> &Result<O, E> {
        &self.result
    }

    /// Returns the result of the last attempt.
    pub fn into_result(self) -> Result<O, E> {
        self.result
    }

    /// Returns the number of requests sent, 1 when the first one
    /// succeeded.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
}

/// The reason a waiter stopped without reaching its success state.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaiterError<O, E> {
    /// An acceptor with the failure state matched: the resource is in a
    /// state from which it will not reach the expected one.
    FailureState {
        waiter: &'static str,
        attempts: u32,
        result: Result<O, E>,
    },
    /// The operation failed with an error that no acceptor expects.
    Operation {
        waiter: &'static str,
        attempts: u32,
        error: E,
    },
    /// The maximum wait time passed before any acceptor moved the waiter
    /// to success or failure.
    TimedOut {
        waiter: &'static str,
        attempts: u32,
        max_wait: Duration,
        last: Result<O, E>,
    },
    /// The options are invalid, or a path of the model cannot be parsed
    /// or evaluated.
    Invalid(Error),
}

impl<O, E: fmt::Display> fmt::Display for WaiterError<O, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::FailureState { waiter, attempts, .. } => {
                write!(f, "waiter {waiter} reached a failure state after {attempts} attempts")
            }
            Self::Operation { waiter, attempts, error } => {
                write!(f, "waiter {waiter} stopped at attempt {attempts} on an unexpected error: {error}")
            }
            Self::TimedOut { waiter, attempts, max_wait, .. } => write!(
                f,
                "waiter {waiter} timed out: no final state within the maximum wait time of {max_wait:?} ({attempts} attempts); raise it if the resource needs longer"
            ),
            Self::Invalid(error) => fmt::Display::fmt(error, f),
        }
    }
}

impl<O: fmt::Debug, E: std::error::Error + 'static> std::error::Error for WaiterError<O, E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Operation { error, .. } => Some(error),
            Self::Invalid(error) => Some(error),
            _ => None,
        }
    }
}

/// The functions a waiter reads one operation's results with.
#[derive(Clone, Copy, Debug)]
pub struct Inspect<O, E> {
    /// Returns the error code of an error response, such as
    /// `ResourceNotFoundException`.
    pub error_code: fn(&E) -> Option<&str>,
    /// Converts the output for `output` and `inputOutput` paths.
    pub output: fn(&O) -> Value,
}

/// Sends requests with `send` until an acceptor of `waiter` moves to
/// success or failure, or `options`' maximum wait time passes. `input` is
/// the operation input for `inputOutput` paths.
///
/// # Errors
///
/// Returns [`WaiterError`] for a failure state, an error no acceptor
/// matches, the maximum wait time, and invalid options or paths.
pub async fn wait<O, E, F, Fut>(
    waiter: &Waiter,
    options: &WaitOptions,
    input: Option<Value>,
    inspect: Inspect<O, E>,
    mut send: F,
) -> Result<Waited<O, E>, WaiterError<O, E>>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<O, E>>,
{
    let backoff = backoff_for(waiter, options)?;
    let expressions = waiter
        .acceptors
        .iter()
        .map(Acceptor::parse_path)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| invalid(format!("waiter {}: {e}", waiter.name)))?;
    let needs_output = expressions.iter().any(Option::is_some);
    let start = tokio::time::Instant::now();
    let mut attempts = 0;
    // Set when the backoff has scheduled the last retry before the deadline.
    let mut last_retry = false;

    loop {
        attempts += 1;
        let result = send().await;

        let attempt = Attempt {
            succeeded: result.is_ok(),
            error_code: result.as_ref().err().and_then(inspect.error_code),
            output: match &result {
                Ok(output) if needs_output => Some((inspect.output)(output)),
                _ => None,
            },
            input: input.as_ref(),
        };
        let mut state = None;
        for (acceptor, expression) in waiter.acceptors.iter().zip(&expressions) {
            let matched = acceptor
                .matches(expression.as_ref(), &attempt)
                .map_err(|e| invalid(format!("waiter {}: {e}", waiter.name)))?;
            if matched {
                state = Some(acceptor.state);
                break;
            }
        }
        tracing::debug!(waiter = waiter.name, attempts, state = ?state, "waiter attempt done");

        let result = match (state, result) {
            (Some(AcceptorState::Success), result) => return Ok(Waited { result, attempts }),
            (Some(AcceptorState::Failure), result) => {
                return Err(WaiterError::FailureState {
                    waiter: waiter.name,
                    attempts,
                    result,
                });
            }
            // An error that no acceptor expects ends the wait.
            (None, Err(error)) => {
                return Err(WaiterError::Operation {
                    waiter: waiter.name,
                    attempts,
                    error,
                })
            }
            (_, result) => result,
        };

        // Only a retry state times out: the acceptors of the last attempt
        // count even when it ended after the deadline.
        let remaining = options
            .max_wait
            .checked_sub(start.elapsed())
            .filter(|remaining| !remaining.is_zero());
        let Some(remaining) = remaining.filter(|_| !last_retry) else {
            return Err(WaiterError::TimedOut {
                waiter: waiter.name,
                attempts,
                max_wait: options.max_wait,
                last: result,
            });
        };
        let (delay, last) = backoff.delay(attempts, remaining);
        last_retry = last;
        tracing::debug!(
            waiter = waiter.name,
            attempts,
            delay_ms = delay.as_millis() as u64,
            "waiter retrying"
        );
        tokio::time::sleep(delay).await;
    }
}

/// Returns the backoff of `waiter` with the caller's delays, checking
/// that they make sense together.
fn backoff_for<O, E>(waiter: &Waiter, options: &WaitOptions) -> Result<Backoff, WaiterError<O, E>> {
    let min_delay = options.min_delay.unwrap_or(waiter.min_delay);
    let max_delay = options.max_delay.unwrap_or(waiter.max_delay);
    if options.max_wait.is_zero() {
        return Err(invalid(format!(
            "waiter {}: the maximum wait time is zero; set how long to wait",
            waiter.name
        )));
    }
    if min_delay.is_zero() {
        return Err(invalid(format!(
            "waiter {}: the minimum delay is zero; set a positive delay",
            waiter.name
        )));
    }
    if min_delay > max_delay {
        return Err(invalid(format!(
            "waiter {}: the minimum delay {min_delay:?} is greater than the maximum delay {max_delay:?}; set both so that minimum <= maximum",
            waiter.name
        )));
    }
    Ok(Backoff::new(min_delay, max_delay))
}

fn invalid<O, E>(message: String) -> WaiterError<O, E> {
    WaiterError::Invalid(Error::new(ErrorKind::InvalidInput, message))
}

#[cfg(test)]
mod tests;
