//! Secrets Manager (awsJson1_1): string and binary secret values, versions
//! and their stages, timestamps, paged listing and a missing secret.

use ingot_runtime::{Blob, DateTime};
use secretsmanager::operation::get_secret_value::GetSecretValueError;
use secretsmanager::types::Tag;
use secretsmanager::Client;

use crate::harness::{Moto, ACCOUNT_ID, REGION};

fn tag(key: &str, value: &str) -> Tag {
    Tag::builder().key(key).value(value).build()
}

/// Checks that `value` is a hyphenated UUID, as the idempotency token that
/// the client fills in and moto uses as the version id.
fn assert_uuid(value: &str) {
    let groups: Vec<usize> = value.split('-').map(str::len).collect();
    assert_eq!(groups, [8, 4, 4, 4, 12], "{value} is not a UUID");
    assert!(
        value.chars().all(|c| c == '-' || c.is_ascii_hexdigit()),
        "{value} is not a UUID"
    );
}

/// Checks that `time` lies within a minute of the test's run on this
/// machine, which moto shares; the slack absorbs rounding to seconds.
fn assert_recent(time: Option<DateTime>, started: i64, what: &str) {
    let secs = time.unwrap_or_else(|| panic!("{what} is missing")).secs();
    assert!(
        (started - 60..=DateTime::now().secs() + 60).contains(&secs),
        "{what} is {secs}, test started at {started}"
    );
}

#[tokio::test]
async fn string_secret_round_trip() {
    let Some(moto) = Moto::fresh().await else {
        return;
    };
    let client = Client::new(&moto.config());
    let started = DateTime::now().secs();

    let value = "{\"user\":\"admin\",\"password\":\"p@ss w0rd/ü\"}";
    let created = client
        .create_secret()
        .name("prod/db")
        .description("database login")
        .secret_string(value)
        .tags(tag("team", "storage"))
        .send()
        .await
        .expect("CreateSecret");
    let arn = created.arn.expect("CreateSecret returns the ARN");
    let prefix = format!("arn:aws:secretsmanager:{REGION}:{ACCOUNT_ID}:secret:prod/db-");
    assert!(
        arn.starts_with(&prefix) && arn.len() == prefix.len() + 6,
        "{arn}"
    );
    assert_eq!(created.name.as_deref(), Some("prod/db"));
    // The client filled in ClientRequestToken, and moto uses it as the id.
    let version_id = created
        .version_id
        .expect("CreateSecret returns the version id");
    assert_uuid(&version_id);

    let read = client
        .get_secret_value()
        .secret_id("prod/db")
        .send()
        .await
        .expect("GetSecretValue");
    assert_eq!(read.arn.as_deref(), Some(arn.as_str()));
    assert_eq!(read.name.as_deref(), Some("prod/db"));
    assert_eq!(read.version_id.as_deref(), Some(version_id.as_str()));
    assert_eq!(read.secret_string.as_deref(), Some(value));
    assert_eq!(read.secret_binary, None);
    assert_eq!(read.version_stages, Some(vec!["AWSCURRENT".to_string()]));
    assert_recent(read.created_date, started, "CreatedDate");

    let described = client
        .describe_secret()
        .secret_id(&arn)
        .send()
        .await
        .expect("DescribeSecret");
    assert_eq!(described.name.as_deref(), Some("prod/db"));
    assert_eq!(described.description.as_deref(), Some("database login"));
    assert_eq!(described.tags, Some(vec![tag("team", "storage")]));
    // moto sends `"LastAccessedDate": null`, which reads as no value.
    assert_eq!(described.last_accessed_date, None);
    assert_recent(described.created_date, started, "CreatedDate");
    assert_recent(described.last_changed_date, started, "LastChangedDate");
    let stages = described.version_ids_to_stages.expect("VersionIdsToStages");
    assert_eq!(
        stages.get(&version_id),
        Some(&vec!["AWSCURRENT".to_string()])
    );
    assert_eq!(stages.len(), 1);
}

