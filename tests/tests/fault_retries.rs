//! Retries, timeouts and clock skew of generated clients against a loopback
//! server that misbehaves: reset connections, 500 and 503, 429 throttling,
//! responses slower than the attempt timeout, truncated bodies and an
//! invalid `Content-Length`. Each case ends in success after retries or in
//! a typed error, and checks how many attempts reached the server.
//!
//! Backoffs are set to a millisecond so that the tests run fast. Timeouts
//! only guard against hangs; no test asserts how long anything took.

#[path = "../../runtime/tests/support/loopback.rs"]
mod loopback;

use std::time::{Duration, SystemTime};

use entityresolution::operation::start_id_mapping_job::StartIdMappingJobError;
use entityresolution::{Client, Config, Credentials};
use ingot_runtime::date_time::{DateTime, TimestampFormat};
use ingot_runtime::env::Env;
use ingot_runtime::{ErrorKind, RetryConfig, RetryMode, Timeouts};
use loopback::{Loopback, Received, Reply};

const SUCCESS: &str = r#"{"jobId":"job-1"}"#;

fn fast_retries() -> RetryConfig {
    RetryConfig::standard()
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(5))
}

fn config(server: &Loopback) -> ingot_runtime::ConfigBuilder {
    Config::builder()
        .region("us-west-2")
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
        .endpoint_url(server.url())
        .retry_config(fast_retries())
}

async fn call(client: &Client) -> Result<String, StartIdMappingJobError> {
    client
        .start_id_mapping_job()
        .workflow_name("flow")
        .send()
        .await
        .map(|output| output.job_id)
}

fn header<'a>(request: &'a Received, name: &str) -> &'a str {
    request
        .header(name)
        .unwrap_or_else(|| panic!("{name} is missing from {request:?}"))
}

fn sdk_error_kind(error: &StartIdMappingJobError) -> ErrorKind {
    match error {
        StartIdMappingJobError::Sdk(inner) => inner.kind(),
        other => panic!("expected an Sdk error, got {other:?}"),
    }
}

