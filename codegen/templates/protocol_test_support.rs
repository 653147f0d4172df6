//! Helpers of the generated protocol tests: a loopback server for each
//! test, a client that sends to it, and the checks of a recorded request.
//!
//! ingot copies this file unchanged into every crate generated with
//! protocol tests, as `tests/support/mod.rs`.

use std::fmt::Write as _;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use ingot_runtime::http::{HeaderMap, HeaderName, HeaderValue};
use ingot_runtime::json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The token that the Smithy protocol tests expect wherever the client
/// fills an `@idempotencyToken` member itself.
pub const IDEMPOTENCY_TOKEN: &str = "00000000-0000-4000-8000-000000000000";

/// The largest request head the server reads, far above what a test sends.
const MAX_HEAD: usize = 1 << 20;

/// A response for the server to send: exactly these headers, with no
/// `Content-Length` or `Date` of its own, because a response test's
/// `@httpPrefixHeaders("")` member collects every header. The body ends
/// where the server closes the connection.
#[derive(Clone, Debug)]
pub struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// Returns a response with `status`, `headers` and `body`.
pub fn reply(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    Reply {
        status,
        headers: headers
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect(),
        body: body.to_vec(),
    }
}

/// A request as the server received it.
#[derive(Clone, Debug)]
pub struct RecordedRequest {
    pub method: String,
    /// The path and query exactly as sent, still percent-encoded.
    pub path_and_query: String,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

/// A server on 127.0.0.1 that records each request and replies to each with
/// the same [`Reply`], so that a retried request sees the same response as
/// the first. It runs until the test's runtime stops.
pub struct TestServer {
    address: SocketAddr,
    requests: Arc<Mutex<Vec<RecordedRequest>>>,
}

impl TestServer {
    /// Returns the server's base URL, such as `http://127.0.0.1:4321`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Returns the requests received so far.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.requests
            .lock()
            .expect("the server's request list")
            .clone()
    }
}

/// Starts a server that replies to every request with `response`.
pub async fn serve(response: Reply) -> TestServer {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let address = listener.local_addr().expect("the listener's address");
    let requests = Arc::new(Mutex::new(Vec::new()));

    let recorded = requests.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let recorded = recorded.clone();
            let response = response.clone();
            tokio::spawn(async move {
                // The request is recorded before the response goes out, so
                // a client that has its response finds its request here.
                if let Some(request) = read_request(&mut stream).await {
                    recorded
                        .lock()
                        .expect("the server's request list")
                        .push(request);
                    write_response(&mut stream, &response).await;
                }
            });
        }
    });
    TestServer { address, requests }
}

/// Reads one request from `stream`. Returns `None` when the client sent no
/// complete request.
async fn read_request(stream: &mut TcpStream) -> Option<RecordedRequest> {
    let mut buffer = Vec::new();
    let head_end = loop {
        if let Some(index) = buffer.windows(4).position(|window| window == b"\r\n\r\n") {
            break index;
        }
        if buffer.len() > MAX_HEAD {
            return None;
        }
        let mut chunk = [0u8; 8192];
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    };

    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_string();
    let path_and_query = request_line.next()?.to_string();
    let mut headers = HeaderMap::new();
    for line in lines {
        let (name, value) = line.split_once(':')?;
        headers.append(
            HeaderName::from_bytes(name.trim().as_bytes()).ok()?,
            HeaderValue::from_bytes(value.trim().as_bytes()).ok()?,
        );
    }
    // The client states the length of every body it sends.
    let length: usize = headers
        .get("content-length")
        .and_then(|v| v.to_str().ok()?.parse().ok())
        .unwrap_or(0);
    let mut body = buffer[head_end + 4..].to_vec();
    while body.len() < length {
        let mut chunk = [0u8; 8192];
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..read]);
    }
    Some(RecordedRequest {
        method,
        path_and_query,
        headers,
        body,
    })
}

/// Writes `response` and closes the connection, which ends the body.
async fn write_response(stream: &mut TcpStream, response: &Reply) {
    let mut text = format!("HTTP/1.1 {} Test\r\n", response.status);
    for (name, value) in &response.headers {
        let _ = write!(text, "{name}: {value}\r\n");
    }
    text.push_str("\r\n");
    let mut bytes = text.into_bytes();
    bytes.extend_from_slice(&response.body);
    let _ = stream.write_all(&bytes).await;
    let _ = stream.shutdown().await;
}

