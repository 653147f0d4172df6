//! EKS (restJson1): a cluster name as a label, an ARN with a slash as a
//! label, a query list (`tagKeys`, `include`), paged listing and a missing
//! cluster.

use std::collections::HashMap;
use std::time::Duration;

use eks::operation::describe_cluster::DescribeClusterError;
use eks::types::{ClusterStatus, VpcConfigRequest};
use eks::Client;
use ingot_runtime::DateTime;

use crate::harness::{Moto, ACCOUNT_ID, REGION};

const ROLE: &str = "arn:aws:iam::123456789012:role/eks-cluster";

async fn create_cluster(client: &Client, name: &str) -> eks::types::Cluster {
    client
        .create_cluster()
        .name(name)
        .version("1.31")
        .role_arn(ROLE)
        .resources_vpc_config(
            VpcConfigRequest::builder()
                .subnet_ids("subnet-0a1b2c3d")
                .subnet_ids("subnet-4e5f6a7b")
                .security_group_ids("sg-0123abcd")
                .endpoint_public_access(true)
                .endpoint_private_access(false)
                .build(),
        )
        .tags("env", "test")
        .send()
        .await
        .expect("CreateCluster")
        .cluster
        .expect("CreateCluster returns the cluster")
}

#[tokio::test]
async fn create_and_describe_cluster() {
    let Some(moto) = Moto::fresh().await else {
        return;
    };
    let client = Client::new(&moto.config());
    let started = DateTime::now().secs();

    let created = create_cluster(&client, "payments").await;
    // The client fills in clientRequestToken, an idempotency token, and
    // moto echoes it.
    let token = created
        .client_request_token
        .clone()
        .expect("the idempotency token is echoed");
    assert_eq!(token.len(), 36, "a UUID: {token}");

    // moto 5.2.5 creates clusters ACTIVE at once, so the model's delay of
    // 30 s would only slow the tests down.
    let waited = client
        .wait_until_cluster_active()
        .name("payments")
        .min_delay(Duration::from_millis(50))
        .max_delay(Duration::from_millis(200))
        .wait(Duration::from_secs(30))
        .await
        .expect("ClusterActive");
    let status = waited
        .into_result()
        .expect("ClusterActive succeeds only on a DescribeCluster output")
        .cluster
        .and_then(|cluster| cluster.status);
    assert_eq!(status, Some(ClusterStatus::Active));

    let cluster = client
        .describe_cluster()
        .name("payments")
        .send()
        .await
        .expect("DescribeCluster")
        .cluster
        .expect("a cluster");
    assert_eq!(cluster.name.as_deref(), Some("payments"));
    assert_eq!(
        cluster.arn.as_deref(),
        Some(format!("arn:aws:eks:{REGION}:{ACCOUNT_ID}:cluster/payments").as_str())
    );
    assert_eq!(cluster.version.as_deref(), Some("1.31"));
    assert_eq!(cluster.role_arn.as_deref(), Some(ROLE));
    assert_eq!(cluster.status, Some(ClusterStatus::Active));
    assert_eq!(
        cluster.client_request_token.as_deref(),
        Some(token.as_str())
    );
    assert_eq!(
        cluster.tags,
        Some(HashMap::from([("env".to_string(), "test".to_string())]))
    );
    let vpc = cluster.resources_vpc_config.expect("the VPC configuration");
    assert_eq!(
        vpc.subnet_ids,
        Some(vec![
            "subnet-0a1b2c3d".to_string(),
            "subnet-4e5f6a7b".to_string()
        ])
    );
    assert_eq!(
        vpc.security_group_ids,
        Some(vec!["sg-0123abcd".to_string()])
    );
    assert!(vpc.endpoint_public_access);
    assert!(!vpc.endpoint_private_access);
    // createdAt is a timestamp in epoch seconds; moto shares this machine's
    // clock, and a minute of slack absorbs rounding.
    let created_at = cluster.created_at.expect("createdAt").secs();
    assert!(
        (started - 60..=DateTime::now().secs() + 60).contains(&created_at),
        "createdAt {created_at}"
    );
    assert!(cluster
        .endpoint
        .is_some_and(|endpoint| endpoint.starts_with("https://")));
}

