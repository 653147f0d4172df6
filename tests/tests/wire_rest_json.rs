//! The restJson1 client generated from `tests/models/wire_rest.json`,
//! against a loopback server: the exact request of every HTTP binding,
//! timestamp format and type, and how each response becomes an output or a
//! typed error.

use std::collections::HashMap;

use ingot_runtime::{Blob, DateTime, ErrorKind};
use ingot_tests::{CannedResponse, RecordedRequest, TestServer};
use serde_json::{json, Value};
use wire_rest::operation::collisions::CollisionsError;
use wire_rest::operation::echo_body::EchoBodyError;
use wire_rest::operation::get_labels::GetLabelsError;
use wire_rest::operation::get_object::GetObjectError;
use wire_rest::operation::headers::HeadersError;
use wire_rest::operation::host_prefixed::HostPrefixedError;
use wire_rest::operation::put_object::PutObjectError;
use wire_rest::types::{
    BoxValue, Client as ClientShape, Color, Config as ConfigShape, Expression, FooBar, FooBar2,
    Foobar, OptionValue, Priority, ResultValue, Settings, StringValue, Thing, TreeNode, Types,
    VecValue,
};
use wire_rest::{Client, Config, Credentials};

/// Returns 2019-12-16T23:48:18.52Z, whose fraction every format but
/// http-date keeps.
fn instant() -> DateTime {
    DateTime::from_secs_and_nanos(1_576_540_098, 520_000_000)
}

/// Returns the instant one second after [`instant`], without a fraction.
fn next_second() -> DateTime {
    DateTime::from_secs(1_576_540_099)
}

const DATE_TIME: &str = "2019-12-16T23:48:18.52Z";
const EPOCH: &str = "1576540098.52";
const HTTP_DATE: &str = "Mon, 16 Dec 2019 23:48:18 GMT";

fn client(server: &TestServer) -> Client {
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
        .endpoint_url(server.url())
        // These tests check how one response is read; fault_retries.rs tests retries.
        .retry_config(ingot_runtime::RetryConfig::disabled())
        .build();
    Client::new(&config)
}

fn header<'r>(request: &'r RecordedRequest, name: &str) -> Option<&'r str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

fn body_json(request: &RecordedRequest) -> Value {
    serde_json::from_slice(&request.body).expect("the request body is JSON")
}

fn only_request(server: &TestServer) -> RecordedRequest {
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests.into_iter().next().unwrap()
}

fn ok_json(body: Value) -> CannedResponse {
    CannedResponse::json(200, &body.to_string())
}

fn assert_invalid_input<E: std::fmt::Debug>(
    error: &E,
    sdk: Option<&ingot_runtime::Error>,
    needle: &str,
) {
    let inner = sdk.unwrap_or_else(|| panic!("expected an Sdk error, got {error:?}"));
    assert_eq!(inner.kind(), ErrorKind::InvalidInput, "{inner}");
    assert!(
        inner.message().contains(needle),
        "{needle:?} not in: {inner}"
    );
}

// ---------------------------------------------------------------------------
// Labels and the literal query of the URI.

#[tokio::test]
async fn labels_of_every_scalar_type() {
    let server = TestServer::start(vec![ok_json(json!({}))]).await;

    client(&server)
        .get_labels()
        .text("a b")
        .count(-42)
        .enabled(true)
        .ratio(2.5)
        .at(instant())
        .epoch(instant())
        .http_date(instant())
        .color(Color::Blue)
        .priority(Priority::High)
        .send()
        .await
        .expect("the call succeeds");

    let request = only_request(&server);
    assert_eq!(request.method, http::Method::GET);
    assert_eq!(
        request.path_and_query,
        "/labels/a%20b/-42/true/2.5/2019-12-16T23%3A48%3A18.52Z/1576540098.52/\
         Mon%2C%2016%20Dec%202019%2023%3A48%3A18%20GMT/blue/10?mode=labels&flag"
    );
    assert!(request.body.is_empty());
    assert_eq!(header(&request, "content-type"), None);
}

#[tokio::test]
async fn label_cannot_change_the_path() {
    let cases = [
        ("a/b", "a%2Fb"),
        ("..", "%2E%2E"),
        (".", "%2E"),
        ("../admin", "..%2Fadmin"),
        ("x?y=1", "x%3Fy%3D1"),
        ("x#frag", "x%23frag"),
        ("100%", "100%25"),
        ("%2F", "%252F"),
        ("ä\u{1F600}", "%C3%A4%F0%9F%98%80"),
    ];
    let server = TestServer::start(cases.iter().map(|_| ok_json(json!({}))).collect()).await;
    let client = client(&server);

    for (text, _) in cases {
        client
            .get_labels()
            .text(text)
            .count(1)
            .enabled(false)
            .ratio(1.0)
            .at(next_second())
            .epoch(next_second())
            .http_date(next_second())
            .color(Color::Red)
            .priority(Priority::Low)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{text:?}: {e}"));
    }

    for (request, (text, encoded)) in server.requests().iter().zip(cases) {
        let expected = format!(
            "/labels/{encoded}/1/false/1/2019-12-16T23%3A48%3A19Z/1576540099/\
             Mon%2C%2016%20Dec%202019%2023%3A48%3A19%20GMT/red/1?mode=labels&flag"
        );
        assert_eq!(request.path_and_query, expected, "label {text:?}");
    }
}

#[tokio::test]
async fn empty_label_rejected_before_sending() {
    let server = TestServer::start(Vec::new()).await;

    let error = client(&server)
        .get_labels()
        .text("")
        .count(1)
        .enabled(true)
        .ratio(1.0)
        .at(instant())
        .epoch(instant())
        .http_date(instant())
        .color(Color::Red)
        .priority(Priority::Low)
        .send()
        .await
        .expect_err("an empty label is rejected");

    let sdk = match &error {
        GetLabelsError::Sdk(inner) => Some(inner),
        _ => None,
    };
    assert_invalid_input(&error, sdk, "`text`");
    assert!(server.requests().is_empty());
}

// ---------------------------------------------------------------------------
// Greedy labels, streaming blob payloads and prefix headers.

#[tokio::test]
async fn greedy_label_keeps_slashes() {
    let cases = [
        ("photos/2024/a b.jpg", "photos/2024/a%20b.jpg"),
        ("a/../b", "a/%2E%2E/b"),
        ("./x", "%2E/x"),
        ("q?x=1#f%", "q%3Fx%3D1%23f%25"),
        ("dir/ä", "dir/%C3%A4"),
    ];
    let responses = cases
        .iter()
        .map(|_| CannedResponse::bytes(201, "", Vec::new()))
        .collect();
    let server = TestServer::start(responses).await;
    let client = client(&server);

    for (key, _) in cases {
        client
            .put_object()
            .bucket("my bucket")
            .key(key)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{key:?}: {e}"));
    }

    for (request, (key, encoded)) in server.requests().iter().zip(cases) {
        assert_eq!(request.method, http::Method::PUT, "{key:?}");
        assert_eq!(
            request.path_and_query,
            format!("/buckets/my%20bucket/objects/{encoded}?x-id=PutObject"),
            "{key:?}"
        );
    }
}

