//! Guards against hostile input, through generated clients as users call
//! them: values that try to change the request line or add headers, response
//! bodies that are too large, too deep or not UTF-8, secrets in `Debug` and
//! traces, and the endpoint scheme.
//!
//! Related guards tested elsewhere: header values with CR or LF in
//! `wire_rest_json.rs` (`header_line_break_rejected`,
//! `prefix_header_with_line_break_rejected`), every label character of the
//! restJson1 test service in `label_cannot_change_the_path` there, and
//! credentials in traces in `tracing_secrets.rs`.

use std::fmt::{self, Write as _};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use entityresolution_full::operation::get_matching_workflow::GetMatchingWorkflowError;
use entityresolution_full::operation::list_matching_workflows::ListMatchingWorkflowsError;
use entityresolution_full::{Client, Config, Credentials};
use ingot_runtime::testing::{MockHttpClient, MockResponse};
use ingot_runtime::{ErrorKind, HttpClient, RetryConfig};
use ingot_tests::{CannedResponse, TestServer};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// The secret key of the clients in these tests, to look for in traces.
const SECRET_KEY: &str = "SECRET-KEY-3f9b";

fn config(endpoint: Option<&str>) -> ingot_runtime::ConfigBuilder {
    let builder = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDTEST", SECRET_KEY, None))
        .retry_config(RetryConfig::disabled());
    match endpoint {
        Some(url) => builder.endpoint_url(url),
        None => builder,
    }
}

fn mocked(http: impl HttpClient + 'static) -> Client {
    Client::new(&config(None).http_client(http).build())
}

