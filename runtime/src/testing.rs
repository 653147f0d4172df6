//! Test doubles that stand in for the network, so that code which calls a
//! generated client can be unit-tested without a server:
//!
//! - [`MockHttpClient`] returns canned responses for each operation;
//! - [`ReplayHttpClient`] returns recorded responses in order, and checks
//!   that the code sent the requests recorded with them.
//!
//! Both record every request they receive, signed and with all headers,
//! for assertions. Pass one to [`ConfigBuilder::http_client`](crate::ConfigBuilder::http_client).
//! The client still resolves the endpoint and signs each request, so the
//! configuration needs a region and credentials, but nothing leaves the
//! process.
//!
//! ```
//! use ingot_runtime::testing::{MockHttpClient, MockResponse};
//! use ingot_runtime::{Config, Credentials, RetryConfig};
//!
//! let mock = MockHttpClient::new()
//!     .with_response("StartIdMappingJob", MockResponse::json(200, r#"{"jobId":"job-1"}"#));
//! let config = Config::builder()
//!     .region("us-east-1")
//!     .credentials(Credentials::new("AKIDTEST", "secret", None))
//!     .retry_config(RetryConfig::disabled())
//!     .http_client(mock.clone())
//!     .build();
//! // Create the generated client with `config`, call it, then inspect
//! // `mock.requests()`.
//! assert!(mock.requests().is_empty());
//! ```

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http::header::{HeaderMap, HeaderName, HeaderValue};
use http::Method;

use crate::error::{Error, ErrorKind};
use crate::http_client::{HttpClient, HttpFuture, OperationName};
use crate::message::Response;

/// A response for a test double to return.
#[derive(Clone, Debug)]
pub struct MockResponse {
    status: u16,
    headers: HeaderMap,
    body: Bytes,
}

impl MockResponse {
    /// Creates a response with `status`, no headers and an empty body.
    pub fn new(status: u16) -> Self {
        Self {
            status,
            headers: HeaderMap::new(),
            body: Bytes::new(),
        }
    }

    /// Creates a response with `status` and a JSON `body`.
    pub fn json(status: u16, body: &str) -> Self {
        Self::new(status)
            .with_header("content-type", "application/json")
            .with_body(body.to_owned())
    }

    /// Creates an error response with `status` that the JSON protocols read
    /// as error `code` with `message`.
    pub fn error(status: u16, code: &str, message: &str) -> Self {
        let body = serde_json::json!({ "__type": code, "message": message }).to_string();
        Self::json(status, &body).with_header("x-amzn-errortype", code)
    }

    /// Adds a header.
    ///
    /// # Panics
    ///
    /// Panics when `name` or `value` is not valid in HTTP, because a test
    /// double with an impossible response is a bug in the test.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        let name = HeaderName::from_bytes(name.as_bytes())
            .unwrap_or_else(|_| panic!("invalid header name {name:?} in a MockResponse"));
        let value = HeaderValue::from_str(value)
            .unwrap_or_else(|_| panic!("invalid value for header `{name}` in a MockResponse"));
        self.headers.append(name, value);
        self
    }

    /// Sets the body.
    pub fn with_body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self
    }

    fn to_response(&self) -> Response {
        Response::new(self.status, self.headers.clone(), self.body.clone())
    }
}

/// A request that a test double received.
#[derive(Clone, Debug)]
pub struct CapturedRequest {
    operation: Option<&'static str>,
    method: Method,
    uri: http::Uri,
    headers: HeaderMap,
    body: Bytes,
}

impl CapturedRequest {
    fn capture(request: &http::Request<Bytes>) -> Self {
        Self {
            operation: request
                .extensions()
                .get::<OperationName>()
                .map(|name| name.0),
            method: request.method().clone(),
            uri: request.uri().clone(),
            headers: request.headers().clone(),
            body: request.body().clone(),
        }
    }

    /// Returns the operation, such as `StartIdMappingJob`.
    pub fn operation(&self) -> Option<&'static str> {
        self.operation
    }

    /// Returns the method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// Returns the whole URL, endpoint included.
    pub fn uri(&self) -> &http::Uri {
        &self.uri
    }

    /// Returns the path and query, still percent-encoded.
    pub fn path_and_query(&self) -> &str {
        self.uri.path_and_query().map_or("/", |p| p.as_str())
    }

    /// Returns the headers, the signature included.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Returns the first value of header `name` when it is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Returns the body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// Parses the body as JSON.
    ///
    /// # Errors
    ///
    /// Fails when the body is not JSON.
    pub fn body_json(&self) -> Result<serde_json::Value, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }
}

/// A test double that returns canned responses for each operation and
/// records the requests. Clones share the responses and the record.
#[derive(Clone, Debug, Default)]
pub struct MockHttpClient {
    state: Arc<Mutex<MockState>>,
}

#[derive(Debug, Default)]
struct MockState {
    rules: Vec<(String, VecDeque<MockResponse>)>,
    requests: Vec<CapturedRequest>,
}

