//! The verdict on an attempt's outcome: whether another attempt is worth
//! it.
//!
//! Retried: modeled `@retryable` errors of the operation, the throttling
//! error codes of [`THROTTLING_ERROR_CODES`] and HTTP 429, the transient
//! statuses 500, 502, 503 and 504, transport failures and timeouts. Never
//! retried: every other 4xx response, success, and failures that another
//! attempt cannot fix, such as missing configuration or a response that is
//! not valid HTTP. Clock skew errors are reported apart, because the client
//! corrects its clock before it retries them.

use crate::error::{Error, ErrorKind};
use crate::message::Response;
use crate::service::OperationInfo;

/// Error codes that mean the caller sent too many requests, from every AWS
/// service, whether or not a model marks them `@retryable`.
pub(crate) const THROTTLING_ERROR_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// HTTP statuses of failures on the server side that usually pass.
const TRANSIENT_STATUSES: &[u16] = &[500, 502, 503, 504];

/// Error codes with which services reject a signature whose time is too far
/// from their clock. Other causes share some of these codes, so the client
/// also checks the `Date` header before it treats one as clock skew.
const CLOCK_SKEW_ERROR_CODES: &[&str] = &[
    "RequestTimeTooSkewed",
    "RequestExpired",
    "RequestInTheFuture",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "AuthFailure",
];

/// The verdict on an attempt's outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// A 2xx response.
    Success,
    /// An outcome that another attempt would not change.
    Final,
    /// A failure that another attempt may not meet.
    Retry(RetryKind),
    /// A rejected signature, which another attempt may fix once the client
    /// corrects its clock.
    ClockSkew,
}

/// The reason an attempt is worth retrying.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RetryKind {
    /// The service throttled the request.
    Throttling,
    /// A 5xx status or a modeled `@retryable` error.
    ServerError,
    /// A connection that failed or broke.
    Transport,
    /// Connecting or the attempt timed out.
    Timeout,
}

impl RetryKind {
    /// Returns a short reason for logs.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            RetryKind::Throttling => "throttling",
            RetryKind::ServerError => "server error",
            RetryKind::Transport => "transport failure",
            RetryKind::Timeout => "timeout",
        }
    }
}

/// Returns the verdict on a response. `code` is the response's bare error
/// code, when it has one.
pub(crate) fn classify_response(
    response: &Response,
    code: Option<&str>,
    operation: &OperationInfo,
) -> Verdict {
    if response.is_success() {
        return Verdict::Success;
    }
    let status = response.status();

    if let Some(code) = code {
        if operation.is_throttling_error(code) || THROTTLING_ERROR_CODES.contains(&code) {
            return Verdict::Retry(RetryKind::Throttling);
        }
        if operation.is_retryable_error(code) {
            return Verdict::Retry(RetryKind::ServerError);
        }
        if CLOCK_SKEW_ERROR_CODES.contains(&code) {
            return Verdict::ClockSkew;
        }
    }
    if status == 429 {
        return Verdict::Retry(RetryKind::Throttling);
    }
    if TRANSIENT_STATUSES.contains(&status) {
        return Verdict::Retry(RetryKind::ServerError);
    }
    Verdict::Final
}

/// Returns the verdict on a failure without a response.
pub(crate) fn classify_error(error: &Error) -> Verdict {
    match error.kind() {
        ErrorKind::Transport => Verdict::Retry(RetryKind::Transport),
        ErrorKind::Timeout => Verdict::Retry(RetryKind::Timeout),
        _ => Verdict::Final,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use http::HeaderMap;

    static OPERATION: OperationInfo = OperationInfo::new("Op")
        .with_retryable_errors(&["InternalServerException", "Busy"])
        .with_throttling_errors(&["Busy"]);

    fn verdict(status: u16, code: Option<&str>) -> Verdict {
        let response = Response::new(status, HeaderMap::new(), Bytes::new());
        classify_response(&response, code, &OPERATION)
    }

    #[test]
    fn success_is_success() {
        assert_eq!(verdict(200, None), Verdict::Success);
        assert_eq!(verdict(204, None), Verdict::Success);
    }

    #[test]
    fn transient_statuses_are_retried() {
        for status in [500, 502, 503, 504] {
            assert_eq!(
                verdict(status, None),
                Verdict::Retry(RetryKind::ServerError),
                "{status}"
            );
        }
        assert_eq!(verdict(501, None), Verdict::Final);
    }

    #[test]
    fn every_throttling_code_is_retried() {
        for code in THROTTLING_ERROR_CODES {
            assert_eq!(
                verdict(400, Some(code)),
                Verdict::Retry(RetryKind::Throttling),
                "{code}"
            );
        }
        assert_eq!(verdict(429, None), Verdict::Retry(RetryKind::Throttling));
    }

    #[test]
    fn modeled_retryable_codes_are_retried() {
        assert_eq!(
            verdict(400, Some("Busy")),
            Verdict::Retry(RetryKind::Throttling)
        );
        assert_eq!(
            verdict(400, Some("InternalServerException")),
            Verdict::Retry(RetryKind::ServerError)
        );
    }

    #[test]
    fn other_client_errors_are_final() {
        for (status, code) in [
            (400, Some("ValidationException")),
            (403, Some("AccessDeniedException")),
            (404, Some("ResourceNotFoundException")),
            (409, None),
            (413, None),
        ] {
            assert_eq!(verdict(status, code), Verdict::Final, "{status} {code:?}");
        }
    }

    #[test]
    fn signature_time_errors_are_clock_skew() {
        assert_eq!(
            verdict(403, Some("InvalidSignatureException")),
            Verdict::ClockSkew
        );
        assert_eq!(
            verdict(400, Some("RequestTimeTooSkewed")),
            Verdict::ClockSkew
        );
    }

    #[test]
    fn errors_retried_by_kind() {
        let verdict = |kind| classify_error(&Error::new(kind, "x"));
        assert_eq!(
            verdict(ErrorKind::Transport),
            Verdict::Retry(RetryKind::Transport)
        );
        assert_eq!(
            verdict(ErrorKind::Timeout),
            Verdict::Retry(RetryKind::Timeout)
        );
        for kind in [
            ErrorKind::Config,
            ErrorKind::InvalidInput,
            ErrorKind::Signing,
            ErrorKind::InvalidResponse,
            ErrorKind::Credentials,
        ] {
            assert_eq!(verdict(kind), Verdict::Final, "{kind:?}");
        }
    }
}
