//! The awsJson1_0 and awsJson1_1 clients generated from
//! `tests/models/wire_aws_json.json` and `wire_aws_json11.json`, against a
//! loopback server. Both models have the same shapes, so one set of tests,
//! written once as a macro, runs against each crate with its protocol's
//! content type, `X-Amz-Target` prefix and namespace.

use ingot_tests::{CannedResponse, RecordedRequest, TestServer};
use serde_json::{json, Value};

fn header<'r>(request: &'r RecordedRequest, name: &str) -> Option<&'r str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

fn body_json(request: &RecordedRequest) -> Value {
    serde_json::from_slice(&request.body).expect("the request body is JSON")
}

fn ok_json(body: Value) -> CannedResponse {
    CannedResponse::json(200, &body.to_string())
}

fn only_request(server: &TestServer) -> RecordedRequest {
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests.into_iter().next().unwrap()
}

/// Checks that `token` is a lower-case hyphenated UUID with version 4 and
/// the RFC 9562 variant.
fn assert_uuid_v4(token: &str) {
    assert_eq!(token.len(), 36, "{token}");
    for index in [8, 13, 18, 23] {
        assert_eq!(token.as_bytes()[index], b'-', "{token}");
    }
    let hex: String = token.chars().filter(|c| *c != '-').collect();
    assert!(
        hex.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
        "{token}"
    );
    let value = u128::from_str_radix(&hex, 16).expect("hex digits");
    assert_eq!((value >> 76) & 0xf, 4, "version nibble of {token}");
    assert_eq!((value >> 62) & 0x3, 0b10, "variant bits of {token}");
}

/// Returns 2019-12-16T23:48:18.52Z.
fn instant() -> ingot_runtime::DateTime {
    ingot_runtime::DateTime::from_secs_and_nanos(1_576_540_098, 520_000_000)
}

fn every_member_json() -> Value {
    json!({
        "text": "hello",
        "count": -7,
        "longValue": 9_007_199_254_740_993_i64,
        "doubleValue": 0.5,
        "enabled": true,
        "data": "AAEC",
        "document": {"k": [true, null]},
        "epoch": 1_576_540_098.52,
        "dateTime": "2019-12-16T23:48:18.52Z",
        "httpDate": "Mon, 16 Dec 2019 23:48:18 GMT",
        "color": "green",
        "level": 2,
        "shape": {"circle": 1.25},
        "texts": ["a", "b"],
        "sparseMap": {"gone": null, "here": "v"},
        "nested": {"name": "n", "values": ["x"]},
        "renamed": "by member name",
        "ignoredHeader": "in the body"
    })
}