impl MockHttpClient {
    /// Creates a test double with no responses.
    pub fn new() -> Self {
        Self::default()
    }

    /// Returns `response` for every call of `operation`.
    pub fn with_response(self, operation: &str, response: MockResponse) -> Self {
        self.with_responses(operation, [response])
    }

    /// Returns `responses` in order for the calls of `operation`, then the
    /// last one again. Each attempt counts as a call, so `[503, 200]` makes
    /// a retried call succeed.
    ///
    /// # Panics
    ///
    /// Panics when `responses` is empty.
    pub fn with_responses(
        self,
        operation: &str,
        responses: impl IntoIterator<Item = MockResponse>,
    ) -> Self {
        let responses: VecDeque<MockResponse> = responses.into_iter().collect();
        assert!(
            !responses.is_empty(),
            "MockHttpClient::with_responses needs at least one response for {operation}"
        );
        self.lock().rules.push((operation.to_owned(), responses));
        self
    }

    /// Returns the requests received so far, in order.
    pub fn requests(&self) -> Vec<CapturedRequest> {
        self.lock().requests.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, MockState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn answer(&self, request: &http::Request<Bytes>) -> Result<Response, Error> {
        let captured = CapturedRequest::capture(request);
        let mut state = self.lock();
        let operation = captured.operation.unwrap_or("");
        state.requests.push(captured);

        let Some((_, responses)) = state.rules.iter_mut().find(|(name, _)| name == operation)
        else {
            return Err(Error::new(
                ErrorKind::Config,
                format!(
                    "MockHttpClient has no response for operation {operation:?}; add one with \
                     MockHttpClient::with_response"
                ),
            ));
        };
        let response = if responses.len() > 1 {
            responses.pop_front().expect("more than one response")
        } else {
            responses[0].clone()
        };
        Ok(response.to_response())
    }
}

impl HttpClient for MockHttpClient {
    fn send(&self, request: http::Request<Bytes>) -> HttpFuture<'_> {
        let answer = self.answer(&request);
        Box::pin(std::future::ready(answer))
    }
}

/// A request that [`ReplayHttpClient`] expects, with the parts to compare.
#[derive(Clone, Debug)]
pub struct ExpectedRequest {
    method: Method,
    path_and_query: String,
    headers: Vec<(String, String)>,
    body: Option<Bytes>,
}

impl ExpectedRequest {
    /// Expects `method` and `path_and_query`, such as
    /// `/idmappingworkflows/flow/jobs`, percent-encoded as sent.
    pub fn new(method: Method, path_and_query: impl Into<String>) -> Self {
        Self {
            method,
            path_and_query: path_and_query.into(),
            headers: Vec::new(),
            body: None,
        }
    }

    /// Also expects header `name` with `value`. Headers not named here are
    /// not compared, because signatures and dates change on every run.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Also expects `body`. JSON bodies are compared as JSON values, so
    /// member order and spacing do not matter.
    pub fn with_body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = Some(body.into());
        self
    }

    /// Returns how `request` differs from this one, or `None` when it
    /// matches.
    fn mismatch(&self, request: &CapturedRequest) -> Option<String> {
        if request.method() != self.method {
            return Some(format!(
                "method {} instead of {}",
                request.method(),
                self.method
            ));
        }
        if request.path_and_query() != self.path_and_query {
            return Some(format!(
                "path {:?} instead of {:?}",
                request.path_and_query(),
                self.path_and_query
            ));
        }
        for (name, value) in &self.headers {
            if request.header(name) != Some(value) {
                return Some(format!(
                    "header `{name}` is {:?} instead of {value:?}",
                    request.header(name)
                ));
            }
        }
        let expected = self.body.as_ref()?;
        let json = |body: &[u8]| serde_json::from_slice::<serde_json::Value>(body).ok();
        let same = match (json(expected), json(request.body())) {
            (Some(expected), Some(actual)) => expected == actual,
            _ => expected == request.body(),
        };
        (!same).then(|| {
            format!(
                "body {:?} instead of {:?}",
                String::from_utf8_lossy(request.body()),
                String::from_utf8_lossy(expected)
            )
        })
    }
}

/// A test double that returns recorded responses in order, and checks
/// that each request matches the one recorded with its response. Clones
/// share the recording.
#[derive(Clone, Default)]
pub struct ReplayHttpClient {
    state: Arc<Mutex<ReplayState>>,
}

#[derive(Default)]
struct ReplayState {
    events: Vec<(ExpectedRequest, MockResponse)>,
    requests: Vec<CapturedRequest>,
}

impl ReplayHttpClient {
    /// Creates a replay of `events`: the Nth request gets the Nth response.
    pub fn new(events: impl IntoIterator<Item = (ExpectedRequest, MockResponse)>) -> Self {
        Self {
            state: Arc::new(Mutex::new(ReplayState {
                events: events.into_iter().collect(),
                requests: Vec::new(),
            })),
        }
    }

    /// Returns the requests received so far, in order.
    pub fn requests(&self) -> Vec<CapturedRequest> {
        self.lock().requests.clone()
    }