fn sdk_error(error: &ListMatchingWorkflowsError) -> &ingot_runtime::Error {
    match error {
        ListMatchingWorkflowsError::Sdk(inner) => inner,
        other => panic!("expected an Sdk error, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// Labels and query values cannot change the request line.

#[tokio::test]
async fn labels_cannot_change_the_path() {
    let cases = [
        ("..", "%2E%2E"),
        ("../../admin", "..%2F..%2Fadmin"),
        ("a/b", "a%2Fb"),
        ("x?y=1", "x%3Fy%3D1"),
        ("x#frag", "x%23frag"),
        ("100%", "100%25"),
        ("%2F", "%252F"),
        ("a b", "a%20b"),
    ];
    let mock = MockHttpClient::new().with_response("GetMatchingWorkflow", MockResponse::new(404));
    let client = mocked(mock.clone());

    for (label, _) in cases {
        let _ = client
            .get_matching_workflow()
            .workflow_name(label)
            .send()
            .await;
    }

    let requests = mock.requests();
    assert_eq!(requests.len(), cases.len());
    for (request, (label, encoded)) in requests.iter().zip(cases) {
        assert_eq!(
            request.path_and_query(),
            format!("/matchingworkflows/{encoded}"),
            "label {label:?}"
        );
        assert_eq!(request.header("x-injected"), None, "label {label:?}");
    }
}

#[tokio::test]
async fn query_values_are_percent_encoded() {
    let token = "a&maxResults=1#x/../?%\r\n";
    let mock =
        MockHttpClient::new().with_response("ListMatchingJobs", MockResponse::json(200, "{}"));
    let client = mocked(mock.clone());

    client
        .list_matching_jobs()
        .workflow_name("flow")
        .next_token(token)
        .send()
        .await
        .expect("the call succeeds");

    let requests = mock.requests();
    assert_eq!(
        requests[0].path_and_query(),
        "/matchingworkflows/flow/jobs?nextToken=a%26maxResults%3D1%23x%2F..%2F%3F%25%0D%0A"
    );
}

#[tokio::test]
async fn labels_with_line_breaks_are_rejected() {
    // Through the real transport: nothing may reach the server.
    let server = TestServer::start(vec![CannedResponse::json(404, "{}")]).await;
    let client = Client::new(&config(Some(&server.url())).build());

    for label in [
        "a\r\nX-Injected: 1\r\n\r\nGET /admin HTTP/1.1",
        "a\nb",
        "a\rb",
    ] {
        let error = client
            .get_matching_workflow()
            .workflow_name(label)
            .send()
            .await
            .expect_err("a label with a line break is rejected");

        let GetMatchingWorkflowError::Sdk(inner) = &error else {
            panic!("expected Sdk, got {error:?}");
        };
        assert_eq!(inner.kind(), ErrorKind::InvalidInput, "{label:?}");
        assert!(inner.message().contains("CR or LF"), "{inner}");
    }
    assert!(server.requests().is_empty());
}

// ---------------------------------------------------------------------------
// Response bodies: size, depth and encoding.

#[tokio::test]
async fn response_over_the_limit_is_an_error() {
    let body = format!(r#"{{"nextToken":"{}"}}"#, "x".repeat(4096));
    let server = TestServer::start(vec![CannedResponse::json(200, &body)]).await;
    let client = Client::new(&config(Some(&server.url())).max_response_bytes(1024).build());

    let error = client
        .list_matching_workflows()
        .send()
        .await
        .expect_err("the body is larger than the limit");

    let error = sdk_error(&error);
    assert_eq!(error.kind(), ErrorKind::InvalidResponse);
    assert!(error.message().contains("1024 bytes"), "{error}");
    assert!(
        error
            .message()
            .contains("ConfigBuilder::max_response_bytes"),
        "{error}"
    );
}

#[tokio::test]
async fn response_under_the_limit_is_read() {
    let body = format!(r#"{{"nextToken":"{}"}}"#, "x".repeat(4096));
    let server = TestServer::start(vec![CannedResponse::json(200, &body)]).await;
    let client = Client::new(
        &config(Some(&server.url()))
            .max_response_bytes(body.len())
            .build(),
    );

    let output = client
        .list_matching_workflows()
        .send()
        .await
        .expect("a body of exactly the limit is read");

    assert_eq!(output.next_token.map(|t| t.len()), Some(4096));
}

#[tokio::test]
async fn limit_applies_to_test_doubles() {
    let body = format!(r#"{{"nextToken":"{}"}}"#, "x".repeat(100));
    let mock = MockHttpClient::new()
        .with_response("ListMatchingWorkflows", MockResponse::json(200, &body));
    let client = Client::new(
        &config(None)
            .http_client(mock)
            .max_response_bytes(64)
            .build(),
    );

    let error = client
        .list_matching_workflows()
        .send()
        .await
        .expect_err("over the limit");

    let error = sdk_error(&error);
    assert_eq!(error.kind(), ErrorKind::InvalidResponse);
    assert!(error.message().contains("64 bytes"), "{error}");
}

#[test]
fn default_limit_is_64_mib() {
    let config = config(None).build();
    assert_eq!(config.max_response_bytes(), 64 * 1024 * 1024);
    assert_eq!(
        config.max_response_bytes(),
        ingot_runtime::transport::MAX_RESPONSE_BYTES
    );
}

fn nested(levels: usize) -> String {
    let mut body = String::with_capacity(levels * 2 + 16);
    body.push_str(r#"{"nextToken":"#);
    body.push_str(&"[".repeat(levels));
    body.push_str(&"]".repeat(levels));
    body.push('}');
    body
}

#[tokio::test]
async fn deep_nesting_is_an_error() {
    let mock = MockHttpClient::new().with_response(
        "ListMatchingWorkflows",
        MockResponse::json(200, &nested(100_000)),
    );
    let client = mocked(mock);

    let error = client
        .list_matching_workflows()
        .send()
        .await
        .expect_err("100,000 levels are rejected");

    let error = sdk_error(&error);
    assert_eq!(error.kind(), ErrorKind::InvalidResponse);
    assert!(error.message().contains("nested deeper than"), "{error}");
}

#[tokio::test]
async fn deep_nesting_in_error_response() {
    let mock = MockHttpClient::new().with_response(
        "ListMatchingWorkflows",
        MockResponse::json(400, &nested(100_000))
            .with_header("x-amzn-errortype", "ValidationException"),
    );
    let client = mocked(mock);

    let error = client
        .list_matching_workflows()
        .send()
        .await
        .expect_err("a 400 is an error");

    // The code comes from the header. The body is read as an empty
    // object, like any error body that is not JSON, so the modeled error
    // has no message.
    assert!(
        matches!(error, ListMatchingWorkflowsError::ValidationException(_)),
        "{error:?}"
    );
    assert_eq!(error.code(), Some("ValidationException"));
    assert_eq!(error.message(), None);
}

#[tokio::test]
async fn deep_nesting_in_aws_json_response() {
    let mock = MockHttpClient::new()
        .with_response("ListQueues", MockResponse::json(200, &nested(100_000)));
    let config = config(None).http_client(mock).build();
    let client = sqs::Client::new(&config);

    let error = client
        .list_queues()
        .send()
        .await
        .expect_err("100,000 levels are rejected");

    let sqs::operation::list_queues::ListQueuesError::Sdk(inner) = &error else {
        panic!("expected an Sdk error, got {error:?}");
    };
    assert_eq!(inner.kind(), ErrorKind::InvalidResponse);
    assert!(inner.message().contains("nested deeper than"), "{inner}");
}

#[tokio::test]
async fn invalid_utf8_string_is_an_error() {
    let mock = MockHttpClient::new().with_response(
        "ListMatchingWorkflows",
        MockResponse::new(200)
            .with_header("content-type", "application/json")
            .with_body(b"{\"nextToken\":\"ab\xff\xfecd\"}".to_vec()),
    );
    let client = mocked(mock);

    let error = client
        .list_matching_workflows()
        .send()
        .await
        .expect_err("invalid UTF-8");

    let error = sdk_error(&error);
    assert_eq!(error.kind(), ErrorKind::InvalidResponse);
    assert!(error.message().contains("invalid JSON"), "{error}");
}

// ---------------------------------------------------------------------------
// Secrets stay out of `Debug` and traces.

const SECRET_RECORD: &str = "SENSITIVE-RECORD-4a7c";
const SECRET_STRING: &str = "SENSITIVE-SECRET-9d2e";

#[tokio::test]
async fn sensitive_members_redacted_in_debug() {
    let mock = MockHttpClient::new().with_response("GetMatchId", MockResponse::json(200, "{}"));
    let client = mocked(mock);
    let call = client
        .get_match_id()
        .workflow_name("flow")
        .record("email", SECRET_RECORD);

    let debug = format!("{call:?}");

    assert!(!debug.contains(SECRET_RECORD), "{debug}");
    assert!(debug.contains("** redacted **"), "{debug}");
    call.send().await.expect("the call succeeds");
}

#[tokio::test]
async fn sensitive_output_redacted_in_debug() {
    let body =
        format!(r#"{{"Name":"db","SecretString":"{SECRET_STRING}","SecretBinary":"c2VjcmV0"}}"#);
    let mock =
        MockHttpClient::new().with_response("GetSecretValue", MockResponse::json(200, &body));
    let config = config(None).http_client(mock).build();
    let client = secretsmanager::Client::new(&config);

    let output = client
        .get_secret_value()
        .secret_id("db")
        .send()
        .await
        .expect("the call succeeds");

    assert_eq!(output.secret_string.as_deref(), Some(SECRET_STRING));
    let debug = format!("{output:?}");
    assert!(!debug.contains(SECRET_STRING), "{debug}");
    assert!(!debug.contains("c2VjcmV0"), "{debug}");
    assert!(!debug.contains("115, 101, 99"), "{debug}");
    assert!(debug.contains("\"db\""), "{debug}");
}

#[test]
fn credentials_redacted_in_debug() {
    let credentials =
        Credentials::new("AKIDTEST", "SECRET-KEY-77", Some("SESSION-TOKEN-88".into()));
    let config = config(None)
        .credentials(credentials.clone())
        .bearer_token("BEARER-99")
        .build();

    for text in [
        format!("{credentials:?}"),
        format!("{config:?}"),
        format!("{:?}", Client::new(&config)),
    ] {
        assert!(!text.contains("SECRET-KEY-77"), "{text}");
        assert!(!text.contains("SESSION-TOKEN-88"), "{text}");
        assert!(!text.contains("BEARER-99"), "{text}");
        assert!(text.contains("AKIDTEST"), "{text}");
    }
}

/// A subscriber that keeps every span, record and event as text.
#[derive(Clone, Default)]
struct Capture {
    next_id: Arc<AtomicU64>,
    text: Arc<Mutex<String>>,
}

struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        let _ = write!(self.0, " {}={value:?}", field.name());
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        attributes.record(&mut Fields(&mut self.text.lock().unwrap()));
        Id::from_u64(self.next_id.fetch_add(1, Ordering::Relaxed) + 1)
    }

    fn record(&self, _: &Id, values: &Record<'_>) {
        values.record(&mut Fields(&mut self.text.lock().unwrap()));
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        event.record(&mut Fields(&mut self.text.lock().unwrap()));
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

#[test]
fn sensitive_members_absent_from_traces() {
    let capture = Capture::default();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();

    tracing::subscriber::with_default(capture.clone(), || {
        runtime.block_on(async {
            // A throttling error and then an error response, so that the
            // retry and failure events are traced too.
            let mock = MockHttpClient::new().with_responses(
                "GetMatchId",
                vec![
                    MockResponse::error(429, "ThrottlingException", "slow down"),
                    MockResponse::error(400, "ValidationException", "bad record"),
                ],
            );
            let config = config(None)
                .http_client(mock)
                .retry_config(RetryConfig::standard().with_max_attempts(2))
                .build();
            let client = Client::new(&config);
            let _ = client
                .get_match_id()
                .workflow_name("flow")
                .record("email", SECRET_RECORD)
                .send()
                .await;
        })
    });

    let text = capture.text.lock().unwrap();
    assert!(
        text.contains("ValidationException"),
        "the capture saw the calls: {text}"
    );
    assert!(!text.contains(SECRET_RECORD), "{text}");
    assert!(!text.contains(SECRET_KEY), "{text}");
}

// ---------------------------------------------------------------------------
// https unless the endpoint URL names another scheme.

#[tokio::test]
async fn https_is_the_default_scheme() {
    let mock =
        MockHttpClient::new().with_response("ListMatchingWorkflows", MockResponse::json(200, "{}"));
    let client = mocked(mock.clone());

    client
        .list_matching_workflows()
        .send()
        .await
        .expect("the call succeeds");

    let requests = mock.requests();
    assert_eq!(requests[0].uri().scheme_str(), Some("https"));
}

#[tokio::test]
async fn http_only_from_the_endpoint_url() {
    let mock =
        MockHttpClient::new().with_response("ListMatchingWorkflows", MockResponse::json(200, "{}"));
    let config = config(Some("http://127.0.0.1:9"))
        .http_client(mock.clone())
        .build();
    let client = Client::new(&config);

    client
        .list_matching_workflows()
        .send()
        .await
        .expect("the call succeeds");

    let requests = mock.requests();
    assert_eq!(requests[0].uri().scheme_str(), Some("http"));
    assert_eq!(requests[0].uri().host(), Some("127.0.0.1"));
}
