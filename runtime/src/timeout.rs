//! Timeouts of a client: for connecting, for each attempt and for a whole
//! operation. A timeout fails with [`ErrorKind::Timeout`](crate::ErrorKind::Timeout).
//! Connect and attempt timeouts are retried, but an operation timeout ends
//! the call.

use std::time::Duration;

/// The timeouts of a client. Set them with
/// [`ConfigBuilder::timeouts`](crate::ConfigBuilder::timeouts).
///
/// ```
/// use std::time::Duration;
/// use ingot_runtime::timeout::Timeouts;
///
/// let timeouts = Timeouts::default()
///     .with_attempt(Some(Duration::from_secs(5)))
///     .with_operation(Some(Duration::from_secs(20)));
/// assert_eq!(timeouts.connect(), Some(Timeouts::DEFAULT_CONNECT));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    connect: Option<Duration>,
    attempt: Option<Duration>,
    operation: Option<Duration>,
}

impl Timeouts {
    /// The default connect timeout. A TCP connect to a reachable endpoint
    /// takes milliseconds; 3.1 s lets the kernel retransmit a lost SYN
    /// twice (after 1 s and 2 s on Linux) and still fails fast enough for
    /// a retry to reach another address.
    pub const DEFAULT_CONNECT: Duration = Duration::from_millis(3100);

    /// Returns timeouts with none set, not even for connecting.
    pub fn none() -> Self {
        Self {
            connect: None,
            attempt: None,
            operation: None,
        }
    }

    /// Sets the limit on establishing a TCP connection (and, for `https`,
    /// before the TLS handshake), or `None` for no limit.
    pub fn with_connect(mut self, timeout: Option<Duration>) -> Self {
        self.connect = timeout;
        self
    }

    /// Sets the limit on one attempt, from sending the request to reading
    /// the whole response, or `None` for no limit.
    pub fn with_attempt(mut self, timeout: Option<Duration>) -> Self {
        self.attempt = timeout;
        self
    }

    /// Sets the limit on a whole operation, every attempt and the waits
    /// between them included, or `None` for no limit.
    pub fn with_operation(mut self, timeout: Option<Duration>) -> Self {
        self.operation = timeout;
        self
    }

    /// Returns the connect timeout.
    pub fn connect(&self) -> Option<Duration> {
        self.connect
    }

    /// Returns the timeout of one attempt.
    pub fn attempt(&self) -> Option<Duration> {
        self.attempt
    }

    /// Returns the timeout of a whole operation.
    pub fn operation(&self) -> Option<Duration> {
        self.operation
    }
}

impl Default for Timeouts {
    /// Returns [`Timeouts::DEFAULT_CONNECT`] for connecting and no limit on
    /// attempts or operations, because some operations legitimately take
    /// minutes.
    fn default() -> Self {
        Self::none().with_connect(Some(Self::DEFAULT_CONNECT))
    }
}