    /// Checks that every recorded request was sent, in order, and nothing
    /// more.
    ///
    /// # Errors
    ///
    /// Returns a message that lists each difference, with the number of the
    /// request.
    pub fn check_requests(&self) -> Result<(), String> {
        let state = self.lock();
        let mut problems = Vec::new();
        for (index, (expected, _)) in state.events.iter().enumerate() {
            match state.requests.get(index) {
                None => problems.push(format!(
                    "request {} ({} {}) was never sent",
                    index + 1,
                    expected.method,
                    expected.path_and_query
                )),
                Some(actual) => {
                    if let Some(mismatch) = expected.mismatch(actual) {
                        problems.push(format!("request {}: {mismatch}", index + 1));
                    }
                }
            }
        }
        for (index, extra) in state.requests.iter().enumerate().skip(state.events.len()) {
            problems.push(format!(
                "request {} ({} {}) was not recorded",
                index + 1,
                extra.method(),
                extra.path_and_query()
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("; "))
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ReplayState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn answer(&self, request: &http::Request<Bytes>) -> Result<Response, Error> {
        let mut state = self.lock();
        let index = state.requests.len();
        state.requests.push(CapturedRequest::capture(request));
        match state.events.get(index) {
            Some((_, response)) => Ok(response.to_response()),
            None => Err(Error::new(
                ErrorKind::Config,
                format!(
                    "ReplayHttpClient has no recorded response for request {} ({} {}); \
                     the recording has {} events",
                    index + 1,
                    request.method(),
                    request.uri(),
                    state.events.len()
                ),
            )),
        }
    }
}

impl fmt::Debug for ReplayHttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.lock();
        f.debug_struct("ReplayHttpClient")
            .field("events", &state.events.len())
            .field("requests", &state.requests.len())
            .finish()
    }
}

impl HttpClient for ReplayHttpClient {
    fn send(&self, request: http::Request<Bytes>) -> HttpFuture<'_> {
        let answer = self.answer(&request);
        Box::pin(std::future::ready(answer))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(operation: &'static str, path: &str, body: &str) -> http::Request<Bytes> {
        let mut request = http::Request::new(Bytes::from(body.to_owned()));
        *request.method_mut() = Method::POST;
        *request.uri_mut() = format!("https://example.com{path}").parse().unwrap();
        request.extensions_mut().insert(OperationName(operation));
        request
    }

    #[tokio::test]
    async fn mock_answers_per_operation_in_order() {
        let mock = MockHttpClient::new()
            .with_responses("A", [MockResponse::new(503), MockResponse::json(200, "{}")])
            .with_response("B", MockResponse::new(204));

        let statuses = [
            mock.send(request("A", "/a", "")).await.unwrap().status(),
            mock.send(request("B", "/b", "")).await.unwrap().status(),
            mock.send(request("A", "/a", "")).await.unwrap().status(),
            mock.send(request("A", "/a", "")).await.unwrap().status(),
        ];
        assert_eq!(statuses, [503, 204, 200, 200]);
        let operations: Vec<_> = mock.requests().iter().map(|r| r.operation()).collect();
        assert_eq!(operations, [Some("A"), Some("B"), Some("A"), Some("A")]);
    }

    #[tokio::test]
    async fn mock_without_rule_names_operation() {
        let error = MockHttpClient::new()
            .send(request("C", "/c", ""))
            .await
            .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Config);
        assert!(error.message().contains("\"C\""), "{error}");
    }

    #[tokio::test]
    async fn replay_checks_requests() {
        let replay = ReplayHttpClient::new([
            (
                ExpectedRequest::new(Method::POST, "/a").with_body(r#"{"x": 1, "y": [2]}"#),
                MockResponse::json(200, "{}"),
            ),
            (
                ExpectedRequest::new(Method::POST, "/b"),
                MockResponse::new(404),
            ),
        ]);

        assert_eq!(
            replay
                .send(request("A", "/a", r#"{"y":[2],"x":1}"#))
                .await
                .unwrap()
                .status(),
            200
        );
        assert_eq!(
            replay.check_requests().unwrap_err(),
            "request 2 (POST /b) was never sent"
        );
        assert_eq!(
            replay
                .send(request("B", "/wrong", ""))
                .await
                .unwrap()
                .status(),
            404
        );
        assert_eq!(
            replay.check_requests().unwrap_err(),
            "request 2: path \"/wrong\" instead of \"/b\""
        );
        assert!(replay.send(request("C", "/c", "")).await.is_err());
    }

    #[tokio::test]
    async fn replay_passes_matching_requests() {
        let replay = ReplayHttpClient::new([(
            ExpectedRequest::new(Method::POST, "/a").with_header("x-test", "1"),
            MockResponse::new(200),
        )]);
        let mut sent = request("A", "/a", "");
        sent.headers_mut()
            .insert("x-test", HeaderValue::from_static("1"));
        replay.send(sent).await.unwrap();

        assert_eq!(replay.check_requests(), Ok(()));
    }
}
