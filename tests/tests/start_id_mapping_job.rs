//! StartIdMappingJob end to end: the generated client against a loopback
//! server, checking the exact request bytes, the SigV4 signature (recomputed
//! here from the received request), and how every response becomes an
//! output or a typed error.

use entityresolution::operation::start_id_mapping_job::StartIdMappingJobError;
use entityresolution::types::IdMappingJobOutputSource;
use entityresolution::{Client, Config, Credentials};
use hmac::{Hmac, Mac};
use ingot_tests::{CannedResponse, RecordedRequest, TestServer};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const REGION: &str = "us-west-2";
const JOB_ID: &str = "0123456789abcdef0123456789abcdef";

fn client(server: &TestServer, session_token: Option<&str>) -> Client {
    let config = Config::builder()
        .region(REGION)
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, session_token.map(str::to_string)))
        .endpoint_url(server.url())
        // These tests check how one response is read; fault_retries.rs tests retries.
        .retry_config(ingot_runtime::RetryConfig::disabled())
        .build();
    Client::new(&config)
}

fn output_source() -> IdMappingJobOutputSource {
    IdMappingJobOutputSource::builder()
        .output_s3_path("s3://bucket/prefix/")
        .role_arn("arn:aws:iam::123456789012:role/EntityResolution")
        .kms_arn("arn:aws:kms:us-west-2:123456789012:key/abc")
        .build()
}

fn success_body() -> String {
    json!({
        "jobId": JOB_ID,
        "outputSourceConfig": [{
            "outputS3Path": "s3://bucket/prefix/",
            "roleArn": "arn:aws:iam::123456789012:role/EntityResolution",
            "KMSArn": "arn:aws:kms:us-west-2:123456789012:key/abc"
        }]
    })
    .to_string()
}

fn header<'r>(request: &'r RecordedRequest, name: &str) -> Option<&'r str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

#[tokio::test]
async fn request_has_exact_path_headers_and_body() {
    let server = TestServer::start(vec![CannedResponse::json(200, &success_body())]).await;
    let client = client(&server, Some("session-token-value"));

    client
        .start_id_mapping_job()
        .workflow_name("a b/ä")
        .output_source_config(output_source())
        .send()
        .await
        .expect("the call succeeds");

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method, http::Method::POST);
    assert_eq!(request.path_and_query, "/idmappingworkflows/a%20b%2F%C3%A4/jobs");
    assert_eq!(header(request, "content-type"), Some("application/json"));
    assert_eq!(header(request, "x-amz-security-token"), Some("session-token-value"));
    let amz_date = header(request, "x-amz-date").expect("X-Amz-Date is set");
    assert_eq!(amz_date.len(), 16, "X-Amz-Date is YYYYMMDDTHHMMSSZ: {amz_date}");
    let user_agent = header(request, "user-agent").expect("User-Agent is set");
    assert!(user_agent.starts_with("entityresolution/0.1.0"), "{user_agent}");

    let body: Value = serde_json::from_slice(&request.body).expect("the body is JSON");
    let expected = json!({
        "outputSourceConfig": [{
            "KMSArn": "arn:aws:kms:us-west-2:123456789012:key/abc",
            "outputS3Path": "s3://bucket/prefix/",
            "roleArn": "arn:aws:iam::123456789012:role/EntityResolution"
        }]
    });
    assert_eq!(body, expected);
}

#[tokio::test]
async fn signature_matches_independent_computation() {
    let server = TestServer::start(vec![
        CannedResponse::json(200, &success_body()),
        CannedResponse::json(200, &success_body()),
    ])
    .await;

    for token in [None, Some("session-token-value")] {
        client(&server, token)
            .start_id_mapping_job()
            .workflow_name("a b/ä")
            .output_source_config(output_source())
            .send()
            .await
            .expect("the call succeeds");
    }

    for request in server.requests() {
        let authorization = header(&request, "authorization").expect("Authorization is set");
        let expected = expected_authorization(&request);
        assert_eq!(authorization, expected);
    }
}

