//! Errors of the runtime: one opaque [`Error`] with a [`ErrorKind`] that
//! callers can match on, and [`ErrorMetadata`], the status, code, message
//! and request id of a service's error response.

use std::error::Error as StdError;
use std::fmt;

type BoxError = Box<dyn StdError + Send + Sync + 'static>;

/// The coarse category of a failure, so that callers can decide what to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Configuration is missing or invalid: region, credentials, endpoint,
    /// or the shared config and credentials files.
    Config,
    /// The input cannot be turned into a request, for example an empty
    /// HTTP label or a header value with a line break.
    InvalidInput,
    /// The request could not be signed.
    Signing,
    /// Connecting, sending or receiving failed below HTTP.
    Transport,
    /// Connecting, one attempt or the whole operation took longer than the
    /// configured timeout.
    Timeout,
    /// A credentials source that is configured failed to return
    /// credentials: the instance metadata service, the container
    /// endpoint, a `credential_process` command or an STS call.
    Credentials,
    /// The service sent a response that cannot be read as the model
    /// describes it.
    InvalidResponse,
}

/// A failure that is not an error response modeled by the service.
pub struct Error {
    kind: ErrorKind,
    message: String,
    source: Option<BoxError>,
}

impl Error {
    /// Creates an error of `kind` with a short, lower-case `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            source: None,
        }
    }

    /// Attaches the lower-level error that caused this one.
    pub fn with_source(mut self, source: impl Into<BoxError>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// Returns the kind of failure.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// Returns the message without the source chain.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Adds `suffix` to the message, such as ` (after 3 attempts)`.
    pub(crate) fn with_message_suffix(mut self, suffix: &str) -> Self {
        self.message.push_str(suffix);
        self
    }

    /// Returns whether sending the same request again may succeed: true
    /// for transport failures and timeouts, false for everything else.
    pub fn is_retryable(&self) -> bool {
        matches!(self.kind, ErrorKind::Transport | ErrorKind::Timeout)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.kind)
            .field("message", &self.message)
            .field("source", &self.source)
            .finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn StdError + 'static))
    }
}

/// The metadata of an error response: the HTTP status, the error code (bare,
/// without namespace), the message and the request id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ErrorMetadata {
    status: u16,
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
}

impl ErrorMetadata {
    /// Creates metadata for a response with `status`.
    pub fn new(status: u16) -> Self {
        Self {
            status,
            ..Self::default()
        }
    }

    /// Sets the error code.
    pub fn with_code(mut self, code: Option<String>) -> Self {
        self.code = code;
        self
    }

    /// Sets the message.
    pub fn with_message(mut self, message: Option<String>) -> Self {
        self.message = message;
        self
    }

    /// Sets the request id.
    pub fn with_request_id(mut self, request_id: Option<String>) -> Self {
        self.request_id = request_id;
        self
    }

    /// Returns the HTTP status code of the response.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Returns the error code, such as `ThrottlingException`.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// Returns the human-readable message of the error.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// Returns the id that AWS support needs to trace the request.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

impl fmt::Display for ErrorMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code().unwrap_or("unknown error"))?;
        write!(f, " (HTTP {})", self.status)?;
        if let Some(message) = self.message() {
            write!(f, ": {message}")?;
        }
        if let Some(request_id) = self.request_id() {
            write!(f, " [request id: {request_id}]")?;
        }
        Ok(())
    }
}

impl StdError for ErrorMetadata {}

impl From<crate::json::ReadError> for Error {
    fn from(error: crate::json::ReadError) -> Self {
        Error::new(ErrorKind::InvalidResponse, error.to_string())
    }
}

/// A generated error structure, which carries the metadata of the response
/// it was read from.
pub trait ModeledError: Sized {
    /// Attaches the response's status, code, message and request id.
    fn with_metadata(self, metadata: ErrorMetadata) -> Self;
}
