//! Retries as the AWS SDKs define standard and adaptive retry modes, and
//! their settings, [`RetryConfig`]. The client keeps the rest inside: which
//! failures to retry (module `classify`), how long to wait between attempts
//! (`backoff`), the retry quota that stops retry storms (`quota`) and the
//! client-side rate limiter of adaptive mode (`adaptive`).

pub(crate) mod adaptive;
pub(crate) mod backoff;
pub(crate) mod classify;
pub(crate) mod quota;

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// How a client retries failed attempts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum RetryMode {
    /// Retries transient errors, throttling and timeouts with exponential
    /// backoff and full jitter, limited by a retry quota that each client
    /// shares across its calls.
    #[default]
    Standard,
    /// Standard mode plus a client-side rate limiter: after throttling
    /// responses, the client delays even first attempts so that it sends no
    /// faster than the service accepts.
    Adaptive,
}

impl RetryMode {
    /// Returns the name that `AWS_RETRY_MODE` and `retry_mode` use.
    pub fn as_str(&self) -> &'static str {
        match self {
            RetryMode::Standard => "standard",
            RetryMode::Adaptive => "adaptive",
        }
    }
}

impl fmt::Display for RetryMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RetryMode {
    type Err = String;

    /// Parses `standard` or `adaptive` in any case. `legacy`, which each AWS
    /// SDK defines its own way, is read as `standard`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.to_ascii_lowercase().as_str() {
            "standard" | "legacy" => Ok(RetryMode::Standard),
            "adaptive" => Ok(RetryMode::Adaptive),
            _ => Err(format!(
                "invalid retry mode {text:?}: expected standard or adaptive"
            )),
        }
    }
}

/// The retry settings of a client: the mode, the maximum number of attempts
/// and the backoff bounds.
///
/// ```
/// use std::time::Duration;
/// use ingot_runtime::retry::{RetryConfig, RetryMode};
///
/// let config = RetryConfig::standard()
///     .with_max_attempts(5)
///     .with_initial_backoff(Duration::from_millis(50));
/// assert_eq!(config.mode(), RetryMode::Standard);
/// assert_eq!(config.max_attempts(), 5);
/// assert_eq!(RetryConfig::disabled().max_attempts(), 1);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryConfig {
    mode: RetryMode,
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
}

impl RetryConfig {
    /// The number of attempts of standard and adaptive mode, the first
    /// included, unless `max_attempts` sets another.
    pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;
    /// The longest wait before a retry.
    pub const DEFAULT_MAX_BACKOFF: Duration = Duration::from_secs(20);
    /// The upper bound of the wait before the first retry, which doubles for
    /// each further retry.
    pub const DEFAULT_INITIAL_BACKOFF: Duration = Duration::from_secs(1);

    /// Returns standard mode with 3 attempts.
    pub fn standard() -> Self {
        Self {
            mode: RetryMode::Standard,
            max_attempts: Self::DEFAULT_MAX_ATTEMPTS,
            initial_backoff: Self::DEFAULT_INITIAL_BACKOFF,
            max_backoff: Self::DEFAULT_MAX_BACKOFF,
        }
    }

    /// Returns adaptive mode with 3 attempts.
    pub fn adaptive() -> Self {
        Self {
            mode: RetryMode::Adaptive,
            ..Self::standard()
        }
    }

    /// Returns standard mode with one attempt, which never retries; useful
    /// in tests that check how a single error response is reported.
    pub fn disabled() -> Self {
        Self::standard().with_max_attempts(1)
    }

    /// Sets the mode.
    pub fn with_mode(mut self, mode: RetryMode) -> Self {
        self.mode = mode;
        self
    }

    /// Sets the maximum number of attempts, the first included. Zero is
    /// read as one.
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts.max(1);
        self
    }

    /// Sets the upper bound of the wait before the first retry.
    pub fn with_initial_backoff(mut self, initial_backoff: Duration) -> Self {
        self.initial_backoff = initial_backoff;
        self
    }

    /// Sets the longest wait before a retry.
    pub fn with_max_backoff(mut self, max_backoff: Duration) -> Self {
        self.max_backoff = max_backoff;
        self
    }

    /// Returns the mode.
    pub fn mode(&self) -> RetryMode {
        self.mode
    }

    /// Returns the maximum number of attempts, the first included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Returns the upper bound of the wait before the first retry.
    pub fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// Returns the longest wait before a retry.
    pub fn max_backoff(&self) -> Duration {
        self.max_backoff
    }
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self::standard()
    }
}