/// Recomputes the Authorization header from the request as received,
/// following the SigV4 specification step by step.
fn expected_authorization(request: &RecordedRequest) -> String {
    let authorization = header(request, "authorization").unwrap();
    let signed_headers = authorization
        .split("SignedHeaders=")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .expect("SignedHeaders is present");
    for required in ["host", "x-amz-date", "content-type"] {
        assert!(signed_headers.split(';').any(|h| h == required), "{required} must be signed: {signed_headers}");
    }

    // Services other than S3 sign the path encoded a second time.
    let canonical_path: String = request
        .path_and_query
        .split('/')
        .map(|segment| segment.replace('%', "%25"))
        .collect::<Vec<_>>()
        .join("/");
    let canonical_headers: String = signed_headers
        .split(';')
        .map(|name| format!("{name}:{}\n", header(request, name).unwrap().trim()))
        .collect();
    let payload_hash = hex(&Sha256::digest(&request.body));
    let canonical_request =
        format!("POST\n{canonical_path}\n\n{canonical_headers}\n{signed_headers}\n{payload_hash}");

    let amz_date = header(request, "x-amz-date").unwrap();
    let date = &amz_date[..8];
    let scope = format!("{date}/{REGION}/entityresolution/aws4_request");
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}",
        hex(&Sha256::digest(canonical_request.as_bytes()))
    );

    let mut key = hmac(format!("AWS4{SECRET_KEY}").as_bytes(), date.as_bytes());
    for part in [REGION, "entityresolution", "aws4_request"] {
        key = hmac(&key, part.as_bytes());
    }
    let signature = hex(&hmac(&key, string_to_sign.as_bytes()));
    format!("AWS4-HMAC-SHA256 Credential={ACCESS_KEY}/{scope}, SignedHeaders={signed_headers}, Signature={signature}")
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test]
async fn success_decodes_job_id_and_outputs() {
    let server = TestServer::start(vec![CannedResponse::json(200, &success_body())]).await;

    let output = client(&server, None)
        .start_id_mapping_job()
        .workflow_name("flow")
        .send()
        .await
        .expect("the call succeeds");

    assert_eq!(output.job_id, JOB_ID);
    let sources = output.output_source_config.expect("outputSourceConfig is decoded");
    assert_eq!(sources, vec![output_source()]);
}

#[tokio::test]
async fn request_without_body_members_sends_empty_object() {
    let server = TestServer::start(vec![CannedResponse::json(200, &success_body())]).await;

    client(&server, None).start_id_mapping_job().workflow_name("flow").send().await.unwrap();

    let request = &server.requests()[0];
    assert_eq!(&request.body[..], b"{}");
    assert!(header(request, "x-amz-security-token").is_none());
}

/// Each modeled error: its code, HTTP status and a check of its variant.
type VariantCheck = fn(&StartIdMappingJobError) -> bool;
const MODELED_ERRORS: &[(&str, u16, VariantCheck)] = &[
    ("AccessDeniedException", 403, |e| matches!(e, StartIdMappingJobError::AccessDeniedException(_))),
    ("ConflictException", 400, |e| matches!(e, StartIdMappingJobError::ConflictException(_))),
    ("ExceedsLimitException", 402, |e| matches!(e, StartIdMappingJobError::ExceedsLimitException(_))),
    ("InternalServerException", 500, |e| matches!(e, StartIdMappingJobError::InternalServerException(_))),
    ("ResourceNotFoundException", 404, |e| matches!(e, StartIdMappingJobError::ResourceNotFoundException(_))),
    ("ThrottlingException", 429, |e| matches!(e, StartIdMappingJobError::ThrottlingException(_))),
    ("ValidationException", 400, |e| matches!(e, StartIdMappingJobError::ValidationException(_))),
];

async fn call_with(response: CannedResponse) -> StartIdMappingJobError {
    let server = TestServer::start(vec![response]).await;
    client(&server, None)
        .start_id_mapping_job()
        .workflow_name("flow")
        .send()
        .await
        .expect_err("the call fails")
}

