//! Helpers that the network credentials sources share: one request with a
//! timeout, and the JSON credentials document that the container endpoint,
//! the instance metadata service and `credential_process` return.

use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

use bytes::Bytes;

use super::Credentials;
use crate::date_time::{DateTime, TimestampFormat};
use crate::error::{Error, ErrorKind};
use crate::json::Value;
use crate::message::Response;
use crate::transport::Transport;

/// Sends requests to a credentials endpoint, failing each one that takes
/// longer than `timeout`.
#[derive(Clone, Debug)]
pub(crate) struct Fetcher {
    /// Created on the first request, because a chain builds providers that
    /// it may never ask.
    transport: OnceLock<Transport>,
    timeout: Duration,
}

impl Fetcher {
    pub(crate) fn new(timeout: Duration) -> Self {
        Self {
            transport: OnceLock::new(),
            timeout,
        }
    }

    /// Sends `request` and returns the response, whatever its status.
    /// `source` names the endpoint in errors, such as `the instance
    /// metadata service`.
    pub(crate) async fn send(
        &self,
        request: http::Request<Bytes>,
        source: &str,
    ) -> Result<Response, Error> {
        let url = request.uri().to_string();
        let transport = self
            .transport
            .get_or_init(|| Transport::with_connect_timeout(Some(self.timeout)));
        let sent = tokio::time::timeout(self.timeout, transport.send(request)).await;
        match sent {
            Ok(Ok(response)) => Ok(response),
            Ok(Err(error)) => Err(Error::new(
                ErrorKind::Credentials,
                format!("failed to reach {source} at {url}: {}", error.message()),
            )
            .with_source(error)),
            Err(_) => Err(Error::new(
                ErrorKind::Credentials,
                format!(
                    "{source} at {url} did not respond within {} ms",
                    self.timeout.as_millis()
                ),
            )),
        }
    }
}

/// The member names of a JSON credentials document, which differ between
/// sources only in the name of the session token.
pub(crate) struct Fields {
    pub(crate) session_token: &'static str,
}

/// Reads credentials from a JSON document with `AccessKeyId`,
/// `SecretAccessKey`, the session token and an optional RFC 3339
/// `Expiration`. `source` names where the document came from.
pub(crate) fn parse_credentials(
    body: &[u8],
    fields: Fields,
    source: &str,
) -> Result<Credentials, Error> {
    let invalid = |reason: String| {
        Error::new(
            ErrorKind::Credentials,
            format!("invalid credentials from {source}: {reason}"),
        )
    };

    let value =
        crate::json::parse(body).map_err(|e| invalid(format!("the response is not JSON ({e})")))?;
    let Value::Object(object) = value else {
        return Err(invalid("the response is not a JSON object".to_owned()));
    };

    let text = |name: &str| -> Result<Option<&str>, Error> {
        match object.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) => Ok(Some(text)),
            Some(_) => Err(invalid(format!("`{name}` is not a string"))),
        }
    };
    let required = |name: &str| -> Result<&str, Error> {
        text(name)?
            .filter(|value| !value.is_empty())
            .ok_or_else(|| invalid(format!("`{name}` is missing")))
    };

    let access_key_id = required("AccessKeyId")?;
    let secret_access_key = required("SecretAccessKey")?;
    let session_token = text(fields.session_token)?.map(str::to_owned);
    let expiry = match text("Expiration")? {
        None => None,
        Some(expiration) => Some(parse_expiration(expiration).map_err(invalid)?),
    };
    Ok(Credentials::new(access_key_id, secret_access_key, session_token).with_expiry(expiry))
}

/// Parses an RFC 3339 expiry time, such as `2024-05-01T12:00:00Z`.
pub(crate) fn parse_expiration(text: &str) -> Result<SystemTime, String> {
    let time = DateTime::parse(text, TimestampFormat::DateTime)
        .map_err(|e| format!("invalid `Expiration` ({e})"))?;
    SystemTime::try_from(time).map_err(|e| format!("invalid `Expiration` ({e})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: Fields = Fields {
        session_token: "Token",
    };

    #[test]
    fn full_document_parsed() {
        let body = br#"{"Code":"Success","AccessKeyId":"AKID","SecretAccessKey":"s","Token":"t","Expiration":"2030-01-01T00:00:00Z"}"#;
        let credentials = parse_credentials(body, TOKEN, "a test").unwrap();

        assert_eq!(credentials.access_key_id(), "AKID");
        assert_eq!(credentials.secret_access_key(), "s");
        assert_eq!(credentials.session_token(), Some("t"));
        let expiry = credentials.expiry().expect("an expiry");
        assert_eq!(DateTime::from(expiry).secs(), 1_893_456_000);
    }

    #[test]
    fn missing_members_named() {
        let error = parse_credentials(br#"{"AccessKeyId":"AKID"}"#, TOKEN, "a test").unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Credentials);
        assert_eq!(
            error.message(),
            "invalid credentials from a test: `SecretAccessKey` is missing"
        );
    }

    #[test]
    fn malformed_documents_rejected() {
        for (body, reason) in [
            (&b"<html>"[..], "not JSON"),
            (b"[1]", "not a JSON object"),
            (
                br#"{"AccessKeyId":1,"SecretAccessKey":"s"}"#,
                "`AccessKeyId` is not a string",
            ),
            (
                br#"{"AccessKeyId":"a","SecretAccessKey":"s","Expiration":"soon"}"#,
                "invalid `Expiration`",
            ),
        ] {
            let error = parse_credentials(body, TOKEN, "a test").unwrap_err();
            assert!(error.message().contains(reason), "{error}");
        }
    }

    #[test]
    fn secret_not_in_errors() {
        let body = br#"{"AccessKeyId":"a","SecretAccessKey":"very-secret","Expiration":"soon"}"#;
        let error = parse_credentials(body, TOKEN, "a test").unwrap_err();
        assert!(!format!("{error:?}").contains("very-secret"), "{error:?}");
    }
}
