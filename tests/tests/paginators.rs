//! Paginators of the full Entity Resolution client against a loopback
//! server that serves pages: tokens copied from each output into the next
//! request, the end of pagination, a repeated token, the page size and the
//! stream of items.

use entityresolution_full::operation::list_matching_jobs::{
    ListMatchingJobsError, ListMatchingJobsOutput,
};
use entityresolution_full::{Client, Config, Credentials};
use ingot_runtime::paginator::Stream;
use ingot_tests::{CannedResponse, RecordedRequest, TestServer};
use serde_json::json;

fn client(server: &TestServer) -> Client {
    let config = Config::builder()
        .region("us-west-2")
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
        .endpoint_url(server.url())
        .retry_config(ingot_runtime::RetryConfig::disabled())
        .build();
    Client::new(&config)
}

/// Returns a `ListMatchingJobs` page with one job per id and `next_token`.
fn page(job_ids: &[&str], next_token: Option<&str>) -> CannedResponse {
    let jobs: Vec<_> = job_ids
        .iter()
        .map(|id| json!({"jobId": id, "status": "SUCCEEDED", "startTime": 1700000000}))
        .collect();
    let mut body = json!({ "jobs": jobs });
    if let Some(token) = next_token {
        body["nextToken"] = json!(token);
    }
    CannedResponse::json(200, &body.to_string())
}

fn job_ids(output: &ListMatchingJobsOutput) -> Vec<String> {
    output
        .jobs
        .iter()
        .flatten()
        .map(|job| job.job_id.clone())
        .collect()
}

/// Returns the value of query parameter `name` in `request`.
fn query_value(request: &RecordedRequest, name: &str) -> Option<String> {
    let query = request.path_and_query.split_once('?')?.1;
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_string())
}

/// Reads every page until the stream ends.
async fn all_pages(
    mut pages: entityresolution_full::operation::list_matching_jobs::ListMatchingJobsPaginator,
) -> Vec<Result<ListMatchingJobsOutput, ListMatchingJobsError>> {
    let mut results = Vec::new();
    while let Some(result) = pages.next().await {
        results.push(result);
    }
    results
}

/// Polls `stream` to its end through the `Stream` trait alone.
async fn collect_stream<S: Stream + Unpin>(mut stream: S) -> Vec<S::Item> {
    let mut items = Vec::new();
    while let Some(item) =
        std::future::poll_fn(|cx| std::pin::Pin::new(&mut stream).poll_next(cx)).await
    {
        items.push(item);
    }
    items
}

#[tokio::test]
async fn pages_follow_tokens_until_none() {
    let server = TestServer::start(vec![
        page(&["a", "b"], Some("token-1")),
        page(&["c"], Some("token-2")),
        page(&["d", "e"], None),
    ])
    .await;

    let pages = client(&server)
        .list_matching_jobs()
        .workflow_name("flow")
        .into_paginator();
    let results = all_pages(pages).await;

    assert_eq!(results.len(), 3);
    let ids: Vec<Vec<String>> = results
        .iter()
        .map(|r| job_ids(r.as_ref().expect("each page succeeds")))
        .collect();
    assert_eq!(ids, [vec!["a", "b"], vec!["c"], vec!["d", "e"]]);

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert!(requests
        .iter()
        .all(|r| r.path_and_query.starts_with("/matchingworkflows/flow/jobs")));
    assert_eq!(query_value(&requests[0], "nextToken"), None);
    assert_eq!(
        query_value(&requests[1], "nextToken").as_deref(),
        Some("token-1")
    );
    assert_eq!(
        query_value(&requests[2], "nextToken").as_deref(),
        Some("token-2")
    );
}