/// Returns a client that sends to `server`, with `path` after the server's
/// address as the endpoint's base path, and fixes idempotency tokens to
/// [`IDEMPOTENCY_TOKEN`].
pub fn client(server: &TestServer, path: &str) -> crate::Client {
    ingot_runtime::idempotency::testing::fix_token(Some(IDEMPOTENCY_TOKEN));
    let config = crate::Config::builder()
        .region("us-east-1")
        .credentials(crate::Credentials::new("AKIDEXAMPLE", "secret", None))
        .endpoint_url(format!("{}{path}", server.url()))
        .build();
    crate::Client::new(&config)
}

/// Returns a client whose endpoint is `http://{host}`, for cases whose
/// `@endpoint` host prefix must be checked. Every request still reaches
/// `server`, and its original host travels in the `Host` header.
pub fn client_for_host(server: &TestServer, host: &str) -> crate::Client {
    ingot_runtime::idempotency::testing::fix_token(Some(IDEMPOTENCY_TOKEN));
    let address = server.url().trim_start_matches("http://").to_string();
    let config = crate::Config::builder()
        .region("us-east-1")
        .credentials(crate::Credentials::new("AKIDEXAMPLE", "secret", None))
        .endpoint_url(format!("http://{host}"))
        .http_client(ToLoopback { address, transport: ingot_runtime::transport::Transport::new() })
        .build();
    crate::Client::new(&config)
}

/// An HTTP client that sends every request to one loopback address,
/// keeping the host name the client chose in the `Host` header, because
/// no resolver maps a prefixed test host such as `foo.example.com` there.
#[derive(Debug)]
struct ToLoopback {
    address: String,
    transport: ingot_runtime::transport::Transport,
}

impl ingot_runtime::HttpClient for ToLoopback {
    fn send(&self, mut request: ingot_runtime::http::Request<ingot_runtime::bytes::Bytes>) -> ingot_runtime::http_client::HttpFuture<'_> {
        let host = request.uri().authority().map(|a| a.to_string()).unwrap_or_default();
        let path = request.uri().path_and_query().map(|p| p.as_str().to_string()).unwrap_or_else(|| "/".into());
        if let Ok(value) = HeaderValue::from_str(&host) {
            request.headers_mut().entry("host").or_insert(value);
        }
        match format!("http://{}{path}", self.address).parse() {
            Ok(uri) => *request.uri_mut() = uri,
            Err(error) => panic!("invalid loopback URI for {path}: {error}"),
        }
        ingot_runtime::HttpClient::send(&self.transport, request)
    }
}

/// Checks that the recorded request went to `host`, as its `Host` header
/// names it.
pub fn check_host(server: &TestServer, host: &str) {
    let requests = server.requests();
    let recorded = requests.first().expect("the client sent a request");
    let sent = recorded.headers.get("host").and_then(|v| v.to_str().ok()).unwrap_or_default();
    assert_eq!(sent, host, "the request went to another host");
}

/// What a request test expects of the request, as the test case lists it.
pub struct ExpectedRequest<'a> {
    pub method: &'a str,
    /// The path, percent-encoded, without the query.
    pub uri: &'a str,
    /// Query parameters as `name=value` (or `name`), percent-encoded.
    pub query_params: &'a [&'a str],
    pub forbid_query_params: &'a [&'a str],
    pub require_query_params: &'a [&'a str],
    pub headers: &'a [(&'a str, &'a str)],
    pub forbid_headers: &'a [&'a str],
    pub require_headers: &'a [&'a str],
    /// The body; `None` when the test makes no assertion about it.
    pub body: Option<&'a [u8]>,
    /// Whether the body is JSON, compared by value rather than by bytes.
    pub json_body: bool,
}