#[tokio::test]
async fn binary_secret_versions() {
    let Some(moto) = Moto::fresh().await else {
        return;
    };
    let client = Client::new(&moto.config());

    let first = vec![0x00, 0x01, 0x02, 0xff, 0xfe];
    let created = client
        .create_secret()
        .name("tls-key")
        .secret_binary(Blob::new(first.clone()))
        .send()
        .await
        .expect("CreateSecret");
    let first_version = created.version_id.expect("a version id");

    let second: Vec<u8> = (0..=255).collect();
    let token = "7d1e7a0c-4f4b-4d53-9d1c-1f0b6a2e9c11";
    let put = client
        .put_secret_value()
        .secret_id("tls-key")
        .secret_binary(Blob::new(second.clone()))
        .client_request_token(token)
        .send()
        .await
        .expect("PutSecretValue");
    assert_eq!(
        put.version_id.as_deref(),
        Some(token),
        "an explicit token becomes the version id"
    );
    assert_eq!(put.name.as_deref(), Some("tls-key"));
    assert_eq!(put.version_stages, Some(vec!["AWSCURRENT".to_string()]));

    let current = client
        .get_secret_value()
        .secret_id("tls-key")
        .send()
        .await
        .expect("GetSecretValue");
    assert_eq!(
        current.secret_binary.as_ref().map(Blob::as_bytes),
        Some(second.as_slice())
    );
    assert_eq!(current.secret_string, None);
    assert_eq!(current.version_id.as_deref(), Some(token));

    let previous = client
        .get_secret_value()
        .secret_id("tls-key")
        .version_stage("AWSPREVIOUS")
        .send()
        .await
        .expect("GetSecretValue of AWSPREVIOUS");
    assert_eq!(
        previous.secret_binary.as_ref().map(Blob::as_bytes),
        Some(first.as_slice())
    );
    assert_eq!(previous.version_id.as_deref(), Some(first_version.as_str()));
    assert_eq!(
        previous.version_stages,
        Some(vec!["AWSPREVIOUS".to_string()])
    );
}

#[tokio::test]
async fn list_secrets_pages() {
    let Some(moto) = Moto::fresh().await else {
        return;
    };
    let client = Client::new(&moto.config());
    let mut expected = Vec::new();
    for index in 0..5 {
        let name = format!("app/secret-{index}");
        client
            .create_secret()
            .name(&name)
            .secret_string("x")
            .send()
            .await
            .expect("CreateSecret");
        expected.push(name);
    }

    let mut names = Vec::new();
    let mut page_sizes = Vec::new();
    let mut pages = client.list_secrets().into_paginator().page_size(2);
    while let Some(page) = pages.next().await {
        let entries = page.expect("ListSecrets").secret_list.unwrap_or_default();
        page_sizes.push(entries.len());
        for entry in entries {
            assert!(
                entry.arn.is_some() && entry.created_date.is_some(),
                "{entry:?}"
            );
            names.push(entry.name.expect("a listed secret has a name"));
        }
        assert!(
            page_sizes.len() <= 10,
            "ListSecrets kept returning NextToken"
        );
    }

    names.sort();
    assert_eq!(names, expected);
    assert_eq!(page_sizes, vec![2, 2, 1]);
}

#[tokio::test]
async fn deleted_secret_is_not_found() {
    let Some(moto) = Moto::fresh().await else {
        return;
    };
    let client = Client::new(&moto.config());
    let started = DateTime::now().secs();
    client
        .create_secret()
        .name("old")
        .secret_string("x")
        .send()
        .await
        .expect("CreateSecret");

    let deleted = client
        .delete_secret()
        .secret_id("old")
        .force_delete_without_recovery(true)
        .send()
        .await
        .expect("DeleteSecret");
    assert_eq!(deleted.name.as_deref(), Some("old"));
    assert_recent(deleted.deletion_date, started, "DeletionDate");

    let error = client
        .get_secret_value()
        .secret_id("old")
        .send()
        .await
        .expect_err("the secret is gone");
    assert_eq!(error.code(), Some("ResourceNotFoundException"));
    // NOTE: AWS returns HTTP 400 for a missing secret, but moto 5.2.5 returns 404.
    assert_eq!(error.meta().map(|meta| meta.status()), Some(404));
    let GetSecretValueError::ResourceNotFoundException(failure) = &error else {
        panic!("expected ResourceNotFoundException, found {error:?}");
    };
    assert!(
        failure.message.as_deref().is_some_and(|m| !m.is_empty()),
        "{failure:?}"
    );
}
