//! Waiters of clients generated from the shared AWS models against a
//! loopback server: DynamoDB's `TableExists` and `TableNotExists`
//! (awsJson1_0, `errorType` and `output` acceptors) and EKS's
//! `ClusterActive` (restJson1, failure acceptors). Delays are set to
//! milliseconds, so no test waits for the models' delays of seconds.

use std::time::Duration;

use dynamodb::operation::describe_table::DescribeTableError;
use ingot_runtime::waiter::WaiterError;
use ingot_tests::{CannedResponse, TestServer};
use serde_json::{json, Value};

const MILLISECOND: Duration = Duration::from_millis(1);
const MINUTE: Duration = Duration::from_secs(60);
const AWS_JSON: &str = "application/x-amz-json-1.0";

fn config(server: &TestServer) -> ingot_runtime::Config {
    ingot_runtime::Config::builder()
        .region("us-east-1")
        .credentials(ingot_runtime::Credentials::new(
            "AKIDEXAMPLE",
            "secret",
            None,
        ))
        .endpoint_url(server.url())
        // The waiter, not the client's retries, decides what happens
        // after an error response.
        .retry_config(ingot_runtime::RetryConfig::disabled())
        .build()
}

fn table(status: &str) -> CannedResponse {
    let body = json!({"Table": {"TableName": "orders", "TableStatus": status}});
    CannedResponse::bytes(200, AWS_JSON, body.to_string())
}

fn dynamodb_error(code: &str) -> CannedResponse {
    let body = json!({"__type": format!("com.amazonaws.dynamodb.v20120810#{code}"), "message": "from the test"});
    CannedResponse::bytes(400, AWS_JSON, body.to_string())
}

fn dynamodb_client(server: &TestServer) -> dynamodb::Client {
    dynamodb::Client::new(&config(server))
}

#[tokio::test]
async fn table_exists_after_retries() {
    let server = TestServer::start(vec![
        dynamodb_error("ResourceNotFoundException"),
        table("CREATING"),
        table("ACTIVE"),
    ])
    .await;

    let waited = dynamodb_client(&server)
        .wait_until_table_exists()
        .table_name("orders")
        .min_delay(MILLISECOND)
        .max_delay(2 * MILLISECOND)
        .wait(MINUTE)
        .await
        .expect("the table becomes active");

    assert_eq!(waited.attempts(), 3);
    let output = waited.into_result().expect("the last attempt succeeded");
    let status = output
        .table
        .and_then(|t| t.table_status)
        .map(|s| s.as_str().to_string());
    assert_eq!(status.as_deref(), Some("ACTIVE"));

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    for request in &requests {
        let target = request
            .headers
            .get("x-amz-target")
            .and_then(|v| v.to_str().ok());
        assert_eq!(target, Some("DynamoDB_20120810.DescribeTable"));
        let body: Value = serde_json::from_slice(&request.body).expect("the body is JSON");
        assert_eq!(body, json!({"TableName": "orders"}));
    }
}