#[tokio::test]
async fn empty_greedy_label_rejected() {
    let server = TestServer::start(Vec::new()).await;

    let error = client(&server)
        .put_object()
        .bucket("b")
        .key("")
        .send()
        .await
        .expect_err("an empty key is rejected");

    let sdk = match &error {
        PutObjectError::Sdk(inner) => Some(inner),
        _ => None,
    };
    assert_invalid_input(&error, sdk, "`key`");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn streaming_blob_payload_is_sent_as_raw_bytes() {
    let response = CannedResponse::bytes(201, "", Vec::new()).header("x-amz-version-id", "v-7");
    let server = TestServer::start(vec![response]).await;
    let bytes: Vec<u8> = (0..=255).collect();

    let output = client(&server)
        .put_object()
        .bucket("b")
        .key("k")
        .body(bytes.clone())
        .metadata("owner", "alice")
        .metadata("Project-Name", "wire tests")
        .send()
        .await
        .expect("the call succeeds");

    let request = only_request(&server);
    assert_eq!(&request.body[..], &bytes[..]);
    assert_eq!(
        header(&request, "content-type"),
        Some("application/octet-stream")
    );
    assert_eq!(header(&request, "content-length"), Some("256"));
    assert_eq!(header(&request, "x-amz-meta-owner"), Some("alice"));
    assert_eq!(
        header(&request, "x-amz-meta-project-name"),
        Some("wire tests")
    );

    assert_eq!(output.version_id.as_deref(), Some("v-7"));
    assert_eq!(output.status, Some(201));
}

#[tokio::test]
async fn content_type_member_wins() {
    let server = TestServer::start(vec![CannedResponse::bytes(201, "", Vec::new())]).await;

    client(&server)
        .put_object()
        .bucket("b")
        .key("photo.jpg")
        .content_type("image/jpeg")
        .body(b"\xff\xd8\xff".to_vec())
        .send()
        .await
        .expect("the call succeeds");

    let request = only_request(&server);
    let content_types: Vec<_> = request.headers.get_all("content-type").iter().collect();
    assert_eq!(content_types, ["image/jpeg"]);
    assert_eq!(&request.body[..], b"\xff\xd8\xff");
}

#[tokio::test]
async fn prefix_header_with_line_break_rejected() {
    let server = TestServer::start(Vec::new()).await;

    let value_error = client(&server)
        .put_object()
        .bucket("b")
        .key("k")
        .metadata("owner", "alice\r\nx-amz-meta-admin: true")
        .send()
        .await
        .expect_err("a header value with CR/LF is rejected");
    let key_error = client(&server)
        .put_object()
        .bucket("b")
        .key("k")
        .metadata("bad key\r\n", "v")
        .send()
        .await
        .expect_err("a header name with spaces and CR/LF is rejected");

    for error in [value_error, key_error] {
        let sdk = match &error {
            PutObjectError::Sdk(inner) => Some(inner),
            _ => None,
        };
        assert_invalid_input(&error, sdk, "header");
    }
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn streaming_blob_output_and_headers_are_read() {
    let body: Vec<u8> = b"\x00\x01 raw \xfe\xff".to_vec();
    let response = CannedResponse::bytes(200, "application/x-custom", body.clone())
        .header("last-modified", HTTP_DATE)
        .header("x-amz-meta-owner", "alice")
        .header("x-amz-meta-Tag", "one")
        .header("x-amz-meta-tag", "two");
    let server = TestServer::start(vec![response]).await;

    let output = client(&server)
        .get_object()
        .bucket("b")
        .key("dir/file.bin")
        .range("bytes=0-9")
        .send()
        .await
        .expect("the call succeeds");

    let request = only_request(&server);
    assert_eq!(request.method, http::Method::GET);
    assert_eq!(request.path_and_query, "/buckets/b/objects/dir/file.bin");
    assert_eq!(header(&request, "range"), Some("bytes=0-9"));
    assert!(request.body.is_empty());

    assert_eq!(output.body.as_ref().map(Blob::as_bytes), Some(&body[..]));
    assert_eq!(output.content_type.as_deref(), Some("application/x-custom"));
    assert_eq!(output.content_length, Some(body.len() as i64));
    assert_eq!(
        output.last_modified,
        Some(DateTime::from_secs(1_576_540_098))
    );
    assert_eq!(output.status, Some(200));
    let metadata = output.metadata.expect("prefix headers are read");
    let expected = HashMap::from([
        ("owner".to_string(), "alice".to_string()),
        ("tag".to_string(), "one, two".to_string()),
    ]);
    assert_eq!(metadata, expected);
}

#[tokio::test]
async fn empty_streaming_output_is_empty_blob() {
    let server = TestServer::start(vec![CannedResponse::bytes(200, "", Vec::new())]).await;

    let output = client(&server)
        .get_object()
        .bucket("b")
        .key("k")
        .send()
        .await
        .expect("the call succeeds");

    assert_eq!(output.body.as_ref().map(Blob::as_bytes), Some(&b""[..]));
    assert_eq!(output.metadata, None);
    assert_eq!(output.last_modified, None);
}

// ---------------------------------------------------------------------------
// Errors with header members, HTTP status codes and retry traits.

#[tokio::test]
async fn not_found_reads_header_and_body_members() {
    let response =
        CannedResponse::json(404, r#"{"message":"no such key","resourceType":"object"}"#)
            .header("x-amzn-errortype", "NotFound")
            .header("x-amzn-requestid", "req-404")
            .header("x-resource-id", "b/k");
    let server = TestServer::start(vec![response]).await;

    let error = client(&server)
        .get_object()
        .bucket("b")
        .key("k")
        .send()
        .await
        .expect_err("the call fails");

    let GetObjectError::NotFound(not_found) = &error else {
        panic!("expected NotFound, got {error:?}");
    };
    assert_eq!(not_found.message.as_deref(), Some("no such key"));
    assert_eq!(not_found.resource_type.as_deref(), Some("object"));
    assert_eq!(not_found.resource_id.as_deref(), Some("b/k"));
    assert_eq!(not_found.meta().status(), 404);
    assert_eq!(error.code(), Some("NotFound"));
    assert_eq!(error.request_id(), Some("req-404"));
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn error_code_from_body_type() {
    let body = json!({"__type": "ingot.wire.rest#NotFound:http://internal.amazon.com/coral/", "message": "gone"});
    let response = CannedResponse::json(404, &body.to_string()).header("x-resource-id", "id-1");
    let server = TestServer::start(vec![response]).await;

    let error = client(&server)
        .get_object()
        .bucket("b")
        .key("k")
        .send()
        .await
        .expect_err("the call fails");

    let GetObjectError::NotFound(not_found) = &error else {
        panic!("expected NotFound, got {error:?}");
    };
    assert_eq!(not_found.message.as_deref(), Some("gone"));
    assert_eq!(not_found.resource_id.as_deref(), Some("id-1"));
}

#[tokio::test]
async fn throttled_reads_retry_after_header() {
    let response = CannedResponse::json(429, r#"{"message":"slow down"}"#)
        .header("x-amzn-errortype", "Throttled")
        .header("retry-after", "30");
    let server = TestServer::start(vec![response]).await;

    let error = client(&server)
        .echo_body()
        .id("x")
        .send()
        .await
        .expect_err("the call fails");

    let EchoBodyError::Throttled(throttled) = &error else {
        panic!("expected Throttled, got {error:?}");
    };
    assert_eq!(throttled.retry_after, Some(30));
    assert_eq!(throttled.message.as_deref(), Some("slow down"));
    assert_eq!(throttled.meta().status(), 429);
    assert!(error.is_throttling());
    assert!(error.is_retryable());
}

#[tokio::test]
async fn bad_error_header_becomes_unmodeled() {
    // A modeled error whose header member cannot be read still reports the
    // status, code and message.
    let response = CannedResponse::json(429, r#"{"message":"slow down"}"#)
        .header("x-amzn-errortype", "Throttled")
        .header("retry-after", "soon");
    let server = TestServer::start(vec![response]).await;

    let error = client(&server)
        .echo_body()
        .id("x")
        .send()
        .await
        .expect_err("the call fails");

    let EchoBodyError::Unmodeled(metadata) = &error else {
        panic!("expected Unmodeled, got {error:?}");
    };
    assert_eq!(metadata.code(), Some("Throttled"));
    assert_eq!(metadata.status(), 429);
    assert_eq!(metadata.message(), Some("slow down"));
}

#[tokio::test]
async fn service_error_applies_to_every_operation() {
    let response = CannedResponse::json(500, r#"{"__type":"ServerFault","message":"oops"}"#);
    let server = TestServer::start(vec![response]).await;

    let error = client(&server)
        .get_object()
        .bucket("b")
        .key("k")
        .send()
        .await
        .expect_err("the call fails");

    let GetObjectError::ServerFault(fault) = &error else {
        panic!("expected ServerFault, got {error:?}");
    };
    assert_eq!(fault.message.as_deref(), Some("oops"));
    assert_eq!(fault.meta().status(), 500);
    assert!(error.is_retryable());
}

#[tokio::test]
async fn error_shape_named_error() {
    let response = CannedResponse::json(409, r#"{"message":"conflict","meta":"from body"}"#)
        .header("x-amzn-errortype", "Error")
        .header("x-reason", "duplicate");
    let server = TestServer::start(vec![response]).await;

    let error = client(&server)
        .collisions()
        .send()
        .await
        .expect_err("the call fails");

    let CollisionsError::Error(inner) = &error else {
        panic!("expected the Error variant, got {error:?}");
    };
    assert_eq!(inner.message.as_deref(), Some("conflict"));
    assert_eq!(inner.meta_value.as_deref(), Some("from body"));
    assert_eq!(inner.reason.as_deref(), Some("duplicate"));
    assert_eq!(inner.meta().status(), 409);
}

// ---------------------------------------------------------------------------
// Query parameters.

#[tokio::test]
async fn query_of_every_scalar_type_and_map() {
    let server = TestServer::start(vec![ok_json(json!({}))]).await;

    client(&server)
        .list_query()
        .text("a b&c=d")
        .count(-3)
        .enabled(false)
        .ratio(0.25)
        .at(instant())
        .epoch(instant())
        .http_date(instant())
        .texts("x")
        .texts("y/z")
        .texts("")
        .counts(1)
        .counts(2)
        .dates(instant())
        .dates(next_second())
        .epochs(instant())
        .epochs(next_second())
        .color(Color::Unknown("teal".into()))
        .priority(Priority::Medium)
        .params("Text", "dropped: the member is set")
        .params("zeta", "last")
        .params("alpha", "1 2")
        .params("literal", "dropped: the URI sets it")
        .send()
        .await
        .expect("the call succeeds");

    let request = only_request(&server);
    let expected = [
        "/query?literal=yes",
        "Text=a%20b%26c%3Dd",
        "Count=-3",
        "Enabled=false",
        "Ratio=0.25",
        "At=2019-12-16T23%3A48%3A18.52Z",
        "Epoch=1576540098.52",
        "HttpDate=Mon%2C%2016%20Dec%202019%2023%3A48%3A18%20GMT",
        "Texts=x",
        "Texts=y%2Fz",
        "Texts=",
        "Counts=1",
        "Counts=2",
        "Dates=2019-12-16T23%3A48%3A18.52Z",
        "Dates=2019-12-16T23%3A48%3A19Z",
        "Epochs=1576540098.52",
        "Epochs=1576540099",
        "Color=teal",
        "Priority=5",
        "alpha=1%202",
        "zeta=last",
    ]
    .join("&");
    assert_eq!(request.path_and_query, expected);
}

#[tokio::test]
async fn query_map_key_used_when_member_unset() {
    let server = TestServer::start(vec![ok_json(json!({})), ok_json(json!({}))]).await;

    client(&server)
        .list_query()
        .params("Text", "from map")
        .send()
        .await
        .unwrap();
    client(&server).list_query().send().await.unwrap();

    let requests = server.requests();
    assert_eq!(
        requests[0].path_and_query,
        "/query?literal=yes&Text=from%20map"
    );
    assert_eq!(requests[1].path_and_query, "/query?literal=yes");
}

#[tokio::test]
async fn query_params_map_of_lists() {
    let server = TestServer::start(vec![ok_json(json!({}))]).await;

    client(&server)
        .list_query_lists()
        .token("t 1")
        .params("tag", vec!["a".to_string(), "b c".to_string()])
        .params("token", vec!["dropped".to_string()])
        .params("empty", Vec::<String>::new())
        .send()
        .await
        .expect("the call succeeds");

    let request = only_request(&server);
    assert_eq!(
        request.path_and_query,
        "/query-lists?token=t%201&tag=a&tag=b%20c"
    );
}

// ---------------------------------------------------------------------------
// Headers.

#[tokio::test]
async fn headers_of_every_scalar_type_are_sent() {
    let server = TestServer::start(vec![ok_json(json!({}))]).await;

    client(&server)
        .headers()
        .text("plain text")
        .byte_value(-8_i8)
        .short_value(300_i16)
        .count(-42)
        .long_value(9_007_199_254_740_993_i64)
        .float_value(1.5)
        .double_value(f64::NEG_INFINITY)
        .enabled(true)
        .at(instant())
        .date_time(instant())
        .epoch(instant())
        .json(r#"{"a":1}"#)
        .texts("a")
        .texts("b,c")
        .texts(" d")
        .texts("e\"f")
        .counts(1)
        .counts(2)
        .counts(3)
        .flags(true)
        .flags(false)
        .dates(instant())
        .dates(next_second())
        .date_times(instant())
        .date_times(next_second())
        .epochs(instant())
        .epochs(next_second())
        .color(Color::Green)
        .colors(Color::Red)
        .colors(Color::Unknown("teal".into()))
        .priority(Priority::Medium)
        .send()
        .await
        .expect("the call succeeds");

    let request = only_request(&server);
    assert_eq!(request.method, http::Method::POST);
    assert_eq!(request.path_and_query, "/headers");
    let expected = [
        ("x-text", "plain text"),
        ("x-byte", "-8"),
        ("x-short", "300"),
        ("x-integer", "-42"),
        ("x-long", "9007199254740993"),
        ("x-float", "1.5"),
        ("x-double", "-Infinity"),
        ("x-boolean", "true"),
        ("x-timestamp", HTTP_DATE),
        ("x-date-time", DATE_TIME),
        ("x-epoch", EPOCH),
        ("x-json", "eyJhIjoxfQ=="),
        ("x-texts", r#"a, "b,c", " d", "e\"f""#),
        ("x-counts", "1, 2, 3"),
        ("x-flags", "true, false"),
        (
            "x-dates",
            "Mon, 16 Dec 2019 23:48:18 GMT, Mon, 16 Dec 2019 23:48:19 GMT",
        ),
        (
            "x-date-times",
            "2019-12-16T23:48:18.52Z, 2019-12-16T23:48:19Z",
        ),
        ("x-epochs", "1576540098.52, 1576540099"),
        ("x-color", "green"),
        ("x-colors", "red, teal"),
        ("x-priority", "5"),
    ];
    for (name, value) in expected {
        assert_eq!(header(&request, name), Some(value), "header {name}");
    }
    assert!(request.body.is_empty(), "no member is in the body");
    assert_eq!(header(&request, "content-type"), None);
}

#[tokio::test]
async fn unset_headers_are_not_sent() {
    let server = TestServer::start(vec![ok_json(json!({}))]).await;

    client(&server)
        .headers()
        .text("")
        .set_texts(Some(Vec::new()))
        .send()
        .await
        .expect("the call succeeds");

    // Only unset members send no header: an empty string and an empty
    // list are sent as empty values.
    let request = only_request(&server);
    let mut custom: Vec<&str> = request
        .headers
        .keys()
        .map(|name| name.as_str())
        .filter(|name| name.starts_with("x-") && !name.starts_with("x-amz-"))
        .collect();
    custom.sort_unstable();
    assert_eq!(custom, ["x-text", "x-texts"]);
    assert_eq!(header(&request, "x-text"), Some(""));
    assert_eq!(header(&request, "x-texts"), Some(""));
}

#[tokio::test]
async fn headers_of_every_scalar_type_are_read() {
    let response = CannedResponse::bytes(200, "", Vec::new())
        .header("x-text", "plain text")
        .header("x-byte", "-8")
        .header("x-short", "300")
        .header("x-integer", "-42")
        .header("x-long", "9007199254740993")
        .header("x-float", "1.5")
        .header("x-double", "NaN")
        .header("x-boolean", "false")
        .header("x-timestamp", HTTP_DATE)
        .header("x-date-time", DATE_TIME)
        .header("x-epoch", EPOCH)
        .header("x-json", "eyJhIjoxfQ==")
        .header("x-texts", r#"a, "b,c", " d""#)
        .header("x-texts", "e")
        .header("x-counts", "1,2, 3")
        .header("x-flags", "true, false")
        .header(
            "x-dates",
            "Mon, 16 Dec 2019 23:48:18 GMT, Mon, 16 Dec 2019 23:48:19 GMT",
        )
        .header(
            "x-date-times",
            "2019-12-16T23:48:18.52Z, 2019-12-16T23:48:19Z",
        )
        .header("x-epochs", "1576540098.52, 1576540099")
        .header("x-color", "purple")
        .header("x-colors", "red, teal")
        .header("x-priority", "99");
    let server = TestServer::start(vec![response]).await;

    let output = client(&server)
        .headers()
        .send()
        .await
        .expect("the call succeeds");

    assert_eq!(output.text.as_deref(), Some("plain text"));
    assert_eq!(output.byte_value, Some(-8));
    assert_eq!(output.short_value, Some(300));
    assert_eq!(output.count, Some(-42));
    assert_eq!(output.long_value, Some(9_007_199_254_740_993));
    assert_eq!(output.float_value, Some(1.5));
    assert!(
        output.double_value.is_some_and(f64::is_nan),
        "{:?}",
        output.double_value
    );
    assert_eq!(output.enabled, Some(false));
    assert_eq!(output.at, Some(DateTime::from_secs(1_576_540_098)));
    assert_eq!(output.date_time, Some(instant()));
    assert_eq!(output.epoch, Some(instant()));
    assert_eq!(output.json.as_deref(), Some(r#"{"a":1}"#));
    assert_eq!(
        output.texts,
        Some(vec!["a".into(), "b,c".into(), " d".into(), "e".into()])
    );
    assert_eq!(output.counts, Some(vec![1, 2, 3]));
    assert_eq!(output.flags, Some(vec![true, false]));
    assert_eq!(
        output.dates,
        Some(vec![DateTime::from_secs(1_576_540_098), next_second()])
    );
    assert_eq!(output.date_times, Some(vec![instant(), next_second()]));
    assert_eq!(output.epochs, Some(vec![instant(), next_second()]));
    assert_eq!(output.color, Some(Color::Unknown("purple".into())));
    assert_eq!(
        output.colors,
        Some(vec![Color::Red, Color::Unknown("teal".into())])
    );
    assert_eq!(output.priority, Some(Priority::Unknown(99)));
}

#[tokio::test]
async fn http_date_header_list_in_quoted_form() {
    let response = CannedResponse::bytes(200, "", Vec::new()).header(
        "x-dates",
        r#""Mon, 16 Dec 2019 23:48:18 GMT", "Mon, 16 Dec 2019 23:48:19 GMT""#,
    );
    let server = TestServer::start(vec![response]).await;

    let output = client(&server)
        .headers()
        .send()
        .await
        .expect("the call succeeds");

    assert_eq!(
        output.dates,
        Some(vec![DateTime::from_secs(1_576_540_098), next_second()])
    );
}

#[tokio::test]
async fn header_line_break_rejected() {
    let server = TestServer::start(Vec::new()).await;

    for value in ["a\r\nx-evil: 1", "a\nb", "a\rb"] {
        let error = client(&server)
            .headers()
            .text(value)
            .send()
            .await
            .expect_err("CR/LF is rejected");
        let sdk = match &error {
            HeadersError::Sdk(inner) => Some(inner),
            _ => None,
        };
        assert_invalid_input(&error, sdk, "X-Text");
    }
    let error = client(&server)
        .headers()
        .texts("ok")
        .texts("b\r\nc")
        .send()
        .await
        .expect_err("CR/LF is rejected");
    assert!(
        matches!(&error, HeadersError::Sdk(e) if e.kind() == ErrorKind::InvalidInput),
        "{error:?}"
    );
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn media_type_header_allows_line_breaks() {
    // Base64 has no line breaks, so a `@mediaType` string may contain them.
    let server = TestServer::start(vec![ok_json(json!({}))]).await;

    client(&server)
        .headers()
        .json("{\r\n}")
        .send()
        .await
        .expect("the call succeeds");

    let request = only_request(&server);
    assert_eq!(header(&request, "x-json"), Some("ew0KfQ=="));
}

#[tokio::test]
async fn invalid_header_value_names_the_header() {
    let response = CannedResponse::bytes(200, "", Vec::new()).header("x-integer", "12x");
    let server = TestServer::start(vec![response]).await;

    let error = client(&server)
        .headers()
        .send()
        .await
        .expect_err("the header is not an integer");

    let HeadersError::Sdk(inner) = &error else {
        panic!("expected Sdk, got {error:?}");
    };
    assert_eq!(inner.kind(), ErrorKind::InvalidResponse);
    assert!(inner.message().contains("X-Integer"), "{inner}");
    assert!(inner.message().contains("12x"), "{inner}");
}

#[tokio::test]
async fn invalid_timestamp_header_names_the_header() {
    let response = CannedResponse::bytes(200, "", Vec::new()).header("x-date-time", HTTP_DATE);
    let server = TestServer::start(vec![response]).await;

    let error = client(&server)
        .headers()
        .send()
        .await
        .expect_err("the header is not a date-time");

    let HeadersError::Sdk(inner) = &error else {
        panic!("expected Sdk, got {error:?}");
    };
    assert_eq!(inner.kind(), ErrorKind::InvalidResponse);
    assert!(inner.message().contains("X-Date-Time"), "{inner}");
}

// ---------------------------------------------------------------------------
// Payloads of each kind.

#[tokio::test]
async fn blob_payload_with_media_type() {
    let png = b"\x89PNG\r\n\x1a\n\x00\x00".to_vec();
    let response = CannedResponse::bytes(200, "image/png", b"\x89PNG reply".to_vec());
    let server = TestServer::start(vec![response]).await;

    let output = client(&server)
        .put_image()
        .name("logo")
        .image(png.clone())
        .send()
        .await
        .expect("the call succeeds");

    let request = only_request(&server);
    assert_eq!(request.method, http::Method::PUT);
    assert_eq!(request.path_and_query, "/images/logo");
    assert_eq!(header(&request, "content-type"), Some("image/png"));
    assert_eq!(&request.body[..], &png[..]);
    assert_eq!(
        output.image.as_ref().map(Blob::as_bytes),
        Some(&b"\x89PNG reply"[..])
    );
    assert_eq!(output.content_type.as_deref(), Some("image/png"));
}

#[tokio::test]
async fn unset_blob_payload_sends_no_body() {
    let server = TestServer::start(vec![CannedResponse::bytes(200, "", Vec::new())]).await;

    let output = client(&server)
        .put_image()
        .name("logo")
        .send()
        .await
        .expect("the call succeeds");

    let request = only_request(&server);
    assert!(request.body.is_empty());
    assert_eq!(header(&request, "content-type"), None);
    assert_eq!(output.image, None);
}

#[tokio::test]
async fn text_payload_with_media_type() {
    let response = CannedResponse::bytes(200, "text/plain", "réponse\n".as_bytes().to_vec());
    let server = TestServer::start(vec![response]).await;

    let output = client(&server)
        .put_text()
        .text("# Title\n\nbody ä")
        .send()
        .await
        .expect("the call succeeds");

    let request = only_request(&server);
    assert_eq!(header(&request, "content-type"), Some("text/markdown"));
    assert_eq!(&request.body[..], "# Title\n\nbody ä".as_bytes());
    assert_eq!(output.text.as_deref(), Some("réponse\n"));
}

#[tokio::test]
async fn text_payload_that_is_not_utf8_is_invalid() {
    let server = TestServer::start(vec![CannedResponse::bytes(
        200,
        "text/plain",
        vec![0xff, 0xfe],
    )])
    .await;

    let error = client(&server)
        .put_text()
        .send()
        .await
        .expect_err("the body is not UTF-8");

    assert!(
        matches!(&error, wire_rest::operation::put_text::PutTextError::Sdk(e) if e.kind() == ErrorKind::InvalidResponse),
        "{error:?}"
    );
}

#[tokio::test]
async fn enum_payload_keeps_unknown_value() {
    let server = TestServer::start(vec![CannedResponse::bytes(
        200,
        "text/plain",
        b"purple".to_vec(),
    )])
    .await;

    let output = client(&server)
        .put_color()
        .color(Color::Blue)
        .send()
        .await
        .expect("the call succeeds");

    let request = only_request(&server);
    assert_eq!(header(&request, "content-type"), Some("text/plain"));
    assert_eq!(&request.body[..], b"blue");
    assert_eq!(output.color, Some(Color::Unknown("purple".into())));
}

fn small_thing() -> Thing {
    Thing::builder()
        .text("inside")
        .date_time(instant())
        .http_date(instant())
        .epoch_default(instant())
        .epochs(instant())
        .renamed("json name")
        .priority(Priority::Low)
        .build()
}

fn small_thing_json() -> Value {
    json!({
        "text": "inside",
        "dateTime": DATE_TIME,
        "httpDate": HTTP_DATE,
        "epochDefault": 1_576_540_098.52,
        "epochs": [1_576_540_098.52],
        "wire_name": "json name",
        "priority": 1
    })
}

#[tokio::test]
async fn structure_payload_is_the_json_body() {
    let response = ok_json(small_thing_json()).header("x-tag", "reply-tag");
    let server = TestServer::start(vec![response]).await;

    let output = client(&server)
        .put_structure()
        .thing(small_thing())
        .tag("t-1")
        .send()
        .await
        .expect("the call succeeds");

    let request = only_request(&server);
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    assert_eq!(header(&request, "x-tag"), Some("t-1"));
    assert_eq!(body_json(&request), small_thing_json());

    let mut expected = small_thing();
    // http-date has no fraction.
    expected.http_date = Some(DateTime::from_secs(1_576_540_098));
    assert_eq!(output.thing, Some(expected));
    assert_eq!(output.tag.as_deref(), Some("reply-tag"));
}

#[tokio::test]
async fn empty_structure_payload_reads_as_none() {
    let server = TestServer::start(vec![CannedResponse::bytes(200, "", Vec::new())]).await;

    let output = client(&server)
        .put_structure()
        .send()
        .await
        .expect("the call succeeds");

    // An unset structure payload is sent as an empty JSON object.
    let request = only_request(&server);
    assert_eq!(request.body.as_ref(), b"{}");
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    assert_eq!(output.thing, None);
}

#[tokio::test]
async fn union_payload_and_unknown_member() {
    let response = ok_json(json!({"power": {"base": 2, "exponent": 8}}));
    let server = TestServer::start(vec![response]).await;
    let expression = Expression::Negate(Box::new(Expression::Sum(vec![
        Expression::Literal(1),
        Expression::Name("x".into()),
        Expression::At(instant()),
    ])));

    let output = client(&server)
        .put_union()
        .expression(expression)
        .send()
        .await
        .expect("the call succeeds");

    let request = only_request(&server);
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    // The `name` member travels under its `@jsonName`.
    let expected =
        json!({"negate": {"sum": [{"literal": 1}, {"identifier": "x"}, {"at": DATE_TIME}]}});
    assert_eq!(body_json(&request), expected);
    assert_eq!(output.expression, Some(Expression::Unknown("power".into())));
}

#[tokio::test]
async fn unset_union_payload_sends_empty_body() {
    let server = TestServer::start(vec![CannedResponse::bytes(200, "", Vec::new())]).await;

    let output = client(&server)
        .put_union()
        .send()
        .await
        .expect("the call succeeds");

    let request = only_request(&server);
    assert!(request.body.is_empty());
    assert_eq!(header(&request, "content-length"), Some("0"));
    assert_eq!(header(&request, "content-type"), None);
    assert_eq!(output.expression, None);
}

#[tokio::test]
async fn union_with_two_members_is_invalid() {
    let server = TestServer::start(vec![ok_json(json!({"literal": 1, "identifier": "x"}))]).await;

    let error = client(&server)
        .put_union()
        .send()
        .await
        .expect_err("a union has one member");

    let wire_rest::operation::put_union::PutUnionError::Sdk(inner) = &error else {
        panic!("expected Sdk, got {error:?}");
    };
    assert_eq!(inner.kind(), ErrorKind::InvalidResponse);
    assert!(inner.message().contains("more than one member"), "{inner}");
}

#[tokio::test]
async fn document_payload_round_trips() {
    let document = json!({"list": [1, null, {"b": true}], "n": -1.5, "s": "x"});
    let server = TestServer::start(vec![CannedResponse::json(200, r#""just a string""#)]).await;

    let output = client(&server)
        .put_document()
        .document(document.clone())
        .send()
        .await
        .expect("the call succeeds");

    let request = only_request(&server);
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    assert_eq!(body_json(&request), document);
    assert_eq!(output.document, Some(json!("just a string")));
}

// ---------------------------------------------------------------------------
// JSON body members of every type.

fn tree() -> TreeNode {
    let leaf = |value: &str| {
        TreeNode::builder()
            .value(value)
            .build()
    };
    let left = TreeNode::builder()
        .value("l")
        .right(leaf("lr"))
        .build();
    TreeNode::builder()
        .value("root")
        .left(left)
        .children(leaf("c1"))
        .children(leaf("c2"))
        .build()
}

fn tree_json() -> Value {
    json!({
        "value": "root",
        "left": {"value": "l", "right": {"value": "lr"}},
        "children": [{"value": "c1"}, {"value": "c2"}]
    })
}

fn expression() -> Expression {
    Expression::Sum(vec![
        Expression::Literal(2),
        Expression::Negate(Box::new(Expression::Name("n".into()))),
        Expression::At(instant()),
    ])
}

fn expression_json() -> Value {
    json!({"sum": [{"literal": 2}, {"negate": {"identifier": "n"}}, {"at": DATE_TIME}]})
}

/// Every body member with a value, as `EchoBody` sends and returns them.
fn every_body_member_json() -> Value {
    json!({
        "text": "hello \"world\"\n",
        "byteValue": -8,
        "shortValue": 300,
        "count": 42,
        "longValue": 9_007_199_254_740_993_i64,
        "floatValue": 1.5,
        "doubleValue": -0.25,
        "enabled": false,
        "data": "AP9iaW5hcnk=",
        "document": {"nested": [1, null, {"b": true}], "s": "x"},
        "epochDefault": 1_576_540_098.52,
        "epochExplicit": 1_576_540_099,
        "dateTime": DATE_TIME,
        "httpDate": HTTP_DATE,
        "color": "blue",
        "priority": 10,
        "expression": expression_json(),
        "tree": tree_json(),
        "texts": ["a", "b"],
        "sparseTexts": ["a", null, "c"],
        "textMap": {"k": "v"},
        "sparseTextMap": {"k": null, "j": "x"},
        "dateTimes": [DATE_TIME, "2019-12-16T23:48:19Z"],
        "sparseDateTimes": [null, DATE_TIME],
        "epochs": [1_576_540_098.52, 1_576_540_099],
        "httpDates": {"when": HTTP_DATE},
        "colors": ["red", "purple"],
        "wire_name": "renamed value",
        "thing": small_thing_json()
    })
}

#[tokio::test]
async fn body_members_of_every_type_are_written() {
    let server = TestServer::start(vec![ok_json(json!({}))]).await;

    client(&server)
        .echo_body()
        .id("item/1")
        .text("hello \"world\"\n")
        .byte_value(-8_i8)
        .short_value(300_i16)
        .count(42)
        .long_value(9_007_199_254_740_993_i64)
        .float_value(1.5)
        .double_value(-0.25)
        .enabled(false)
        .data(b"\x00\xffbinary".to_vec())
        .document(json!({"nested": [1, null, {"b": true}], "s": "x"}))
        .epoch_default(instant())
        .epoch_explicit(next_second())
        .date_time(instant())
        .http_date(instant())
        .color(Color::Blue)
        .priority(Priority::High)
        .expression(expression())
        .tree(tree())
        .texts("a")
        .texts("b")
        .set_sparse_texts(Some(vec![Some("a".into()), None, Some("c".into())]))
        .text_map("k", "v")
        .sparse_text_map("k", None::<String>)
        .sparse_text_map("j", Some("x".to_string()))
        .date_times(instant())
        .date_times(next_second())
        .set_sparse_date_times(Some(vec![None, Some(instant())]))
        .epochs(instant())
        .epochs(next_second())
        .http_dates("when", instant())
        .colors(Color::Red)
        .colors(Color::Unknown("purple".into()))
        .renamed("renamed value")
        .thing(small_thing())
        .send()
        .await
        .expect("the call succeeds");

    let request = only_request(&server);
    assert_eq!(request.method, http::Method::POST);
    assert_eq!(request.path_and_query, "/body/item%2F1");
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    let body = body_json(&request);
    let expected = every_body_member_json();
    // Compare key by key first, so that a failure names the member.
    for (key, value) in expected.as_object().unwrap() {
        assert_eq!(body.get(key), Some(value), "body member {key}");
    }
    assert_eq!(body, expected);
    assert!(body.get("id").is_none(), "a label is not in the body");
    assert!(
        body.get("renamed").is_none(),
        "the member travels under its jsonName"
    );
}

#[tokio::test]
async fn body_members_of_every_type_are_read() {
    let response = CannedResponse::json(202, &every_body_member_json().to_string())
        .header("x-request-id", "rid-9");
    let server = TestServer::start(vec![response]).await;

    let output = client(&server)
        .echo_body()
        .id("x")
        .send()
        .await
        .expect("the call succeeds");

    assert_eq!(output.text.as_deref(), Some("hello \"world\"\n"));
    assert_eq!(output.byte_value, Some(-8));
    assert_eq!(output.short_value, Some(300));
    assert_eq!(output.count, Some(42));
    assert_eq!(output.long_value, Some(9_007_199_254_740_993));
    assert_eq!(output.float_value, Some(1.5));
    assert_eq!(output.double_value, Some(-0.25));
    assert_eq!(output.enabled, Some(false));
    assert_eq!(
        output.data.as_ref().map(Blob::as_bytes),
        Some(&b"\x00\xffbinary"[..])
    );
    assert_eq!(
        output.document,
        Some(json!({"nested": [1, null, {"b": true}], "s": "x"}))
    );
    assert_eq!(output.epoch_default, Some(instant()));
    assert_eq!(output.epoch_explicit, Some(next_second()));
    assert_eq!(output.date_time, Some(instant()));
    assert_eq!(output.http_date, Some(DateTime::from_secs(1_576_540_098)));
    assert_eq!(output.color, Some(Color::Blue));
    assert_eq!(output.priority, Some(Priority::High));
    assert_eq!(output.expression, Some(expression()));
    assert_eq!(output.tree, Some(tree()));
    assert_eq!(output.texts, Some(vec!["a".into(), "b".into()]));
    assert_eq!(
        output.sparse_texts,
        Some(vec![Some("a".into()), None, Some("c".into())])
    );
    assert_eq!(
        output.text_map,
        Some(HashMap::from([("k".into(), "v".into())]))
    );
    assert_eq!(
        output.sparse_text_map,
        Some(HashMap::from([
            ("k".into(), None),
            ("j".into(), Some("x".into()))
        ]))
    );
    assert_eq!(output.date_times, Some(vec![instant(), next_second()]));
    assert_eq!(output.sparse_date_times, Some(vec![None, Some(instant())]));
    assert_eq!(output.epochs, Some(vec![instant(), next_second()]));
    assert_eq!(
        output.http_dates,
        Some(HashMap::from([(
            "when".into(),
            DateTime::from_secs(1_576_540_098)
        )]))
    );
    assert_eq!(
        output.colors,
        Some(vec![Color::Red, Color::Unknown("purple".into())])
    );
    assert_eq!(output.renamed.as_deref(), Some("renamed value"));
    let mut thing = small_thing();
    thing.http_date = Some(DateTime::from_secs(1_576_540_098));
    assert_eq!(output.thing, Some(thing));
    assert_eq!(output.request_id.as_deref(), Some("rid-9"));
    assert_eq!(output.status, Some(202));
}

#[tokio::test]
async fn epoch_seconds_fractions_and_exponents_are_read() {
    let body = json!({
        "epochDefault": 1_576_540_098.123,
        "epochExplicit": -1.5,
        "epochs": [1.5e9, 0, 946_684_800.001]
    });
    let server = TestServer::start(vec![ok_json(body)]).await;

    let output = client(&server)
        .echo_body()
        .id("x")
        .send()
        .await
        .expect("the call succeeds");

    assert_eq!(
        output.epoch_default,
        Some(DateTime::from_secs_and_nanos(1_576_540_098, 123_000_000))
    );
    assert_eq!(
        output.epoch_explicit,
        Some(DateTime::from_secs_and_nanos(-2, 500_000_000))
    );
    let epochs = output.epochs.expect("epochs are read");
    assert_eq!(
        epochs,
        [
            DateTime::from_secs(1_500_000_000),
            DateTime::UNIX_EPOCH,
            DateTime::from_secs_and_nanos(946_684_800, 1_000_000)
        ]
    );
}

#[tokio::test]
async fn wrong_timestamp_type_names_member() {
    let server =
        TestServer::start(vec![ok_json(json!({"thing": {"dateTime": 1_576_540_098}}))]).await;

    let error = client(&server)
        .echo_body()
        .id("x")
        .send()
        .await
        .expect_err("a date-time is a string");

    let EchoBodyError::Sdk(inner) = &error else {
        panic!("expected Sdk, got {error:?}");
    };
    assert_eq!(inner.kind(), ErrorKind::InvalidResponse);
    assert!(inner.message().contains("$.thing.dateTime"), "{inner}");
}

#[tokio::test]
async fn recursive_wrong_type_names_path() {
    let body =
        json!({"tree": {"value": "root", "left": {"value": "l", "children": [{"value": 5}]}}});
    let server = TestServer::start(vec![ok_json(body)]).await;

    let error = client(&server)
        .echo_body()
        .id("x")
        .send()
        .await
        .expect_err("value is a string");

    let EchoBodyError::Sdk(inner) = &error else {
        panic!("expected Sdk, got {error:?}");
    };
    assert!(
        inner.message().contains("$.tree.left.children[0].value"),
        "{inner}"
    );
}

#[tokio::test]
async fn unknown_enum_values_are_kept() {
    let body = json!({"color": "purple", "priority": 99, "colors": ["green", "teal"], "thing": {"color": "ochre"}});
    let server = TestServer::start(vec![ok_json(body)]).await;

    let output = client(&server)
        .echo_body()
        .id("x")
        .send()
        .await
        .expect("the call succeeds");

    assert_eq!(output.color, Some(Color::Unknown("purple".into())));
    assert_eq!(output.priority, Some(Priority::Unknown(99)));
    assert_eq!(
        output.colors,
        Some(vec![Color::Green, Color::Unknown("teal".into())])
    );
    assert_eq!(
        output.thing.and_then(|t| t.color),
        Some(Color::Unknown("ochre".into()))
    );
    assert_eq!(Color::from("purple").as_str(), "purple");
    assert_eq!(Priority::from(99).value(), 99);
}

#[tokio::test]
async fn unknown_union_member_is_kept_as_unknown() {
    let body = json!({"expression": {"cube": 3}, "thing": {"expression": {"sum": [{"literal": 1}, {"matrix": [[1]]}]}}});
    let server = TestServer::start(vec![ok_json(body)]).await;

    let output = client(&server)
        .echo_body()
        .id("x")
        .send()
        .await
        .expect("the call succeeds");

    assert_eq!(output.expression, Some(Expression::Unknown("cube".into())));
    let nested = output.thing.and_then(|t| t.expression);
    assert_eq!(
        nested,
        Some(Expression::Sum(vec![
            Expression::Literal(1),
            Expression::Unknown("matrix".into())
        ]))
    );
}

#[tokio::test]
async fn union_ignores_null_members_and_type_key() {
    let body = json!({"expression": {"literal": null, "__type": "ingot.wire.rest#Expression", "identifier": "n"}});
    let server = TestServer::start(vec![ok_json(body)]).await;

    let output = client(&server)
        .echo_body()
        .id("x")
        .send()
        .await
        .expect("the call succeeds");

    assert_eq!(output.expression, Some(Expression::Name("n".into())));
}

#[tokio::test]
async fn sparse_nulls_kept_dense_dropped() {
    let body = json!({
        "sparseTexts": [null, "a", null],
        "sparseTextMap": {"gone": null, "here": "v"},
        "texts": ["a", null, "b"],
        "textMap": {"gone": null, "here": "v"}
    });
    let server = TestServer::start(vec![ok_json(body)]).await;

    let output = client(&server)
        .echo_body()
        .id("x")
        .send()
        .await
        .expect("the call succeeds");

    assert_eq!(
        output.sparse_texts,
        Some(vec![None, Some("a".into()), None])
    );
    assert_eq!(
        output.sparse_text_map,
        Some(HashMap::from([
            ("gone".into(), None),
            ("here".into(), Some("v".into()))
        ]))
    );
    assert_eq!(output.texts, Some(vec!["a".into(), "b".into()]));
    assert_eq!(
        output.text_map,
        Some(HashMap::from([("here".into(), "v".into())]))
    );
}

#[tokio::test]
async fn json_name_is_the_only_key_read() {
    let server = TestServer::start(vec![ok_json(
        json!({"renamed": "member name, not the wire name"}),
    )])
    .await;

    let output = client(&server)
        .echo_body()
        .id("x")
        .send()
        .await
        .expect("the call succeeds");

    assert_eq!(output.renamed, None);
}

#[tokio::test]
async fn empty_body_reads_as_empty_output() {
    let server = TestServer::start(vec![CannedResponse::bytes(200, "", Vec::new())]).await;

    let output = client(&server)
        .echo_body()
        .id("x")
        .send()
        .await
        .expect("the call succeeds");

    assert_eq!(output.text, None);
    assert_eq!(output.thing, None);
    assert_eq!(output.status, Some(200));
}

// ---------------------------------------------------------------------------
// Defaults, clientOptional and addedDefault.

#[tokio::test]
async fn defaults_fill_omitted_members() {
    let server = TestServer::start(vec![ok_json(json!({"settings": {}}))]).await;

    let output = client(&server)
        .get_defaults()
        .send()
        .await
        .expect("the call succeeds");

    assert!(output.flag);
    assert_eq!(output.count, 7);
    assert_eq!(output.long_value, -3);
    assert_eq!(output.ratio, 1.5);
    assert_eq!(output.name, "unnamed");
    assert_eq!(output.color, Color::Green);
    assert_eq!(output.priority, Priority::Medium);
    assert!(output.tags.is_empty());
    assert!(output.labels.is_empty());
    assert_eq!(output.since, DateTime::from_secs(1_700_000_000));
    assert_eq!(output.data.as_bytes(), b"hi");
    assert_eq!(output.document, json!("fallback"));
    // Required members without a default are corrected to zero values.
    assert_eq!(output.required_text, "");
    assert_eq!(output.required_count, 0);
    // `@clientOptional` and `@addedDefault` members stay optional.
    assert_eq!(output.optional_required, None);
    assert_eq!(output.added, None);
    assert_eq!(output.plain, None);
    let settings = output.settings.expect("settings is in the response");
    assert_eq!(
        settings,
        Settings::builder()
            .build()
    );
    assert_eq!(settings.mode, "auto");
    assert_eq!(settings.limit, 100);
    assert!(!settings.verbose);
}

#[tokio::test]
async fn values_in_the_response_replace_defaults() {
    let body = json!({
        "flag": false,
        "count": 0,
        "longValue": 0,
        "ratio": 0.0,
        "name": "",
        "color": "red",
        "priority": 1,
        "tags": ["t"],
        "labels": {"k": "v"},
        "since": 0,
        "data": "",
        "document": null,
        "requiredText": "rt",
        "requiredCount": 5,
        "optionalRequired": "or",
        "added": 0,
        "plain": "p",
        "settings": {"mode": "manual", "limit": 0, "verbose": true}
    });
    let server = TestServer::start(vec![ok_json(body)]).await;

    let output = client(&server)
        .get_defaults()
        .send()
        .await
        .expect("the call succeeds");

    assert!(!output.flag);
    assert_eq!(output.count, 0);
    assert_eq!(output.long_value, 0);
    assert_eq!(output.ratio, 0.0);
    assert_eq!(output.name, "");
    assert_eq!(output.color, Color::Red);
    assert_eq!(output.priority, Priority::Low);
    assert_eq!(output.tags, ["t"]);
    assert_eq!(
        output.labels,
        HashMap::from([("k".to_string(), "v".to_string())])
    );
    assert_eq!(output.since, DateTime::UNIX_EPOCH);
    assert_eq!(output.data.as_bytes(), b"");
    // A JSON null is an absent member, so the default applies.
    assert_eq!(output.document, json!("fallback"));
    assert_eq!(output.required_text, "rt");
    assert_eq!(output.required_count, 5);
    assert_eq!(output.optional_required.as_deref(), Some("or"));
    assert_eq!(output.added, Some(0));
    assert_eq!(output.plain.as_deref(), Some("p"));
    let settings = output.settings.unwrap();
    assert_eq!(
        (settings.mode.as_str(), settings.limit, settings.verbose),
        ("manual", 0, true)
    );
}

#[tokio::test]
async fn input_default_is_sent_only_when_set() {
    let server = TestServer::start(vec![ok_json(json!({})), ok_json(json!({}))]).await;

    client(&server).get_defaults().send().await.unwrap();
    client(&server)
        .get_defaults()
        .page_size(25)
        .send()
        .await
        .unwrap();

    let requests = server.requests();
    assert_eq!(requests[0].path_and_query, "/defaults");
    assert_eq!(requests[1].path_and_query, "/defaults?pageSize=25");
}

// ---------------------------------------------------------------------------
// Idempotency tokens.

fn assert_uuid_v4(token: &str, place: &str) {
    let hex: String = token.chars().filter(|c| *c != '-').collect();
    assert_eq!(token.len(), 36, "{place}: {token}");
    assert_eq!(hex.len(), 32, "{place}: {token}");
    for index in [8, 13, 18, 23] {
        assert_eq!(token.as_bytes()[index], b'-', "{place}: {token}");
    }
    assert!(
        hex.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
        "{place}: {token}"
    );
    let value = u128::from_str_radix(&hex, 16).expect("hex digits");
    assert_eq!((value >> 76) & 0xf, 4, "{place}: version nibble of {token}");
    assert_eq!(
        (value >> 62) & 0x3,
        0b10,
        "{place}: variant bits of {token}"
    );
}

fn query_value<'r>(request: &'r RecordedRequest, name: &str) -> Option<&'r str> {
    let query = request.path_and_query.split_once('?')?.1;
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
}

#[tokio::test]
async fn missing_idempotency_tokens_are_uuid_v4() {
    let responses = vec![ok_json(json!({"clientToken": "echo"})), ok_json(json!({}))];
    let server = TestServer::start(responses).await;

    let output = client(&server)
        .create_token()
        .name("n")
        .send()
        .await
        .expect("the call succeeds");
    client(&server)
        .create_token()
        .send()
        .await
        .expect("the call succeeds");

    assert_eq!(output.client_token.as_deref(), Some("echo"));
    let requests = server.requests();
    let mut seen = Vec::new();
    for request in &requests {
        let body = body_json(request);
        let in_body = body["clientToken"]
            .as_str()
            .expect("the body token is filled");
        let in_header = header(request, "x-client-token").expect("the header token is filled");
        let in_query = query_value(request, "token").expect("the query token is filled");
        assert_uuid_v4(in_body, "body");
        assert_uuid_v4(in_header, "header");
        assert_uuid_v4(in_query, "query");
        seen.extend([
            in_body.to_string(),
            in_header.to_string(),
            in_query.to_string(),
        ]);
    }
    assert_eq!(body_json(&requests[0])["name"], "n");
    let distinct: std::collections::HashSet<&String> = seen.iter().collect();
    assert_eq!(distinct.len(), 6, "every filled token is fresh: {seen:?}");
}

#[tokio::test]
async fn provided_idempotency_tokens_are_kept() {
    let server = TestServer::start(vec![ok_json(json!({}))]).await;

    client(&server)
        .create_token()
        .client_token("body-token")
        .header_token("header-token")
        .query_token("query token")
        .send()
        .await
        .expect("the call succeeds");

    let request = only_request(&server);
    assert_eq!(body_json(&request), json!({"clientToken": "body-token"}));
    assert_eq!(header(&request, "x-client-token"), Some("header-token"));
    assert_eq!(request.path_and_query, "/tokens?token=query%20token");
}

// ---------------------------------------------------------------------------
// Host prefixes.

#[tokio::test]
async fn invalid_host_label_rejected() {
    let server = TestServer::start(Vec::new()).await;
    let bad = [
        "",
        "a/b",
        "evil.com/x",
        "a b",
        "a:80",
        "-a",
        "a..b",
        "x\r\ny",
        "a@b",
        "ä",
    ];

    for value in bad {
        let error = client(&server)
            .host_prefixed()
            .account_id(value)
            .send()
            .await
            .expect_err("the label is rejected");
        let sdk = match &error {
            HostPrefixedError::Sdk(inner) => Some(inner),
            _ => None,
        };
        assert_invalid_input(&error, sdk, "accountId");
    }
    assert!(server.requests().is_empty());
}

// ---------------------------------------------------------------------------
// Names that collide with Rust and with each other.

fn collisions_json() -> Value {
    json!({
        "type": "t",
        "self": "s",
        "match": "m",
        "async": true,
        "build": "b",
        "fooBar": "camel",
        "foo_bar": "snake",
        "result": {"ok": "fine", "err": "none"},
        "option": {"some": "value"},
        "box": {"label": "outer", "inner": {"label": "inner"}},
        "string": "self",
        "vec": 1,
        "client": {"name": "c"},
        "config": {"region": "r"},
        "first": {"first": "1"},
        "second": {"second": "2"},
        "third": {"third": "3"},
        "types": {"kind": "k"}
    })
}

#[tokio::test]
async fn colliding_names_sent_as_modeled() {
    let server = TestServer::start(vec![ok_json(json!({}))]).await;
    let inner_box = BoxValue::builder().label("inner").build();

    client(&server)
        .collisions()
        .r#type("t")
        .self_("s")
        .r#match("m")
        .r#async(true)
        .build_value("b")
        .foo_bar("camel")
        .foo_bar_2("snake")
        .result(
            ResultValue::builder()
                .ok("fine")
                .err("none")
                .build(),
        )
        .option(OptionValue::SomeValue("value".into()))
        .r#box(
            BoxValue::builder()
                .label("outer")
                .inner(inner_box)
                .build(),
        )
        .string(StringValue::SelfValue)
        .vec(VecValue::One)
        .client(ClientShape::builder().name("c").build())
        .config_value(ConfigShape::builder().region("r").build())
        .first(FooBar::builder().first("1").build())
        .second(FooBar2::builder().second("2").build())
        .third(Foobar::builder().third("3").build())
        .types(Types::builder().kind("k").build())
        .send()
        .await
        .expect("the call succeeds");

    let request = only_request(&server);
    assert_eq!(body_json(&request), collisions_json());
}

#[tokio::test]
async fn colliding_names_read_as_modeled() {
    let server = TestServer::start(vec![ok_json(collisions_json())]).await;

    let output = client(&server)
        .collisions()
        .send()
        .await
        .expect("the call succeeds");

    assert_eq!(output.r#type.as_deref(), Some("t"));
    assert_eq!(output.self_.as_deref(), Some("s"));
    assert_eq!(output.r#match.as_deref(), Some("m"));
    assert_eq!(output.r#async, Some(true));
    assert_eq!(output.build_value.as_deref(), Some("b"));
    assert_eq!(output.foo_bar.as_deref(), Some("camel"));
    assert_eq!(output.foo_bar_2.as_deref(), Some("snake"));
    assert_eq!(output.result.and_then(|r| r.ok).as_deref(), Some("fine"));
    assert_eq!(output.option, Some(OptionValue::SomeValue("value".into())));
    let boxed = output.r#box.expect("box is read");
    assert_eq!(boxed.label.as_deref(), Some("outer"));
    assert_eq!(boxed.inner.and_then(|b| b.label).as_deref(), Some("inner"));
    assert_eq!(output.string, Some(StringValue::SelfValue));
    assert_eq!(output.vec, Some(VecValue::One));
    assert_eq!(output.client.and_then(|c| c.name).as_deref(), Some("c"));
    assert_eq!(
        output.config_value.and_then(|c| c.region).as_deref(),
        Some("r")
    );
    assert_eq!(output.first.and_then(|f| f.first).as_deref(), Some("1"));
    assert_eq!(output.second.and_then(|s| s.second).as_deref(), Some("2"));
    assert_eq!(output.third.and_then(|t| t.third).as_deref(), Some("3"));
    assert_eq!(output.types.and_then(|t| t.kind).as_deref(), Some("k"));
}

#[test]
fn enum_named_string_keeps_its_values() {
    assert_eq!(StringValue::values(), ["unknown", "self", "2xx"]);
    assert_eq!(StringValue::from("unknown"), StringValue::UnknownValue);
    assert_eq!(StringValue::from("2xx"), StringValue::Value2xx);
    assert_eq!(
        StringValue::from("other"),
        StringValue::Unknown("other".into())
    );
}

// ---------------------------------------------------------------------------
// Signatures over labels, query strings and headers.

#[tokio::test]
async fn signature_covers_labels_query_and_headers() {
    let responses = (0..3)
        .map(|_| CannedResponse::bytes(201, "", Vec::new()))
        .collect();
    let server = TestServer::start(responses).await;
    let client = client(&server);

    client
        .get_labels()
        .text("../a b?")
        .count(7)
        .enabled(true)
        .ratio(0.5)
        .at(instant())
        .epoch(instant())
        .http_date(instant())
        .color(Color::Red)
        .priority(Priority::High)
        .send()
        .await
        .expect("the call succeeds");
    client
        .list_query()
        .texts("b")
        .texts("a c")
        .text("z/y")
        .params("Alpha", "+1")
        .send()
        .await
        .expect("the call succeeds");
    client
        .put_object()
        .bucket("b")
        .key("dir/../a b.txt")
        .metadata("note", "two  spaces")
        .body(b"payload".to_vec())
        .send()
        .await
        .expect("the call succeeds");

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    for request in &requests {
        let authorization = header(request, "authorization").expect("Authorization is set");
        assert_eq!(
            authorization,
            expected_authorization(request),
            "{}",
            request.path_and_query
        );
    }
}

/// Recomputes the SigV4 Authorization header of `request`, as received,
/// step by step from the specification. Services other than S3 encode the
/// path a second time. The query is sorted by name and then value, and
/// header values are trimmed with inner runs of spaces collapsed.
fn expected_authorization(request: &RecordedRequest) -> String {
    use hmac::{Hmac, Mac};
    use sha2::{Digest, Sha256};

    let hmac = |key: &[u8], data: &[u8]| {
        let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
        mac.update(data);
        mac.finalize().into_bytes().to_vec()
    };
    let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();

    let authorization = header(request, "authorization").unwrap();
    let signed_headers = authorization
        .split("SignedHeaders=")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .expect("SignedHeaders is present");

    let (path, query) = request
        .path_and_query
        .split_once('?')
        .unwrap_or((&request.path_and_query, ""));
    let canonical_path = path.replace('%', "%25");
    let mut parameters: Vec<(&str, &str)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
        .collect();
    parameters.sort();
    let canonical_query: Vec<String> = parameters
        .iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect();
    let canonical_headers: String = signed_headers
        .split(';')
        .map(|name| {
            let value = header(request, name).unwrap_or_default();
            let collapsed = value.split_whitespace().collect::<Vec<_>>().join(" ");
            format!("{name}:{collapsed}\n")
        })
        .collect();
    let canonical_request = format!(
        "{}\n{canonical_path}\n{}\n{canonical_headers}\n{signed_headers}\n{}",
        request.method,
        canonical_query.join("&"),
        hex(&Sha256::digest(&request.body))
    );

    let amz_date = header(request, "x-amz-date").expect("X-Amz-Date is set");
    let date = &amz_date[..8];
    let scope = format!("{date}/us-east-1/wirerest/aws4_request");
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}",
        hex(&Sha256::digest(canonical_request.as_bytes()))
    );
    let mut key = hmac(b"AWS4secret", date.as_bytes());
    for part in ["us-east-1", "wirerest", "aws4_request"] {
        key = hmac(&key, part.as_bytes());
    }
    let signature = hex(&hmac(&key, string_to_sign.as_bytes()));
    format!("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/{scope}, SignedHeaders={signed_headers}, Signature={signature}")
}

// ---------------------------------------------------------------------------
// Operations left out of the client.

#[test]
fn event_stream_named_in_crate_docs() {
    let lib = include_str!("../generated/wire_rest/src/lib.rs");
    let client = include_str!("../generated/wire_rest/src/client.rs");
    assert!(lib.contains("# Operations not in this client"), "{lib}");
    assert!(
        lib.contains("`SubscribeEvents`: its member `events` is an event stream"),
        "{lib}"
    );
    assert!(
        !client.contains("subscribe_events"),
        "the client has no method for it"
    );
}
