//! The parts of the AWS restJson1 protocol that are the same for every
//! operation: encoding URI labels and reading error responses.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::error::{Error, ErrorKind, ErrorMetadata, ModeledError};
use crate::json::{self, Value};
use crate::message::Response;

/// Characters that stay as they are in a label: RFC 3986's unreserved set.
/// Everything else, including `/`, is percent-encoded, so a label can never
/// change the path.
const LABEL: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes the value of label `name` for the request path.
///
/// # Errors
///
/// Fails with [`ErrorKind::InvalidInput`] when the value is missing or empty,
/// because the path would then address a different resource.
pub fn label(name: &str, value: Option<&str>) -> Result<String, Error> {
    match value {
        // `.` and `..` are unreserved, but as a whole segment they would
        // address another path once a server or signer removes dot segments.
        Some(".") => Ok("%2E".to_string()),
        Some("..") => Ok("%2E%2E".to_string()),
        Some(value) if !value.is_empty() => Ok(utf8_percent_encode(value, LABEL).to_string()),
        _ => Err(Error::new(
            ErrorKind::InvalidInput,
            format!("missing value for `{name}`: it is part of the request path and must not be empty"),
        )),
    }
}

/// Reads the error code, message and request id of an error response.
///
/// The code comes from the `X-Amzn-Errortype` header, else from the body's
/// `__type` or `code`, reduced to the bare name: services may send
/// `aws.protocoltests#Name:http://...`, and only `Name` identifies the error.
pub fn error_metadata(response: &Response, body: &Value) -> ErrorMetadata {
    let object = body.as_object();
    let body_text = |key: &str| {
        object
            .and_then(|o| o.get(key))
            .and_then(Value::as_str)
            .map(str::to_string)
    };

    let code = response
        .header("x-amzn-errortype")
        .map(str::to_string)
        .or_else(|| body_text("__type"))
        .or_else(|| body_text("code"))
        .map(|code| bare_error_code(&code).to_string())
        .filter(|code| !code.is_empty());
    let message = body_text("message")
        .or_else(|| body_text("Message"))
        .or_else(|| body_text("errorMessage"));
    let request_id = response
        .header("x-amzn-requestid")
        .or_else(|| response.header("x-amz-request-id"))
        .map(str::to_string);

    ErrorMetadata::new(response.status())
        .with_code(code)
        .with_message(message)
        .with_request_id(request_id)
}

/// Parses the body of an error response, reading anything that is not a
/// JSON object (an HTML page from a proxy, a truncated body) as empty, so
/// that the status and headers still describe the error.
pub fn error_body(response: &Response) -> Value {
    match json::parse(response.body()) {
        Ok(value @ Value::Object(_)) => value,
        _ => Value::Object(json::Map::new()),
    }
}

/// Reads the body of a successful response of `operation` as `T`.
///
/// # Errors
///
/// Fails with [`ErrorKind::InvalidResponse`] naming the operation and the
/// path of the bad value when the body is not the JSON the model describes.
pub fn read_output<T: json::ReadJson>(response: &Response, operation: &str) -> Result<T, Error> {
    json::parse(response.body())
        .and_then(|value| T::read_json(&value))
        .map_err(|e| {
            Error::new(
                ErrorKind::InvalidResponse,
                format!("invalid {operation} response (HTTP {}): {e}", response.status()),
            )
        })
}

/// Reads modeled error `T` from an error body and wraps it with `variant`.
/// A body that does not match the error's members gives `unmodeled`, so the
/// caller still sees the status, code and request id.
pub fn modeled_error<T: ModeledError, E>(
    body: &Value,
    metadata: ErrorMetadata,
    variant: impl FnOnce(T) -> E,
    unmodeled: impl FnOnce(ErrorMetadata) -> E,
) -> E {
    match T::read_json(body) {
        Ok(error) => variant(error.with_metadata(metadata)),
        Err(_) => unmodeled(metadata),
    }
}

/// Drops a `namespace#` prefix and a `:suffix` from an error code.
pub fn bare_error_code(code: &str) -> &str {
    let code = code.split(':').next().unwrap_or(code);
    match code.rsplit_once('#') {
        Some((_, name)) => name,
        None => code,
    }
    .trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_encodes_reserved_characters() {
        let encoded = label("name", Some("a b/ä%?#..")).unwrap();
        assert_eq!(encoded, "a%20b%2F%C3%A4%25%3F%23..");
    }

    #[test]
    fn dot_segments_are_encoded() {
        assert_eq!(label("name", Some(".")).unwrap(), "%2E");
        assert_eq!(label("name", Some("..")).unwrap(), "%2E%2E");
        assert_eq!(label("name", Some("a..b")).unwrap(), "a..b");
    }

    #[test]
    fn empty_label_is_rejected() {
        let error = label("workflowName", Some("")).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidInput);
        assert!(error.to_string().contains("workflowName"), "{error}");
    }

    #[test]
    fn error_codes_are_reduced_to_bare_names() {
        assert_eq!(bare_error_code("FooError"), "FooError");
        assert_eq!(bare_error_code("aws.protocoltests.restjson#FooError"), "FooError");
        assert_eq!(bare_error_code("FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/"), "FooError");
        assert_eq!(
            bare_error_code("aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/"),
            "FooError"
        );
    }
}