#[tokio::test]
async fn table_not_exists_succeeds_on_error_type() {
    let server = TestServer::start(vec![
        table("DELETING"),
        dynamodb_error("ResourceNotFoundException"),
    ])
    .await;

    let waited = dynamodb_client(&server)
        .wait_until_table_not_exists()
        .table_name("orders")
        .min_delay(MILLISECOND)
        .max_delay(2 * MILLISECOND)
        .wait(MINUTE)
        .await
        .expect("the table is gone");

    assert_eq!(waited.attempts(), 2);
    let error = waited
        .result()
        .as_ref()
        .expect_err("success is the not-found error");
    assert!(
        matches!(error, DescribeTableError::ResourceNotFoundException(_)),
        "{error:?}"
    );
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn unexpected_error_ends_wait() {
    let server = TestServer::start(vec![
        table("CREATING"),
        dynamodb_error("AccessDeniedException"),
        table("ACTIVE"),
    ])
    .await;

    let result = dynamodb_client(&server)
        .wait_until_table_exists()
        .table_name("orders")
        .min_delay(MILLISECOND)
        .max_delay(2 * MILLISECOND)
        .wait(MINUTE)
        .await;

    let error = result.expect_err("no acceptor expects AccessDeniedException");
    let WaiterError::Operation {
        waiter,
        attempts,
        error: cause,
    } = &error
    else {
        panic!("expected an operation error, got {error:?}");
    };
    assert_eq!(*waiter, "TableExists");
    assert_eq!(*attempts, 2);
    assert_eq!(cause.code(), Some("AccessDeniedException"));
    assert!(
        error.to_string().contains("stopped at attempt 2"),
        "{error}"
    );
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn max_wait_time_exceeded() {
    // Delays of 20 ms within 50 ms allow at most four attempts, so ten
    // responses always suffice.
    let server = TestServer::start((0..10).map(|_| table("CREATING")).collect()).await;

    let result = dynamodb_client(&server)
        .wait_until_table_exists()
        .table_name("orders")
        .min_delay(20 * MILLISECOND)
        .max_delay(20 * MILLISECOND)
        .wait(50 * MILLISECOND)
        .await;

    let error = result.expect_err("the table never becomes active");
    let WaiterError::TimedOut {
        waiter,
        attempts,
        max_wait,
        last,
    } = &error
    else {
        panic!("expected a timeout, got {error:?}");
    };
    assert_eq!(*waiter, "TableExists");
    assert_eq!(*max_wait, 50 * MILLISECOND);
    assert_eq!(*attempts as usize, server.requests().len());
    assert!(last.is_ok(), "the last attempt returned the table");
    let message = error.to_string();
    assert!(
        message.contains("waiter TableExists timed out"),
        "{message}"
    );
    assert!(message.contains("maximum wait time of 50ms"), "{message}");
}

#[tokio::test]
async fn invalid_delays_are_rejected() {
    let server = TestServer::start(vec![table("ACTIVE")]).await;

    let result = dynamodb_client(&server)
        .wait_until_table_exists()
        .table_name("orders")
        .min_delay(10 * MILLISECOND)
        .max_delay(MILLISECOND)
        .wait(MINUTE)
        .await;

    let error = result.expect_err("the minimum delay exceeds the maximum");
    assert!(
        error.to_string().contains("greater than the maximum delay"),
        "{error}"
    );
    assert!(server.requests().is_empty());
}

fn cluster(status: &str) -> CannedResponse {
    CannedResponse::json(
        200,
        &json!({"cluster": {"name": "prod", "status": status}}).to_string(),
    )
}

#[tokio::test]
async fn cluster_active_failure_acceptor() {
    let server = TestServer::start(vec![
        cluster("CREATING"),
        cluster("FAILED"),
        cluster("ACTIVE"),
    ])
    .await;
    let client = eks::Client::new(&config(&server));

    let result = client
        .wait_until_cluster_active()
        .name("prod")
        .min_delay(MILLISECOND)
        .max_delay(2 * MILLISECOND)
        .wait(MINUTE)
        .await;

    let error = result.expect_err("a failed cluster never becomes active");
    let WaiterError::FailureState {
        waiter,
        attempts,
        result,
    } = &error
    else {
        panic!("expected the failure state, got {error:?}");
    };
    assert_eq!(*waiter, "ClusterActive");
    assert_eq!(*attempts, 2);
    let status = result
        .as_ref()
        .ok()
        .and_then(|o| o.cluster.as_ref())
        .and_then(|c| c.status.as_ref());
    assert_eq!(status.map(|s| s.as_str()), Some("FAILED"));

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert!(requests
        .iter()
        .all(|r| r.path_and_query == "/clusters/prod"));
}

#[tokio::test]
async fn cluster_active_success() {
    let server = TestServer::start(vec![cluster("CREATING"), cluster("ACTIVE")]).await;
    let client = eks::Client::new(&config(&server));

    let waited = client
        .wait_until_cluster_active()
        .name("prod")
        .min_delay(MILLISECOND)
        .max_delay(2 * MILLISECOND)
        .wait(MINUTE)
        .await
        .expect("the cluster becomes active");

    assert_eq!(waited.attempts(), 2);
}
