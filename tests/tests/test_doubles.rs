//! The test doubles of `ingot_runtime::testing` with a generated client, as
//! a user's unit tests would use them: canned responses per operation, a
//! replay of recorded pairs, and the requests the code made.

use entityresolution::operation::start_id_mapping_job::StartIdMappingJobError;
use entityresolution::types::IdMappingJobOutputSource;
use entityresolution::{Client, Config, Credentials};
use ingot_runtime::http::Method;
use ingot_runtime::testing::{ExpectedRequest, MockHttpClient, MockResponse, ReplayHttpClient};
use ingot_runtime::{ErrorKind, HttpClient, RetryConfig};

fn client(http: impl HttpClient + 'static, retry: RetryConfig) -> Client {
    let config = Config::builder()
        .region("eu-west-1")
        .credentials(Credentials::new("AKIDTEST", "secret", None))
        .retry_config(retry)
        .http_client(http)
        .build();
    Client::new(&config)
}

fn output_source() -> IdMappingJobOutputSource {
    IdMappingJobOutputSource::builder()
        .output_s3_path("s3://bucket/out/")
        .role_arn("arn:aws:iam::123456789012:role/ER")
        .build()
}

#[tokio::test]
async fn mock_returns_output_and_records_request() {
    let mock = MockHttpClient::new().with_response(
        "StartIdMappingJob",
        MockResponse::json(200, r#"{"jobId":"job-7"}"#),
    );
    let client = client(mock.clone(), RetryConfig::disabled());

    let output = client
        .start_id_mapping_job()
        .workflow_name("flow")
        .output_source_config(output_source())
        .send()
        .await
        .unwrap();

    assert_eq!(output.job_id, "job-7");
    let requests = mock.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.operation(), Some("StartIdMappingJob"));
    assert_eq!(request.method(), Method::POST);
    // The endpoint comes from the model's rules, as without the double.
    assert_eq!(
        request.uri().to_string(),
        "https://entityresolution.eu-west-1.amazonaws.com/idmappingworkflows/flow/jobs"
    );
    assert!(request
        .header("authorization")
        .unwrap()
        .starts_with("AWS4-HMAC-SHA256 Credential=AKIDTEST/"));
    let body = request.body_json().unwrap();
    assert_eq!(
        body["outputSourceConfig"][0]["outputS3Path"],
        "s3://bucket/out/"
    );
}

#[tokio::test]
async fn mock_error_becomes_modeled_error() {
    let mock = MockHttpClient::new().with_response(
        "StartIdMappingJob",
        MockResponse::error(409, "ConflictException", "a job is already running"),
    );
    let error = client(mock, RetryConfig::disabled())
        .start_id_mapping_job()
        .workflow_name("flow")
        .send()
        .await
        .unwrap_err();

    assert!(
        matches!(error, StartIdMappingJobError::ConflictException(_)),
        "{error:?}"
    );
    assert_eq!(error.message(), Some("a job is already running"));
}

#[tokio::test]
async fn mock_sequence_exercises_retries() {
    let mock = MockHttpClient::new().with_responses(
        "StartIdMappingJob",
        [
            MockResponse::new(503),
            MockResponse::json(200, r#"{"jobId":"after-retry"}"#),
        ],
    );
    let retry = RetryConfig::standard().with_initial_backoff(std::time::Duration::from_millis(1));
    let output = client(mock.clone(), retry)
        .start_id_mapping_job()
        .workflow_name("flow")
        .send()
        .await
        .unwrap();

    assert_eq!(output.job_id, "after-retry");
    let attempts: Vec<_> = mock
        .requests()
        .iter()
        .map(|r| r.header("amz-sdk-request").unwrap().to_owned())
        .collect();
    assert_eq!(attempts, ["attempt=1; max=3", "attempt=2; max=3"]);
}

#[tokio::test]
async fn mock_without_response_fails_clearly() {
    let error = client(MockHttpClient::new(), RetryConfig::standard())
        .start_id_mapping_job()
        .workflow_name("flow")
        .send()
        .await
        .unwrap_err();

    let StartIdMappingJobError::Sdk(inner) = &error else {
        panic!("expected Sdk, got {error:?}");
    };
    assert_eq!(inner.kind(), ErrorKind::Config);
    assert!(inner.message().contains("\"StartIdMappingJob\""), "{inner}");
}

#[tokio::test]
async fn replay_matches_recorded_requests() {
    let replay = ReplayHttpClient::new([
        (
            ExpectedRequest::new(Method::POST, "/idmappingworkflows/first/jobs")
                .with_header("content-type", "application/json")
                .with_body("{}"),
            MockResponse::json(200, r#"{"jobId":"one"}"#),
        ),
        (
            ExpectedRequest::new(Method::POST, "/idmappingworkflows/second/jobs"),
            MockResponse::error(404, "ResourceNotFoundException", "no such workflow"),
        ),
    ]);
    let client = client(replay.clone(), RetryConfig::disabled());

    let first = client
        .start_id_mapping_job()
        .workflow_name("first")
        .send()
        .await
        .unwrap();
    let second = client
        .start_id_mapping_job()
        .workflow_name("second")
        .send()
        .await
        .unwrap_err();

    assert_eq!(first.job_id, "one");
    assert!(
        matches!(second, StartIdMappingJobError::ResourceNotFoundException(_)),
        "{second:?}"
    );
    assert_eq!(replay.check_requests(), Ok(()));
}

#[tokio::test]
async fn replay_reports_unexpected_request() {
    let replay = ReplayHttpClient::new([(
        ExpectedRequest::new(Method::POST, "/idmappingworkflows/expected/jobs"),
        MockResponse::json(200, r#"{"jobId":"one"}"#),
    )]);
    client(replay.clone(), RetryConfig::disabled())
        .start_id_mapping_job()
        .workflow_name("other")
        .send()
        .await
        .unwrap();

    let problems = replay.check_requests().unwrap_err();
    assert!(
        problems.contains("path \"/idmappingworkflows/other/jobs\""),
        "{problems}"
    );
}
