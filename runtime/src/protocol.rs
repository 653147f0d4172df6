//! Response handling shared by the JSON protocols (restJson1, awsJson1_0,
//! awsJson1_1): the error code, message and request id of an error
//! response, modeled errors, payload bodies and host labels.

use crate::error::{Error, ErrorKind, ErrorMetadata, ModeledError};
use crate::json::{self, ReadJson, Value};
use crate::message::Response;
use crate::Blob;

/// Reads the error code, message and request id of an error response.
///
/// The code comes from the `X-Amzn-Errortype` header, else from the body's
/// `code` or `__type`, reduced to the bare name: services may send
/// `aws.protocoltests#Name:http://...`, and only `Name` identifies the error.
/// A body that is not a JSON object (an HTML page from a proxy, a truncated
/// body) leaves the code and message to the headers.
pub fn error_metadata(response: &Response) -> ErrorMetadata {
    let body = error_body(response);
    let body_text = |key: &str| body.get(key).and_then(Value::as_str).map(str::to_string);

    let code = response
        .header("x-amzn-errortype")
        .map(str::to_string)
        .or_else(|| body_text("code"))
        .or_else(|| body_text("__type"))
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
/// JSON object (an HTML page from a proxy, a truncated body) as `{}`, so
/// that the status and headers still identify the error.
pub fn error_body(response: &Response) -> Value {
    match json::parse(response.body()) {
        Ok(value @ Value::Object(_)) => value,
        _ => Value::Object(json::Map::new()),
    }
}

/// Reads modeled error `T` from the JSON body of an error response, which
/// [`error_body`] parses.
///
/// # Errors
///
/// Fails with [`ErrorKind::InvalidResponse`] when a member has the wrong
/// type.
pub fn read_error<T: ReadJson>(response: &Response) -> Result<T, Error> {
    Ok(T::read_json(&error_body(response))?)
}

/// Checks the value of host label `name`, which goes into the request's
/// host name: it must be one or more DNS labels of letters, digits and `-`.
///
/// # Errors
///
/// Fails with [`ErrorKind::InvalidInput`] when the value is missing, empty
/// or not a valid host name part, because it would send the request to
/// another host.
pub fn host_label<'a>(name: &str, value: Option<&'a str>) -> Result<&'a str, Error> {
    let value = value.unwrap_or_default();
    let valid = !value.is_empty()
        && value.split('.').all(|label| {
            (1..=63).contains(&label.len())
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
        });
    if valid {
        return Ok(value);
    }
    Err(Error::new(
        ErrorKind::InvalidInput,
        format!("invalid value {value:?} for `{name}`: it is part of the host name, so it must be letters, digits and `-`"),
    ))
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

/// Wraps modeled error `parsed`, read from the response, with `variant`. An
/// error response whose body does not match the error's members gives
/// `unmodeled`, so the caller still sees the status, code and request id.
pub fn modeled_error<T: ModeledError, E>(
    parsed: Result<T, Error>,
    metadata: ErrorMetadata,
    variant: impl FnOnce(T) -> E,
    unmodeled: impl FnOnce(ErrorMetadata) -> E,
) -> E {
    match parsed {
        Ok(error) => variant(error.with_metadata(metadata)),
        Err(_) => unmodeled(metadata),
    }
}

/// Returns the error for a successful response of `operation` whose output
/// cannot be read, naming the operation, the status and what was wrong.
pub fn invalid_response(operation: &str, response: &Response, error: Error) -> Error {
    Error::new(
        ErrorKind::InvalidResponse,
        format!("invalid {operation} response (HTTP {}): {}", response.status(), error.message()),
    )
    .with_source(error)
}

/// Reads the JSON body of a response as `T`, an empty body as `{}`.
///
/// # Errors
///
/// Fails with [`ErrorKind::InvalidResponse`] naming the path of the bad
/// value when the body is not the JSON that `T` expects.
pub fn read_body<T: ReadJson>(response: &Response) -> Result<T, Error> {
    let value = json::parse(response.body())?;
    Ok(T::read_json(&value)?)
}