#[tokio::test]
async fn list_clusters_pages_with_include() {
    let Some(moto) = Moto::fresh().await else {
        return;
    };
    let client = Client::new(&moto.config());
    for name in ["c-1", "c-2", "c-3", "c-4", "c-5"] {
        create_cluster(&client, name).await;
    }

    let mut names = Vec::new();
    let mut page_sizes = Vec::new();
    let mut pages = client
        .list_clusters()
        // A list in the query string: ?include=all.
        .include("all")
        .into_paginator()
        .page_size(2);
    while let Some(page) = pages.next().await {
        let clusters = page.expect("ListClusters").clusters.unwrap_or_default();
        page_sizes.push(clusters.len());
        names.extend(clusters);
        assert!(
            page_sizes.len() <= 10,
            "ListClusters kept returning nextToken"
        );
    }
    assert_eq!(names, ["c-1", "c-2", "c-3", "c-4", "c-5"]);
    assert_eq!(page_sizes, vec![2, 2, 1]);
}

#[tokio::test]
async fn tags_by_arn_with_slash() {
    let Some(moto) = Moto::fresh().await else {
        return;
    };
    let client = Client::new(&moto.config());
    let arn = create_cluster(&client, "tagged").await.arn.expect("an ARN");
    assert!(arn.contains(":cluster/"), "{arn}");

    // The ARN fills the `{resourceArn}` label, so its `/` and `:` are
    // percent-encoded into one path segment.
    client
        .tag_resource()
        .resource_arn(&arn)
        .tags("owner", "ada")
        .tags("cost-center", "42")
        .tags("temporary", "yes")
        .send()
        .await
        .expect("TagResource");
    // NOTE: moto 5.2.5 reads only the first `tagKeys` value of EKS's
    // UntagResource (the Lambda tests cover a list of several), so each
    // key goes in its own request here.
    for key in ["temporary", "env"] {
        client
            .untag_resource()
            .resource_arn(&arn)
            .tag_keys(key)
            .send()
            .await
            .expect("UntagResource");
    }

    let tags = client
        .list_tags_for_resource()
        .resource_arn(&arn)
        .send()
        .await
        .expect("ListTagsForResource")
        .tags;
    assert_eq!(
        tags,
        Some(HashMap::from([
            ("owner".to_string(), "ada".to_string()),
            ("cost-center".to_string(), "42".to_string())
        ]))
    );
}

#[tokio::test]
async fn deleted_cluster_is_not_found() {
    let Some(moto) = Moto::fresh().await else {
        return;
    };
    let client = Client::new(&moto.config());
    create_cluster(&client, "short-lived").await;

    let deleted = client
        .delete_cluster()
        .name("short-lived")
        .send()
        .await
        .expect("DeleteCluster")
        .cluster
        .expect("a cluster");
    assert_eq!(deleted.name.as_deref(), Some("short-lived"));

    // moto 5.2.5 deletes the cluster at once, so the first DescribeCluster
    // returns the ResourceNotFoundException that `ClusterDeleted` waits for.
    // moto sends that code only in the X-Amzn-ErrorType header.
    let waited = client
        .wait_until_cluster_deleted()
        .name("short-lived")
        .min_delay(Duration::from_millis(50))
        .max_delay(Duration::from_millis(200))
        .wait(Duration::from_secs(30))
        .await
        .expect("ClusterDeleted");
    assert_eq!(waited.attempts(), 1);
    let error = waited
        .result()
        .as_ref()
        .expect_err("ClusterDeleted succeeds only on the not-found error");
    assert!(
        matches!(error, DescribeClusterError::ResourceNotFoundException(_)),
        "{error:?}"
    );

    let error = client
        .describe_cluster()
        .name("short-lived")
        .send()
        .await
        .expect_err("the cluster is gone");
    assert_eq!(error.code(), Some("ResourceNotFoundException"));
    assert_eq!(error.meta().map(|meta| meta.status()), Some(404));
    let DescribeClusterError::ResourceNotFoundException(failure) = &error else {
        panic!("expected ResourceNotFoundException, found {error:?}");
    };
    // moto sends the code only in the X-Amzn-ErrorType header, and
    // `"clusterName": null` in the body.
    assert_eq!(failure.cluster_name, None);
    assert!(
        failure
            .message
            .as_deref()
            .is_some_and(|m| m.contains("short-lived")),
        "{failure:?}"
    );
}