#[tokio::test]
async fn items_flatten_pages_in_order() {
    let server = TestServer::start(vec![
        page(&["a", "b"], Some("token-1")),
        page(&[], Some("token-2")),
        page(&["c", "d"], None),
    ])
    .await;

    // Read through the `Stream` trait, as generic stream code would.
    let items = client(&server)
        .list_matching_jobs()
        .workflow_name("flow")
        .into_paginator()
        .items();
    let ids: Vec<String> = collect_stream(items)
        .await
        .into_iter()
        .map(|item| item.expect("each page succeeds").job_id)
        .collect();

    assert_eq!(ids, ["a", "b", "c", "d"]);
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn empty_token_ends_pagination() {
    let server = TestServer::start(vec![
        page(&["a"], Some("token-1")),
        page(&["b"], Some("")),
        page(&["never requested"], None),
    ])
    .await;

    let pages = client(&server)
        .list_matching_jobs()
        .workflow_name("flow")
        .into_paginator();
    let results = all_pages(pages).await;

    assert_eq!(results.len(), 2);
    assert!(results.iter().all(Result::is_ok));
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn repeated_token_is_error() {
    let server = TestServer::start(vec![
        page(&["a"], Some("token-1")),
        page(&["b"], Some("token-2")),
        page(&["c"], Some("token-1")),
        page(&["never requested"], None),
    ])
    .await;

    let pages = client(&server)
        .list_matching_jobs()
        .workflow_name("flow")
        .into_paginator();
    let results = all_pages(pages).await;

    assert_eq!(results.len(), 4, "three pages, then the error");
    assert!(results[..3].iter().all(Result::is_ok));
    let error = results[3]
        .as_ref()
        .expect_err("the repeated token is an error");
    let ListMatchingJobsError::Sdk(sdk) = error else {
        panic!("expected an Sdk error, got {error:?}");
    };
    assert_eq!(sdk.kind(), ingot_runtime::ErrorKind::InvalidResponse);
    assert!(
        sdk.message()
            .contains("pagination token that was already sent, after 3 pages"),
        "{sdk}"
    );
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn caller_token_returned_again_is_error() {
    let server = TestServer::start(vec![
        page(&["a"], Some("start")),
        page(&["never requested"], None),
    ])
    .await;

    let pages = client(&server)
        .list_matching_jobs()
        .workflow_name("flow")
        .next_token("start")
        .into_paginator();
    let results = all_pages(pages).await;

    assert_eq!(results.len(), 2, "one page, then the error");
    let error = results[1]
        .as_ref()
        .expect_err("the repeated token is an error");
    assert!(
        error.to_string().contains("already sent, after 1 page;"),
        "{error}"
    );
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn page_size_is_sent_with_every_request() {
    let server = TestServer::start(vec![page(&["a"], Some("token-1")), page(&["b"], None)]).await;

    let pages = client(&server)
        .list_matching_jobs()
        .workflow_name("flow")
        .into_paginator()
        .page_size(25);
    let results = all_pages(pages).await;

    assert_eq!(results.len(), 2);
    let requests = server.requests();
    assert_eq!(
        query_value(&requests[0], "maxResults").as_deref(),
        Some("25")
    );
    assert_eq!(
        query_value(&requests[1], "maxResults").as_deref(),
        Some("25")
    );
    assert_eq!(
        query_value(&requests[1], "nextToken").as_deref(),
        Some("token-1")
    );
}

#[tokio::test]
async fn page_size_set_between_pages() {
    let server = TestServer::start(vec![page(&["a"], Some("token-1")), page(&["b"], None)]).await;

    let mut pages = client(&server)
        .list_matching_jobs()
        .workflow_name("flow")
        .into_paginator();
    let first = pages.next().await.expect("a first page");
    assert!(first.is_ok());
    let results = all_pages(pages.page_size(10)).await;

    assert_eq!(results.len(), 1);
    let requests = server.requests();
    assert_eq!(query_value(&requests[0], "maxResults"), None);
    assert_eq!(
        query_value(&requests[1], "maxResults").as_deref(),
        Some("10")
    );
}

#[tokio::test]
async fn caller_token_starts_pagination() {
    let server = TestServer::start(vec![page(&["b"], Some("token-1")), page(&["c"], None)]).await;

    let pages = client(&server)
        .list_matching_jobs()
        .workflow_name("flow")
        .next_token("token-0")
        .into_paginator();
    let results = all_pages(pages).await;

    assert_eq!(results.len(), 2);
    let requests = server.requests();
    assert_eq!(
        query_value(&requests[0], "nextToken").as_deref(),
        Some("token-0")
    );
    assert_eq!(
        query_value(&requests[1], "nextToken").as_deref(),
        Some("token-1")
    );
}

#[tokio::test]
async fn service_error_ends_pagination() {
    let server = TestServer::start(vec![
        page(&["a"], Some("token-1")),
        CannedResponse::json(404, r#"{"message":"no such workflow"}"#)
            .header("x-amzn-errortype", "ResourceNotFoundException"),
        page(&["never requested"], None),
    ])
    .await;

    let pages = client(&server)
        .list_matching_jobs()
        .workflow_name("flow")
        .into_paginator();
    let results = all_pages(pages).await;

    assert_eq!(results.len(), 2);
    let error = results[1].as_ref().expect_err("the second page fails");
    assert!(
        matches!(error, ListMatchingJobsError::ResourceNotFoundException(_)),
        "{error:?}"
    );
    assert_eq!(server.requests().len(), 2);
}