/// Checks the one request `server` received against `expected`, and panics
/// listing every difference. `send_error` is the client's error, shown when
/// no request arrived.
pub fn check_request(
    server: &TestServer,
    send_error: Option<String>,
    expected: &ExpectedRequest<'_>,
) {
    let requests = server.requests();
    let Some(request) = requests.first() else {
        panic!(
            "the client sent no request: {}",
            send_error.unwrap_or_else(|| "no error".into())
        );
    };
    let mut problems = Vec::new();

    if request.method != expected.method {
        problems.push(format!(
            "method: expected {}, sent {}",
            expected.method, request.method
        ));
    }

    let (path, query) = request
        .path_and_query
        .split_once('?')
        .unwrap_or((&request.path_and_query, ""));
    if path != expected.uri {
        problems.push(format!("path: expected {:?}, sent {path:?}", expected.uri));
    }
    check_query(query, expected, &mut problems);
    check_headers(&request.headers, expected, &mut problems);
    if let Some(body) = expected.body {
        check_body(&request.body, body, expected.json_body, &mut problems);
    }

    if !problems.is_empty() {
        let mut message = String::from("the request differs from the test case:\n");
        for problem in &problems {
            let _ = writeln!(message, "  - {problem}");
        }
        let _ = write!(
            message,
            "sent: {} {}",
            request.method, request.path_and_query
        );
        panic!("{message}");
    }
}

fn check_query(query: &str, expected: &ExpectedRequest<'_>, problems: &mut Vec<String>) {
    let mut sent: Vec<&str> = query.split('&').filter(|pair| !pair.is_empty()).collect();
    let names: Vec<&str> = sent
        .iter()
        .map(|pair| pair.split('=').next().unwrap_or(pair))
        .collect();

    for name in expected.forbid_query_params {
        if names.contains(name) {
            problems.push(format!(
                "query parameter {name:?} is forbidden but was sent"
            ));
        }
    }
    for name in expected.require_query_params {
        if !names.contains(name) {
            problems.push(format!("query parameter {name:?} is required but missing"));
        }
    }
    // Each expected pair consumes one sent pair, so repeated parameters
    // must be sent as often as the test lists them.
    for pair in expected.query_params {
        match sent.iter().position(|sent_pair| sent_pair == pair) {
            Some(index) => {
                sent.remove(index);
            }
            None => problems.push(format!(
                "query parameter {pair:?} is missing from {query:?}"
            )),
        }
    }
}

fn check_headers(headers: &HeaderMap, expected: &ExpectedRequest<'_>, problems: &mut Vec<String>) {
    for (name, value) in expected.headers {
        let values: Vec<&str> = headers
            .get_all(*name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        if values.is_empty() {
            problems.push(format!("header {name:?} is missing, expected {value:?}"));
        } else if values.join(", ") != *value {
            problems.push(format!(
                "header {name:?}: expected {value:?}, sent {:?}",
                values.join(", ")
            ));
        }
    }
    for name in expected.forbid_headers {
        if headers.contains_key(*name) {
            problems.push(format!("header {name:?} is forbidden but was sent"));
        }
    }
    for name in expected.require_headers {
        if !headers.contains_key(*name) {
            problems.push(format!("header {name:?} is required but missing"));
        }
    }
}

fn check_body(sent: &[u8], expected: &[u8], json: bool, problems: &mut Vec<String>) {
    let as_text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    if !json || expected.is_empty() || sent.is_empty() {
        if sent != expected {
            problems.push(format!(
                "body: expected {:?}, sent {:?}",
                as_text(expected),
                as_text(sent)
            ));
        }
        return;
    }
    let expected_value = match ingot_runtime::json::parse(expected) {
        Ok(value) => value,
        Err(error) => {
            problems.push(format!("the test's JSON body is invalid: {error}"));
            return;
        }
    };
    match ingot_runtime::json::parse(sent) {
        Ok(value) if same_json(&value, &expected_value) => {}
        Ok(_) => problems.push(format!(
            "JSON body: expected {}, sent {}",
            as_text(expected),
            as_text(sent)
        )),
        Err(error) => problems.push(format!("the body is not JSON ({error}): {}", as_text(sent))),
    }
}

/// Compares JSON values, with numbers compared by value, so that `1` and
/// `1.0` are the same.
pub fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(a), Value::Number(b)) => {
            a == b || (a.as_f64().is_some() && a.as_f64() == b.as_f64())
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same_json(a, b))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(key, value)| b.get(key).is_some_and(|other| same_json(value, other)))
        }
        _ => a == b,
    }
}