/// Returns the body of a response whose output is a blob payload, or `None`
/// when the body is empty.
pub fn read_blob_payload(response: &Response) -> Option<Blob> {
    let body = response.body();
    (!body.is_empty()).then(|| Blob::from(body.to_vec()))
}

/// Returns the body of a response whose output is a text payload, or `None`
/// when the body is empty.
///
/// # Errors
///
/// Fails with [`ErrorKind::InvalidResponse`] when the body is not UTF-8.
pub fn read_text_payload(response: &Response) -> Result<Option<String>, Error> {
    let body = response.body();
    if body.is_empty() {
        return Ok(None);
    }
    String::from_utf8(body.to_vec())
        .map(Some)
        .map_err(|_| Error::new(ErrorKind::InvalidResponse, "the response body is not UTF-8 text"))
}

/// Parses the body of a response whose output is a structure, union or
/// document payload, or returns `None` when the body is empty.
///
/// # Errors
///
/// Fails with [`ErrorKind::InvalidResponse`] when the body is not JSON.
pub fn read_json_payload(response: &Response) -> Result<Option<Value>, Error> {
    let body = response.body();
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    Ok(Some(json::parse(body)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use http::HeaderMap;

    fn response(status: u16, headers: &[(&'static str, &str)], body: &str) -> Response {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.insert(*name, value.parse().unwrap());
        }
        Response::new(status, map, Bytes::from(body.to_string()))
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

    #[test]
    fn header_code_wins_over_body() {
        let metadata = error_metadata(&response(400, &[("x-amzn-errortype", "HeaderError")], r#"{"__type":"BodyError"}"#));
        assert_eq!(metadata.code(), Some("HeaderError"));
    }

    #[test]
    fn code_field_wins_over_type_field() {
        let metadata = error_metadata(&response(400, &[], r#"{"code":"CodeError","__type":"TypeError"}"#));
        assert_eq!(metadata.code(), Some("CodeError"));
    }

    #[test]
    fn type_field_gives_code_and_message() {
        let metadata = error_metadata(&response(
            400,
            &[("x-amzn-requestid", "req-1")],
            r#"{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"Requested resource not found"}"#,
        ));
        assert_eq!(metadata.code(), Some("ResourceNotFoundException"));
        assert_eq!(metadata.message(), Some("Requested resource not found"));
        assert_eq!(metadata.request_id(), Some("req-1"));
    }

    #[test]
    fn html_body_keeps_status() {
        let metadata = error_metadata(&response(502, &[], "<html>Bad gateway</html>"));
        assert_eq!(metadata.status(), 502);
        assert_eq!(metadata.code(), None);
    }

    #[test]
    fn host_labels_must_be_dns_labels() {
        assert_eq!(host_label("AccountId", Some("123456789012")).unwrap(), "123456789012");
        assert_eq!(host_label("Name", Some("a-b.c")).unwrap(), "a-b.c");
        for bad in ["", "a/b", "a..b", "-a", "a b", "a:80", "evil.com/"] {
            let error = host_label("Name", Some(bad)).unwrap_err();
            assert_eq!(error.kind(), ErrorKind::InvalidInput, "{bad:?}");
        }
        assert!(host_label("Name", None).is_err());
    }

    #[test]
    fn empty_payloads_read_as_none() {
        let empty = response(200, &[], "");
        assert!(read_blob_payload(&empty).is_none());
        assert!(read_text_payload(&empty).unwrap().is_none());
        assert!(read_json_payload(&empty).unwrap().is_none());
    }

    #[test]
    fn text_payload_must_be_utf8() {
        let invalid = Response::new(200, HeaderMap::new(), Bytes::from_static(&[0xff, 0xfe]));
        let error = read_text_payload(&invalid).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidResponse);
    }
}