macro_rules! aws_json_tests {
    ($module:ident, $krate:ident, $content_type:literal, $service:literal, $namespace:literal) => {
        mod $module {
            use std::collections::HashMap;

            use ingot_runtime::{Blob, DateTime};
            use ingot_tests::{CannedResponse, TestServer};
            use serde_json::json;
            use $krate::operation::put_item::PutItemError;
            use $krate::types::{Color, Level, Nested, Shape};
            use $krate::{Client, Config, Credentials};

            use super::*;

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

            fn sparse_map() -> HashMap<String, Option<String>> {
                HashMap::from([("gone".into(), None), ("here".into(), Some("v".into()))])
            }

            #[tokio::test]
            async fn request_posts_root_with_target() {
                let server = TestServer::start(vec![ok_json(json!({"text": "r"}))]).await;

                client(&server)
                    .put_item()
                    .text("hello")
                    .count(-7)
                    .long_value(9_007_199_254_740_993_i64)
                    .double_value(0.5)
                    .enabled(true)
                    .data(vec![0u8, 1, 2])
                    .document(json!({"k": [true, null]}))
                    .epoch(instant())
                    .date_time(instant())
                    .http_date(instant())
                    .color(Color::Green)
                    .level(Level::High)
                    .shape(Shape::Circle(1.25))
                    .texts("a")
                    .texts("b")
                    .set_sparse_map(Some(sparse_map()))
                    .nested(Nested::builder().name("n").values("x").build())
                    .renamed("by member name")
                    .ignored_header("in the body")
                    .send()
                    .await
                    .expect("the call succeeds");

                let request = only_request(&server);
                assert_eq!(request.method, http::Method::POST);
                assert_eq!(request.path_and_query, "/");
                assert_eq!(header(&request, "content-type"), Some($content_type));
                assert_eq!(header(&request, "x-amz-target"), Some(concat!($service, ".PutItem")));
                let body = body_json(&request);
                let expected = every_member_json();
                for (key, value) in expected.as_object().unwrap() {
                    assert_eq!(body.get(key), Some(value), "body member {key}");
                }
                assert_eq!(body, expected);
                // awsJson ignores `@jsonName` and the HTTP binding traits.
                assert!(body.get("wire_name").is_none());
                assert_eq!(header(&request, "x-ignored"), None);
            }

            #[tokio::test]
            async fn every_operation_has_its_target() {
                let server = TestServer::start(vec![ok_json(json!({})), ok_json(json!({}))]).await;

                client(&server).ping().send().await.expect("the call succeeds");
                client(&server).create_item().client_token("t").send().await.expect("the call succeeds");

                let requests = server.requests();
                assert_eq!(header(&requests[0], "x-amz-target"), Some(concat!($service, ".Ping")));
                assert_eq!(header(&requests[1], "x-amz-target"), Some(concat!($service, ".CreateItem")));
                for request in &requests {
                    assert_eq!(request.path_and_query, "/");
                    assert_eq!(header(request, "content-type"), Some($content_type));
                }
            }

            #[tokio::test]
            async fn empty_input_sends_empty_object() {
                let server = TestServer::start(vec![CannedResponse::bytes(200, $content_type, Vec::new())]).await;

                client(&server).ping().send().await.expect("an empty response body is an empty output");

                let request = only_request(&server);
                assert_eq!(&request.body[..], b"{}");
                assert_eq!(header(&request, "content-length"), Some("2"));
            }

            #[tokio::test]
            async fn response_members_of_every_type_are_read() {
                let server = TestServer::start(vec![ok_json(every_member_json())]).await;

                let output = client(&server).put_item().text("x").send().await.expect("the call succeeds");

                assert_eq!(output.text, "hello");
                assert_eq!(output.count, Some(-7));
                assert_eq!(output.long_value, Some(9_007_199_254_740_993));
                assert_eq!(output.double_value, Some(0.5));
                assert_eq!(output.enabled, Some(true));
                assert_eq!(output.data.as_ref().map(Blob::as_bytes), Some(&[0u8, 1, 2][..]));
                assert_eq!(output.document, Some(json!({"k": [true, null]})));
                assert_eq!(output.epoch, Some(instant()));
                assert_eq!(output.date_time, Some(instant()));
                assert_eq!(output.http_date, Some(DateTime::from_secs(1_576_540_098)));
                assert_eq!(output.color, Some(Color::Green));
                assert_eq!(output.level, Some(Level::High));
                assert_eq!(output.shape, Some(Shape::Circle(1.25)));
                assert_eq!(output.texts, Some(vec!["a".into(), "b".into()]));
                assert_eq!(output.sparse_map, Some(sparse_map()));
                assert_eq!(output.nested, Some(Nested::builder().name("n").values("x").build()));
                assert_eq!(output.renamed.as_deref(), Some("by member name"));
                assert_eq!(output.ignored_header.as_deref(), Some("in the body"));
                assert!(output.flag, "the default fills the missing member");
            }

            #[tokio::test]
            async fn json_name_is_ignored_in_responses() {
                let server = TestServer::start(vec![ok_json(json!({"wire_name": "ignored", "flag": false}))]).await;

                let output = client(&server).put_item().text("x").send().await.expect("the call succeeds");

                assert_eq!(output.renamed, None);
                assert!(!output.flag);
                assert_eq!(output.text, "", "a missing required member is corrected to empty");
            }

            #[tokio::test]
            async fn unknown_enum_and_union_values_are_kept() {
                let body = json!({"color": "blue", "level": 7, "shape": {"square": 2}});
                let server = TestServer::start(vec![ok_json(body)]).await;

                let output = client(&server).put_item().text("x").send().await.expect("the call succeeds");

                assert_eq!(output.color, Some(Color::Unknown("blue".into())));
                assert_eq!(output.level, Some(Level::Unknown(7)));
                assert_eq!(output.shape, Some(Shape::Unknown("square".into())));
            }

            #[tokio::test]
            async fn modeled_error_from_bare_type() {
                let body = json!({"__type": "ItemNotFound", "message": "no item", "itemId": "i-1"});
                let response = CannedResponse::bytes(400, $content_type, body.to_string()).header("x-amzn-requestid", "rq-1");
                let server = TestServer::start(vec![response]).await;

                let error = client(&server).put_item().text("x").send().await.expect_err("the call fails");

                let PutItemError::ItemNotFound(not_found) = &error else {
                    panic!("expected ItemNotFound, got {error:?}");
                };
                assert_eq!(not_found.message.as_deref(), Some("no item"));
                assert_eq!(not_found.item_id.as_deref(), Some("i-1"));
                assert_eq!(not_found.meta().status(), 400);
                assert_eq!(error.code(), Some("ItemNotFound"));
                assert_eq!(error.request_id(), Some("rq-1"));
                assert!(!error.is_retryable());
            }

            #[tokio::test]
            async fn modeled_error_from_qualified_type() {
                let code = concat!($namespace, "#ItemNotFound:http://internal.amazon.com/coral/com.amazon.coral.validate/");
                let body = json!({"__type": code, "Message": "capitalised message", "itemId": "i-2"});
                let server = TestServer::start(vec![CannedResponse::bytes(400, $content_type, body.to_string())]).await;

                let error = client(&server).put_item().text("x").send().await.expect_err("the call fails");

                let PutItemError::ItemNotFound(not_found) = &error else {
                    panic!("expected ItemNotFound, got {error:?}");
                };
                assert_eq!(not_found.item_id.as_deref(), Some("i-2"));
                // The model names the member `message`; services send either case.
                assert_eq!(not_found.message.as_deref(), Some("capitalised message"));
                assert_eq!(error.code(), Some("ItemNotFound"));
                assert_eq!(error.message(), Some("capitalised message"));
            }

            #[tokio::test]
            async fn modeled_error_from_header() {
                let response = CannedResponse::bytes(400, $content_type, r#"{"message":"m"}"#)
                    .header("x-amzn-errortype", "ItemNotFound:http://internal.amazon.com/coral/");
                let server = TestServer::start(vec![response]).await;

                let error = client(&server).put_item().text("x").send().await.expect_err("the call fails");

                assert!(matches!(error, PutItemError::ItemNotFound(_)), "{error:?}");
            }

            #[tokio::test]
            async fn service_error_is_retryable_throttling() {
                let code = concat!($namespace, "#Overloaded");
                let body = json!({"__type": code, "message": "busy"});
                let server = TestServer::start(vec![CannedResponse::bytes(503, $content_type, body.to_string())]).await;

                let error = client(&server).put_item().text("x").send().await.expect_err("the call fails");

                let PutItemError::Overloaded(overloaded) = &error else {
                    panic!("expected Overloaded, got {error:?}");
                };
                assert_eq!(overloaded.message.as_deref(), Some("busy"));
                assert!(error.is_retryable());
                assert!(error.is_throttling());
            }

            #[tokio::test]
            async fn unknown_type_becomes_unmodeled() {
                let body = json!({"__type": "com.example#SomethingNew", "message": "new"});
                let server = TestServer::start(vec![CannedResponse::bytes(400, $content_type, body.to_string())]).await;

                let error = client(&server).put_item().text("x").send().await.expect_err("the call fails");

                let PutItemError::Unmodeled(metadata) = &error else {
                    panic!("expected Unmodeled, got {error:?}");
                };
                assert_eq!(metadata.code(), Some("SomethingNew"));
                assert_eq!(metadata.message(), Some("new"));
                assert_eq!(metadata.status(), 400);
            }

            #[tokio::test]
            async fn idempotency_token_filled_or_kept() {
                let server = TestServer::start(vec![ok_json(json!({})), ok_json(json!({}))]).await;

                client(&server).create_item().name("n").send().await.expect("the call succeeds");
                client(&server).create_item().client_token("mine").send().await.expect("the call succeeds");

                let requests = server.requests();
                let filled = body_json(&requests[0]);
                assert_uuid_v4(filled["clientToken"].as_str().expect("the token is filled"));
                assert_eq!(filled["name"], "n");
                assert_eq!(body_json(&requests[1]), json!({"clientToken": "mine"}));
            }
        }
    };
}

aws_json_tests!(
    aws_json_1_0,
    wire_aws_json,
    "application/x-amz-json-1.0",
    "WireJson10",
    "ingot.wire.json10"
);
aws_json_tests!(
    aws_json_1_1,
    wire_aws_json11,
    "application/x-amz-json-1.1",
    "WireJson11",
    "ingot.wire.json11"
);