#[tokio::test]
async fn connection_reset_then_success() {
    let server = Loopback::script(vec![Reply::Reset, Reply::json(200, SUCCESS)]).await;
    let client = Client::new(&config(&server).build());

    assert_eq!(call(&client).await.unwrap(), "job-1");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn attempts_carry_sdk_headers() {
    let server = Loopback::script(vec![
        Reply::json(500, "{}"),
        Reply::json(503, "{}"),
        Reply::json(200, SUCCESS),
    ])
    .await;
    let client = Client::new(&config(&server).build());

    assert_eq!(call(&client).await.unwrap(), "job-1");
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    let attempts: Vec<_> = requests
        .iter()
        .map(|r| header(r, "amz-sdk-request"))
        .collect();
    assert_eq!(
        attempts,
        ["attempt=1; max=3", "attempt=2; max=3", "attempt=3; max=3"]
    );

    let invocation_id = header(&requests[0], "amz-sdk-invocation-id");
    assert_eq!(invocation_id.len(), 36, "{invocation_id}");
    assert_eq!(
        &invocation_id[14..15],
        "4",
        "a UUID version 4: {invocation_id}"
    );
    assert!(requests
        .iter()
        .all(|r| header(r, "amz-sdk-invocation-id") == invocation_id));
    // Each attempt is signed anew.
    assert_ne!(header(&requests[0], "authorization"), "");
    assert!(header(&requests[0], "authorization").contains("amz-sdk-request"));
}

#[tokio::test]
async fn new_call_gets_new_invocation_id() {
    let server = Loopback::start(|_, _| Reply::json(200, SUCCESS)).await;
    let client = Client::new(&config(&server).build());
    call(&client).await.unwrap();
    call(&client).await.unwrap();

    let requests = server.requests();
    assert_ne!(
        header(&requests[0], "amz-sdk-invocation-id"),
        header(&requests[1], "amz-sdk-invocation-id")
    );
}

#[tokio::test]
async fn persistent_503_is_typed_error_after_three_attempts() {
    let server = Loopback::start(|_, _| Reply::json(503, r#"{"message":"busy"}"#)).await;
    let client = Client::new(&config(&server).build());
    let error = call(&client).await.unwrap_err();

    let StartIdMappingJobError::Unmodeled(metadata) = &error else {
        panic!("expected Unmodeled, got {error:?}");
    };
    assert_eq!(metadata.status(), 503);
    assert!(error.is_retryable());
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn throttling_429_retried_then_success() {
    let server = Loopback::script(vec![
        Reply::error(429, "ThrottlingException"),
        Reply::json(200, SUCCESS),
    ])
    .await;
    let client = Client::new(&config(&server).build());

    assert_eq!(call(&client).await.unwrap(), "job-1");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn persistent_throttling_is_modeled_error() {
    let server = Loopback::start(|_, _| Reply::error(429, "ThrottlingException")).await;
    let client = Client::new(&config(&server).build());
    let error = call(&client).await.unwrap_err();

    assert!(
        matches!(error, StartIdMappingJobError::ThrottlingException(_)),
        "{error:?}"
    );
    assert!(error.is_throttling());
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn throttling_codes_of_other_services_retried() {
    for code in [
        "SlowDown",
        "RequestLimitExceeded",
        "ProvisionedThroughputExceededException",
    ] {
        let server =
            Loopback::script(vec![Reply::error(400, code), Reply::json(200, SUCCESS)]).await;
        let client = Client::new(&config(&server).build());

        assert_eq!(call(&client).await.unwrap(), "job-1", "{code}");
        assert_eq!(server.requests().len(), 2, "{code}");
    }
}

#[tokio::test]
async fn client_errors_not_retried() {
    for (status, code) in [
        (400, "ValidationException"),
        (403, "AccessDeniedException"),
        (404, "ResourceNotFoundException"),
    ] {
        let server = Loopback::start(move |_, _| Reply::error(status, code)).await;
        let client = Client::new(&config(&server).build());
        let error = call(&client).await.unwrap_err();

        assert_eq!(error.code(), Some(code));
        assert!(!error.is_retryable(), "{code}");
        assert_eq!(server.requests().len(), 1, "{code}");
    }
}

#[tokio::test]
async fn slow_response_times_out_then_success() {
    let server = Loopback::script(vec![
        Reply::json(200, r#"{"jobId":"too-late"}"#).after(Duration::from_secs(30)),
        Reply::json(200, SUCCESS),
    ])
    .await;
    let timeouts = Timeouts::default().with_attempt(Some(Duration::from_millis(200)));
    let client = Client::new(&config(&server).timeouts(timeouts).build());

    let result = tokio::time::timeout(Duration::from_secs(20), call(&client))
        .await
        .expect("no hang");
    assert_eq!(result.unwrap(), "job-1");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn persistent_slowness_is_timeout_error() {
    let server =
        Loopback::start(|_, _| Reply::json(200, SUCCESS).after(Duration::from_secs(30))).await;
    let timeouts = Timeouts::default().with_attempt(Some(Duration::from_millis(100)));
    let client = Client::new(&config(&server).timeouts(timeouts).build());

    let error = tokio::time::timeout(Duration::from_secs(20), call(&client))
        .await
        .expect("no hang")
        .unwrap_err();
    assert_eq!(sdk_error_kind(&error), ErrorKind::Timeout);
    assert!(error.is_retryable());
    assert!(error.to_string().contains("attempt timeout"), "{error}");
    assert!(error.to_string().contains("after 3 attempts"), "{error}");
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn operation_timeout_ends_the_call() {
    let server =
        Loopback::start(|_, _| Reply::json(503, "{}").after(Duration::from_millis(50))).await;
    let retry = RetryConfig::standard()
        .with_max_attempts(1000)
        .with_initial_backoff(Duration::from_millis(20))
        .with_max_backoff(Duration::from_millis(20));
    let timeouts = Timeouts::default().with_operation(Some(Duration::from_millis(400)));
    let client = Client::new(
        &config(&server)
            .retry_config(retry)
            .timeouts(timeouts)
            .build(),
    );

    let error = tokio::time::timeout(Duration::from_secs(20), call(&client))
        .await
        .expect("no hang")
        .unwrap_err();
    assert_eq!(sdk_error_kind(&error), ErrorKind::Timeout);
    assert!(error.to_string().contains("operation timeout"), "{error}");
    let attempts = server.requests().len();
    assert!((1..1000).contains(&attempts), "{attempts} attempts");
}

#[tokio::test]
async fn truncated_body_retried() {
    let truncated = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"jobId\"".to_vec();
    let server = Loopback::script(vec![Reply::Raw(truncated), Reply::json(200, SUCCESS)]).await;
    let client = Client::new(&config(&server).build());

    assert_eq!(call(&client).await.unwrap(), "job-1");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn persistent_truncation_is_transport_error() {
    let server = Loopback::start(|_, _| {
        Reply::Raw(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{\"jobId\"".to_vec())
    })
    .await;
    let client = Client::new(&config(&server).build());
    let error = call(&client).await.unwrap_err();

    assert_eq!(sdk_error_kind(&error), ErrorKind::Transport);
    assert!(
        error
            .to_string()
            .contains("failed to read the response body"),
        "{error}"
    );
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn invalid_content_length_is_invalid_response() {
    let server = Loopback::start(|_, _| {
        Reply::Raw(b"HTTP/1.1 200 OK\r\ncontent-length: abc\r\n\r\n{}".to_vec())
    })
    .await;
    let client = Client::new(&config(&server).build());
    let error = call(&client).await.unwrap_err();

    assert_eq!(sdk_error_kind(&error), ErrorKind::InvalidResponse);
    assert!(!error.is_retryable());
    assert!(error.to_string().contains("not valid HTTP"), "{error}");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn connection_refused_is_transport_error_after_retries() {
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let config = Config::builder()
        .region("us-west-2")
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
        .endpoint_url(format!("http://{closed}"))
        .retry_config(fast_retries())
        .build();
    let error = call(&Client::new(&config)).await.unwrap_err();

    assert_eq!(sdk_error_kind(&error), ErrorKind::Transport);
    assert!(error.to_string().contains("after 3 attempts"), "{error}");
}

#[tokio::test]
async fn max_attempts_from_environment() {
    let server = Loopback::start(|_, _| Reply::json(503, "{}")).await;
    let env = Env::from_pairs([
        ("AWS_REGION", "us-west-2"),
        ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
        ("AWS_SECRET_ACCESS_KEY", "secret"),
        ("AWS_CONFIG_FILE", "/nonexistent/ingot/config"),
        (
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/ingot/credentials",
        ),
        ("AWS_EC2_METADATA_DISABLED", "true"),
        ("AWS_MAX_ATTEMPTS", "5"),
        ("AWS_RETRY_MODE", "standard"),
    ]);
    let loaded = Config::loader().env(env).load();
    assert_eq!(loaded.retry_config().unwrap().max_attempts(), 5);

    // Keep the loaded attempts, shorten only the backoff.
    let retry = loaded
        .retry_config()
        .unwrap()
        .with_initial_backoff(Duration::from_millis(1));
    let client = Client::new(
        &loaded
            .to_builder()
            .endpoint_url(server.url())
            .retry_config(retry)
            .build(),
    );
    call(&client).await.unwrap_err();

    let requests = server.requests();
    assert_eq!(requests.len(), 5);
    assert_eq!(header(&requests[4], "amz-sdk-request"), "attempt=5; max=5");
}

#[tokio::test]
async fn invalid_retry_settings_named() {
    for (variable, value, expected) in [
        (
            "AWS_RETRY_MODE",
            "aggressive",
            "invalid retry mode \"aggressive\"",
        ),
        ("AWS_MAX_ATTEMPTS", "0", "invalid max attempts \"0\""),
    ] {
        let env = Env::from_pairs([
            (variable, value),
            ("AWS_CONFIG_FILE", "/nonexistent/c"),
            ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/k"),
        ]);
        let error = Config::loader().env(env).load().retry_config().unwrap_err();

        assert_eq!(error.kind(), ErrorKind::Config);
        assert!(error.to_string().contains(expected), "{error}");
        assert!(error.to_string().contains(variable), "{error}");
    }
}

#[tokio::test]
async fn retry_quota_stops_retry_storm() {
    let server = Loopback::start(|_, _| Reply::json(503, "{}")).await;
    let client = Client::new(&config(&server).build());

    // Each failing call takes two retries of 5 tokens from the 500 a client
    // starts with, so the first 50 calls retry and the 51st cannot.
    for _ in 0..51 {
        call(&client).await.unwrap_err();
    }
    assert_eq!(server.requests().len(), 50 * 3 + 1);
}

#[tokio::test]
async fn successes_refill_retry_quota() {
    let server = Loopback::start(|request, _| {
        if request.path.contains("/fail/") {
            Reply::json(503, "{}")
        } else {
            Reply::json(200, SUCCESS)
        }
    })
    .await;
    let client = Client::new(&config(&server).build());
    let fail = || client.start_id_mapping_job().workflow_name("fail").send();
    for _ in 0..50 {
        fail().await.unwrap_err();
    }
    // The bucket is empty; ten successes give back one token each, enough
    // for two retries.
    for _ in 0..10 {
        call(&client).await.unwrap();
    }
    let before = server.requests().len();
    fail().await.unwrap_err();

    assert_eq!(server.requests().len() - before, 3);
}

#[tokio::test]
async fn disabled_retries_send_once() {
    let server = Loopback::start(|_, _| Reply::json(503, "{}")).await;
    let client = Client::new(
        &config(&server)
            .retry_config(RetryConfig::disabled())
            .build(),
    );
    call(&client).await.unwrap_err();

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(header(&requests[0], "amz-sdk-request"), "attempt=1; max=1");
}

#[tokio::test]
async fn adaptive_mode_retries_throttling() {
    let server = Loopback::script(vec![
        Reply::error(429, "ThrottlingException"),
        Reply::error(429, "ThrottlingException"),
        Reply::json(200, SUCCESS),
    ])
    .await;
    let retry = fast_retries().with_mode(RetryMode::Adaptive);
    let client = Client::new(&config(&server).retry_config(retry).build());

    let result = tokio::time::timeout(Duration::from_secs(30), call(&client))
        .await
        .expect("no hang");
    assert_eq!(result.unwrap(), "job-1");
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn clock_skew_corrected_and_retried_once() {
    let server_time = SystemTime::now() + Duration::from_secs(2 * 3600);
    let date = DateTime::from(server_time).format(TimestampFormat::HttpDate);
    let skewed = Reply::error(403, "InvalidSignatureException").with_header("date", &date);
    let server = Loopback::script(vec![
        skewed.clone(),
        Reply::json(200, SUCCESS),
        Reply::json(200, SUCCESS),
    ])
    .await;
    let client = Client::new(&config(&server).build());

    assert_eq!(call(&client).await.unwrap(), "job-1");
    call(&client).await.unwrap();

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    let signed_at = |request: &Received| {
        DateTime::parse(
            &amz_date_as_rfc3339(header(request, "x-amz-date")),
            TimestampFormat::DateTime,
        )
        .unwrap()
        .secs()
    };
    let server_secs = DateTime::from(server_time).secs();
    assert!(
        server_secs - signed_at(&requests[0]) > 3600,
        "the first attempt uses the local clock"
    );
    assert!(
        (server_secs - signed_at(&requests[1])).abs() < 600,
        "the retry uses the service's clock"
    );
    assert!(
        (server_secs - signed_at(&requests[2])).abs() < 600,
        "later calls keep the correction"
    );
}

#[tokio::test]
async fn repeated_skew_error_retried_only_once() {
    let date = DateTime::from(SystemTime::now() + Duration::from_secs(3600))
        .format(TimestampFormat::HttpDate);
    let server = Loopback::start(move |_, _| {
        Reply::error(403, "InvalidSignatureException").with_header("date", &date)
    })
    .await;
    let client = Client::new(&config(&server).build());
    let error = call(&client).await.unwrap_err();

    assert_eq!(error.code(), Some("InvalidSignatureException"));
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn signature_error_without_skew_not_retried() {
    let date = DateTime::from(SystemTime::now()).format(TimestampFormat::HttpDate);
    let server = Loopback::start(move |_, _| {
        Reply::error(403, "InvalidSignatureException").with_header("date", &date)
    })
    .await;
    let client = Client::new(&config(&server).build());
    call(&client).await.unwrap_err();

    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn idempotency_token_kept_across_retries() {
    let server = Loopback::script(vec![
        Reply::json(500, "{}"),
        Reply::json(200, r#"{"clientToken":"echo"}"#),
    ])
    .await;
    let client = wire_rest::Client::new(&config(&server).build());
    client
        .create_token()
        .send()
        .await
        .expect("the retry succeeds");

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let token = |request: &Received| {
        let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
        body["clientToken"]
            .as_str()
            .expect("a generated token")
            .to_owned()
    };
    assert_eq!(token(&requests[0]), token(&requests[1]));
    assert_eq!(
        requests[0].path, requests[1].path,
        "the query token is the same too"
    );
}

/// Turns `20240102T030405Z` into `2024-01-02T03:04:05Z`.
fn amz_date_as_rfc3339(amz_date: &str) -> String {
    format!(
        "{}-{}-{}T{}:{}:{}Z",
        &amz_date[0..4],
        &amz_date[4..6],
        &amz_date[6..8],
        &amz_date[9..11],
        &amz_date[11..13],
        &amz_date[13..15]
    )
}