#[tokio::test]
async fn modeled_errors_from_header() {
    for &(code, status, is_variant) in MODELED_ERRORS {
        let response = CannedResponse::json(status, r#"{"message":"it failed"}"#)
            .header("x-amzn-errortype", &format!("{code}:http://internal.amazon.com/coral/"))
            .header("x-amzn-requestid", "request-1");
        let error = call_with(response).await;
        assert!(is_variant(&error), "{code}: got {error:?}");
        assert_eq!(error.code(), Some(code));
        assert_eq!(error.message(), Some("it failed"), "{code}");
        assert_eq!(error.request_id(), Some("request-1"), "{code}");
        assert_eq!(error.meta().map(|m| m.status()), Some(status), "{code}");
    }
}

#[tokio::test]
async fn modeled_errors_from_body_type() {
    for &(code, status, is_variant) in MODELED_ERRORS {
        let body = json!({"__type": format!("com.amazonaws.entityresolution#{code}"), "message": "from body"});
        let error = call_with(CannedResponse::json(status, &body.to_string())).await;
        assert!(is_variant(&error), "{code}: got {error:?}");
        assert_eq!(error.code(), Some(code));
        assert_eq!(error.message(), Some("from body"), "{code}");
    }
}

#[tokio::test]
async fn exceeds_limit_carries_quota_fields() {
    let body = r#"{"message":"too many","quotaName":"Jobs per workflow","quotaValue":10}"#;
    let response = CannedResponse::json(402, body).header("x-amzn-errortype", "ExceedsLimitException");
    let error = call_with(response).await;

    let StartIdMappingJobError::ExceedsLimitException(limit) = &error else {
        panic!("expected ExceedsLimitException, got {error:?}");
    };
    assert_eq!(limit.quota_name.as_deref(), Some("Jobs per workflow"));
    assert_eq!(limit.quota_value, Some(10));
    assert_eq!(limit.message.as_deref(), Some("too many"));
}

#[tokio::test]
async fn retryable_and_throttling_flags() {
    let throttled = call_with(CannedResponse::json(429, "{}").header("x-amzn-errortype", "ThrottlingException")).await;
    assert!(throttled.is_throttling());
    assert!(throttled.is_retryable());

    let internal = call_with(CannedResponse::json(500, "{}").header("x-amzn-errortype", "InternalServerException")).await;
    assert!(internal.is_retryable());
    assert!(!internal.is_throttling());

    let validation = call_with(CannedResponse::json(400, "{}").header("x-amzn-errortype", "ValidationException")).await;
    assert!(!validation.is_retryable());
}

#[tokio::test]
async fn unknown_code_becomes_unmodeled() {
    let response = CannedResponse::json(400, r#"{"message":"what"}"#)
        .header("x-amzn-errortype", "SomethingNewException")
        .header("x-amzn-requestid", "request-2");
    let error = call_with(response).await;

    let StartIdMappingJobError::Unmodeled(metadata) = &error else {
        panic!("expected Unmodeled, got {error:?}");
    };
    assert_eq!(metadata.code(), Some("SomethingNewException"));
    assert_eq!(metadata.status(), 400);
    assert_eq!(metadata.message(), Some("what"));
    assert_eq!(metadata.request_id(), Some("request-2"));
}

#[tokio::test]
async fn bad_gateway_html_becomes_unmodeled() {
    let response = CannedResponse {
        status: 502,
        headers: vec![("content-type".into(), "text/html".into())],
        body: b"<html><body>Bad Gateway</body></html>".to_vec(),
    };
    let error = call_with(response).await;

    let StartIdMappingJobError::Unmodeled(metadata) = &error else {
        panic!("expected Unmodeled, got {error:?}");
    };
    assert_eq!(metadata.status(), 502);
    assert_eq!(metadata.code(), None);
    assert!(error.is_retryable());
}

#[tokio::test]
async fn truncated_success_body_is_invalid_response() {
    let error = call_with(CannedResponse::json(200, r#"{"jobId":"0123"#)).await;

    let StartIdMappingJobError::Sdk(inner) = &error else {
        panic!("expected Sdk, got {error:?}");
    };
    assert_eq!(inner.kind(), ingot_runtime::ErrorKind::InvalidResponse);
    assert!(inner.message().contains("invalid StartIdMappingJob response"), "{inner}");
}

#[tokio::test]
async fn wrong_json_type_names_the_path() {
    let body = r#"{"jobId":"x","outputSourceConfig":[{"outputS3Path":7,"roleArn":"r"}]}"#;
    let error = call_with(CannedResponse::json(200, body)).await;

    let StartIdMappingJobError::Sdk(inner) = &error else {
        panic!("expected Sdk, got {error:?}");
    };
    assert_eq!(inner.kind(), ingot_runtime::ErrorKind::InvalidResponse);
    assert!(inner.message().contains("$.outputSourceConfig[0].outputS3Path"), "{inner}");
}

#[tokio::test]
async fn top_level_array_is_invalid_response() {
    let error = call_with(CannedResponse::json(200, "[1, 2]")).await;
    assert!(matches!(&error, StartIdMappingJobError::Sdk(e) if e.kind() == ingot_runtime::ErrorKind::InvalidResponse), "{error:?}");
}

#[tokio::test]
async fn truncated_error_body_keeps_header_code() {
    let response = CannedResponse::json(404, r#"{"message":"no su"#).header("x-amzn-errortype", "ResourceNotFoundException");
    let error = call_with(response).await;

    assert!(matches!(error, StartIdMappingJobError::ResourceNotFoundException(_)), "{error:?}");
    assert_eq!(error.message(), None);
}

#[tokio::test]
async fn empty_workflow_name_fails_before_sending() {
    let server = TestServer::start(Vec::new()).await;
    let error = client(&server, None)
        .start_id_mapping_job()
        .workflow_name("")
        .send()
        .await
        .expect_err("an empty label cannot form the path");

    let StartIdMappingJobError::Sdk(inner) = &error else {
        panic!("expected Sdk, got {error:?}");
    };
    assert_eq!(inner.kind(), ingot_runtime::ErrorKind::InvalidInput);
    assert!(inner.message().contains("workflowName"), "{inner}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn missing_region_names_what_was_tried() {
    let server = TestServer::start(Vec::new()).await;
    let env = ingot_runtime::env::Env::from_pairs([
        ("AWS_ACCESS_KEY_ID", ACCESS_KEY),
        ("AWS_SECRET_ACCESS_KEY", SECRET_KEY),
        ("AWS_CONFIG_FILE", "/nonexistent/ingot/config"),
        ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/ingot/credentials"),
        ("AWS_EC2_METADATA_DISABLED", "true"),
    ]);
    let config = Config::loader().env(env).load().to_builder().endpoint_url(server.url()).build();
    let error = Client::new(&config).start_id_mapping_job().workflow_name("flow").send().await.unwrap_err();

    let message = error.to_string();
    assert!(message.contains("AWS_REGION"), "{message}");
    assert!(message.contains("AWS_DEFAULT_REGION"), "{message}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn missing_credentials_names_what_was_tried() {
    let server = TestServer::start(Vec::new()).await;
    let env = ingot_runtime::env::Env::from_pairs([
        ("AWS_REGION", REGION),
        ("AWS_CONFIG_FILE", "/nonexistent/ingot/config"),
        ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/ingot/credentials"),
        ("AWS_EC2_METADATA_DISABLED", "true"),
    ]);
    let config = Config::loader().env(env).load().to_builder().endpoint_url(server.url()).build();
    let error = Client::new(&config).start_id_mapping_job().workflow_name("flow").send().await.unwrap_err();

    let message = error.to_string();
    assert!(message.contains("AWS_ACCESS_KEY_ID"), "{message}");
    assert!(message.contains("/nonexistent/ingot/credentials"), "{message}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn endpoint_from_service_variable() {
    let server = TestServer::start(vec![CannedResponse::json(200, &success_body())]).await;
    let env = ingot_runtime::env::Env::from_pairs([
        ("AWS_REGION", REGION),
        ("AWS_ACCESS_KEY_ID", ACCESS_KEY),
        ("AWS_SECRET_ACCESS_KEY", SECRET_KEY),
        ("AWS_CONFIG_FILE", "/nonexistent/ingot/config"),
        ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/ingot/credentials"),
        ("AWS_ENDPOINT_URL", "http://127.0.0.1:9"),
        ("AWS_ENDPOINT_URL_ENTITYRESOLUTION", &server.url()),
    ]);
    let config = Config::loader().env(env).load();
    let output = Client::new(&config).start_id_mapping_job().workflow_name("flow").send().await.unwrap();

    assert_eq!(output.job_id, JOB_ID);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn connection_refused_is_transport_error() {
    // Port 9 (discard) on loopback has no listener in the test environment.
    let config = Config::builder()
        .region(REGION)
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None))
        .endpoint_url("http://127.0.0.1:9")
        .build();
    let error = Client::new(&config).start_id_mapping_job().workflow_name("flow").send().await.unwrap_err();

    assert!(matches!(&error, StartIdMappingJobError::Sdk(e) if e.kind() == ingot_runtime::ErrorKind::Transport), "{error:?}");
    assert!(error.is_retryable());
}

#[tokio::test]
async fn endpoint_rules_reject_fips_with_custom_endpoint() {
    let server = TestServer::start(vec![CannedResponse::json(200, r#"{"jobId":"job-1"}"#)]).await;
    let config = client(&server, None).config().to_builder().use_fips(true).build();

    let error = Client::new(&config)
        .start_id_mapping_job()
        .workflow_name("flow")
        .output_source_config(output_source())
        .send()
        .await
        .expect_err("the rules reject the combination");

    let StartIdMappingJobError::Sdk(inner) = &error else {
        panic!("expected Sdk, got {error:?}");
    };
    assert_eq!(inner.kind(), ingot_runtime::ErrorKind::Config);
    assert!(inner.message().contains("custom endpoint cannot be combined with FIPS"), "{inner}");
    assert!(server.requests().is_empty());
}
