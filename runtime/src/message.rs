//! The HTTP request an operation builds and the response it reads, before
//! the client adds the endpoint, standard headers and the signature.

use std::borrow::Cow;

use bytes::Bytes;
use http::header::{HeaderName, HeaderValue};
use http::{HeaderMap, Method};

use crate::endpoint::ParamValue;
use crate::error::{Error, ErrorKind};

/// A request as an operation serializes it: method, path with query, headers
/// and body. The client later prefixes the endpoint and signs it.
#[derive(Clone, Debug)]
pub struct Request {
    pub(crate) method: Method,
    pub(crate) path_and_query: String,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    /// Text the client puts before the endpoint's host, from the
    /// operation's `@endpoint` trait, such as `data.` or `123456789012.`.
    pub(crate) host_prefix: Option<String>,
    /// Endpoint rule parameters that the operation sets.
    pub(crate) endpoint_params: Vec<(&'static str, EndpointParam)>,
}

/// The source of an operation's endpoint parameter.
#[derive(Clone, Debug)]
pub(crate) enum EndpointParam {
    Value(ParamValue),
    /// A path into the JSON body, from `smithy.rules#operationContextParams`.
    BodyPath(&'static str),
}

impl Request {
    /// Creates a request for `path_and_query`, which must already be
    /// percent-encoded and start with `/`.
    pub fn new(method: Method, path_and_query: impl Into<String>) -> Self {
        Self {
            method,
            path_and_query: path_and_query.into(),
            headers: HeaderMap::new(),
            body: Bytes::new(),
            host_prefix: None,
            endpoint_params: Vec::new(),
        }
    }

    /// Sets endpoint rule parameter `name`, from the operation's
    /// `staticContextParams` or an input member with `contextParam`.
    pub fn endpoint_param(mut self, name: &'static str, value: impl Into<ParamValue>) -> Self {
        self.endpoint_params.push((name, EndpointParam::Value(value.into())));
        self
    }

    /// Sets endpoint rule parameter `name` to what `path` selects in the
    /// JSON body, from the operation's `operationContextParams`.
    pub fn endpoint_param_path(mut self, name: &'static str, path: &'static str) -> Self {
        self.endpoint_params.push((name, EndpointParam::BodyPath(path)));
        self
    }

    /// Sets the text that goes before the endpoint's host. Its labels were
    /// checked by [`protocol::host_label`](crate::protocol::host_label).
    pub fn host_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.host_prefix = Some(prefix.into());
        self
    }

    /// Sets header `name`, a name from the model, to `value`, rejecting
    /// values that HTTP forbids, such as line breaks.
    pub fn header(self, name: &'static str, value: &str) -> Result<Self, Error> {
        self.insert_header(name, value)
    }

    /// Sets header `name` to `value`, replacing earlier values, for names
    /// known only at run time, such as the keys of an `@httpPrefixHeaders`
    /// map. Names are case-insensitive.
    ///
    /// # Errors
    ///
    /// Fails with [`ErrorKind::InvalidInput`] when `name` is not a valid
    /// header name (letters, digits and ``!#$%&'*+-.^_`|~``) or `value`
    /// contains a line break or another control character.
    pub fn insert_header(mut self, name: &str, value: &str) -> Result<Self, Error> {
        let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
            Error::new(
                ErrorKind::InvalidInput,
                format!(
                    "invalid header name {name:?}: use only letters, digits and !#$%&'*+-.^_`|~"
                ),
            )
        })?;
        let value = HeaderValue::from_str(value).map_err(|_| {
            Error::new(
                ErrorKind::InvalidInput,
                format!("invalid value for header `{name}`: it contains a line break or another control character"),
            )
        })?;
        self.headers.insert(header_name, value);
        Ok(self)
    }

    /// Sets the body.
    pub fn body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self
    }

    /// Returns the method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// Returns the percent-encoded path and query.
    pub fn path_and_query(&self) -> &str {
        &self.path_and_query
    }

    /// Returns the headers the operation set.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Returns the body.
    pub fn body_bytes(&self) -> &Bytes {
        &self.body
    }
}

/// A response with its whole body read.
#[derive(Clone, Debug)]
pub struct Response {
    status: u16,
    headers: HeaderMap,
    body: Bytes,
}

impl Response {
    /// Creates a response; used by the transport and by tests.
    pub fn new(status: u16, headers: HeaderMap, body: Bytes) -> Self {
        Self {
            status,
            headers,
            body,
        }
    }

    /// Returns the HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Returns whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// Returns the headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Returns the first value of header `name` when it is valid text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Returns every value of header `name` joined with `, `, because AWS
    /// sends a list header either as one comma-separated line or as repeated
    /// lines. Returns `None` when the header is absent or a value is not
    /// UTF-8 text; [`crate::http_binding::header_text`] reports that case as
    /// an error instead.
    pub fn header_values(&self, name: &str) -> Option<Cow<'_, str>> {
        crate::http_binding::header_text(&self.headers, name)
            .ok()
            .flatten()
    }

    /// Returns the body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_header_names_are_set() {
        let request = Request::new(Method::GET, "/")
            .header("x-amz-target", "A.B")
            .unwrap();
        assert_eq!(request.headers()["x-amz-target"], "A.B");
    }

    #[test]
    fn runtime_header_names_are_validated() {
        let request = Request::new(Method::GET, "/")
            .insert_header("X-Foo-Abc", "Abc value")
            .unwrap()
            .insert_header("x-foo-abc", "replaced")
            .unwrap();
        assert_eq!(request.headers().get_all("x-foo-abc").iter().count(), 1);
        assert_eq!(request.headers()["x-foo-abc"], "replaced");

        for name in ["x-foo\r\nx-evil", "", "with space", "x:y", "ä"] {
            let error = Request::new(Method::GET, "/")
                .insert_header(name, "v")
                .unwrap_err();
            assert_eq!(error.kind(), ErrorKind::InvalidInput);
            assert!(error.to_string().contains(&format!("{name:?}")), "{error}");
        }
    }

    #[test]
    fn header_values_with_line_breaks_are_rejected() {
        for value in ["a\r\nx-evil: 1", "a\nb", "a\rb", "a\0b"] {
            let error = Request::new(Method::GET, "/")
                .insert_header("x-foo-abc", value)
                .unwrap_err();
            assert_eq!(error.kind(), ErrorKind::InvalidInput);
            assert!(error.to_string().contains("`x-foo-abc`"), "{error}");
        }
        let error = Request::new(Method::GET, "/")
            .header("x-a", "a\nb")
            .unwrap_err();
        assert!(error.to_string().contains("`x-a`"), "{error}");
    }

    #[test]
    fn repeated_response_headers_are_joined() {
        let mut headers = HeaderMap::new();
        headers.append("x-list", HeaderValue::from_static("a"));
        headers.append("x-list", HeaderValue::from_static("b, c"));
        headers.append("x-one", HeaderValue::from_static("only"));
        let response = Response::new(200, headers, Bytes::new());
        assert_eq!(response.header_values("X-List").as_deref(), Some("a, b, c"));
        assert_eq!(response.header("x-list"), Some("a"));
        assert_eq!(response.header_values("x-one").as_deref(), Some("only"));
        assert_eq!(response.header_values("x-absent"), None);
    }
}
