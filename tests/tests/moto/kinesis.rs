//! Kinesis (awsJson1_1): streams, records with binary data, arrival
//! timestamps, and a shard iterator that starts at a timestamp.

use std::time::Duration;

use ingot_runtime::{Blob, DateTime};
use kinesis::operation::describe_stream::DescribeStreamError;
use kinesis::operation::describe_stream_summary::DescribeStreamSummaryError;
use kinesis::types::{PutRecordsRequestEntry, Record, ShardIteratorType, StreamStatus};
use kinesis::Client;

use crate::harness::{Moto, ACCOUNT_ID, REGION};

const STREAM: &str = "clicks";

/// Creates the stream with `shards` shards and waits until it is active.
async fn create_stream(client: &Client, shards: i32) {
    client
        .create_stream()
        .stream_name(STREAM)
        .shard_count(shards)
        .send()
        .await
        .expect("CreateStream");

    // moto 5.2.5 creates streams ACTIVE at once, so the model's delay of
    // 10 s would only slow the tests down.
    let waited = client
        .wait_until_stream_exists()
        .stream_name(STREAM)
        .min_delay(Duration::from_millis(50))
        .max_delay(Duration::from_millis(200))
        .wait(Duration::from_secs(30))
        .await
        .unwrap_or_else(|e| panic!("waiting for stream {STREAM}: {e}"));

    let description = waited
        .into_result()
        .expect("StreamExists succeeds only on a DescribeStream output")
        .stream_description;
    assert_eq!(description.stream_name, STREAM);
    assert_eq!(description.stream_status, StreamStatus::Active);
}

/// Reads every record of `shard_id` from the iterator of `kind`, following
/// NextShardIterator until a call returns no records.
async fn read_shard(
    client: &Client,
    shard_id: &str,
    kind: ShardIteratorType,
    at: Option<DateTime>,
) -> Vec<Record> {
    let mut iterator = client
        .get_shard_iterator()
        .stream_name(STREAM)
        .shard_id(shard_id)
        .shard_iterator_type(kind)
        .set_timestamp(at)
        .send()
        .await
        .expect("GetShardIterator")
        .shard_iterator;

    let mut records = Vec::new();
    for _ in 0..10 {
        let Some(current) = iterator.take() else {
            break;
        };
        let output = client
            .get_records()
            .shard_iterator(current)
            .limit(2)
            .send()
            .await
            .expect("GetRecords");
        if output.records.is_empty() {
            break;
        }
        records.extend(output.records);
        iterator = output.next_shard_iterator;
    }
    records
}

#[tokio::test]
async fn stream_summary_and_shards() {
    let Some(moto) = Moto::fresh().await else {
        return;
    };
    let client = Client::new(&moto.config());
    let before = DateTime::now().secs();
    create_stream(&client, 3).await;

    let summary = client
        .describe_stream_summary()
        .stream_name(STREAM)
        .send()
        .await
        .expect("DescribeStreamSummary")
        .stream_description_summary;
    assert_eq!(summary.stream_name, STREAM);
    assert_eq!(
        summary.stream_arn,
        format!("arn:aws:kinesis:{REGION}:{ACCOUNT_ID}:stream/{STREAM}")
    );
    assert_eq!(summary.stream_status, StreamStatus::Active);
    assert_eq!(summary.open_shard_count, 3);
    assert_eq!(summary.retention_period_hours, 24);
    // The creation time is moto's clock on this machine, read as epoch
    // seconds with a fraction; a minute of slack absorbs rounding.
    let created = summary.stream_creation_timestamp.secs();
    assert!(
        (before - 60..=DateTime::now().secs() + 60).contains(&created),
        "created at {created}, test started at {before}"
    );

    // The model gives ListShards no paginated trait, so it has no
    // paginator and this pages by hand.
    let mut shard_ids = Vec::new();
    let mut next_token: Option<String> = None;
    let mut calls = 0;
    loop {
        // NOTE: AWS rejects StreamName together with NextToken, but moto
        // 5.2.5 rejects a NextToken unless the request repeats every
        // parameter of the first page (it checks a checksum of them), so
        // the stream name goes with every page here.
        let page = client
            .list_shards()
            .stream_name(STREAM)
            .set_next_token(next_token.take())
            .max_results(2)
            .send()
            .await
            .expect("ListShards");
        calls += 1;
        let shards = page.shards.unwrap_or_default();
        assert!(shards.len() <= 2, "a page has at most MaxResults shards");
        shard_ids.extend(shards.into_iter().map(|shard| shard.shard_id));
        match page.next_token {
            Some(token) => next_token = Some(token),
            None => break,
        }
        assert!(calls <= 10, "ListShards kept returning NextToken");
    }
    assert_eq!(
        shard_ids,
        vec![
            "shardId-000000000000",
            "shardId-000000000001",
            "shardId-000000000002"
        ]
    );
    assert_eq!(calls, 2);
}

#[tokio::test]
async fn binary_records_round_trip() {
    let Some(moto) = Moto::fresh().await else {
        return;
    };
    let client = Client::new(&moto.config());
    create_stream(&client, 1).await;

    let first = vec![0x00, 0xff, 0x10, 0x80, b'\n'];
    let put = client
        .put_record()
        .stream_name(STREAM)
        .partition_key("user-1")
        .data(Blob::new(first.clone()))
        .send()
        .await
        .expect("PutRecord");
    assert_eq!(put.shard_id, "shardId-000000000000");
    assert!(!put.sequence_number.is_empty());

    let batch: Vec<Vec<u8>> = vec![
        b"second".to_vec(),
        vec![0xde, 0xad, 0xbe, 0xef],
        Vec::from("drittes ✓".as_bytes()),
    ];
    let output = client
        .put_records()
        .stream_name(STREAM)
        .set_records(
            batch
                .iter()
                .enumerate()
                .map(|(index, data)| {
                    PutRecordsRequestEntry::builder()
                        .partition_key(format!("user-{}", index + 2))
                        .data(Blob::new(data.clone()))
                        .build()
                })
                .collect(),
        )
        .send()
        .await
        .expect("PutRecords");
    assert_eq!(output.failed_record_count, Some(0));
    assert_eq!(output.records.len(), 3);
    for entry in &output.records {
        assert_eq!(entry.shard_id.as_deref(), Some("shardId-000000000000"));
        assert!(entry.sequence_number.is_some(), "{entry:?}");
        assert_eq!(entry.error_code, None);
    }

    let records = read_shard(
        &client,
        "shardId-000000000000",
        ShardIteratorType::TrimHorizon,
        None,
    )
    .await;
    let data: Vec<&[u8]> = records
        .iter()
        .map(|record| record.data.as_bytes())
        .collect();
    let mut expected: Vec<&[u8]> = vec![first.as_slice()];
    expected.extend(batch.iter().map(Vec::as_slice));
    assert_eq!(data, expected, "every record, in order, byte for byte");
    let keys: Vec<&str> = records
        .iter()
        .map(|record| record.partition_key.as_str())
        .collect();
    assert_eq!(keys, ["user-1", "user-2", "user-3", "user-4"]);
    assert_eq!(records[0].sequence_number, put.sequence_number);
    let sequence_numbers: Vec<Option<&str>> = records[1..]
        .iter()
        .map(|r| Some(r.sequence_number.as_str()))
        .collect();
    let batch_numbers: Vec<Option<&str>> = output
        .records
        .iter()
        .map(|r| r.sequence_number.as_deref())
        .collect();
    assert_eq!(sequence_numbers, batch_numbers);
    for record in &records {
        assert!(record.approximate_arrival_timestamp.is_some(), "{record:?}");
    }
}

#[tokio::test]
async fn iterator_at_timestamp_skips_older_records() {
    let Some(moto) = Moto::fresh().await else {
        return;
    };
    let client = Client::new(&moto.config());
    create_stream(&client, 1).await;

    for index in 0..3 {
        client
            .put_record()
            .stream_name(STREAM)
            .partition_key("key")
            .data(Blob::new(vec![index]))
            .send()
            .await
            .expect("PutRecord");
    }
    let all = read_shard(
        &client,
        "shardId-000000000000",
        ShardIteratorType::TrimHorizon,
        None,
    )
    .await;
    assert_eq!(all.len(), 3);

    // The arrival time of the last record, as read back: the timestamp goes
    // out as epoch seconds and must select that record and no earlier one
    // that arrived before it.
    let last_arrival = all[2]
        .approximate_arrival_timestamp
        .expect("an arrival time");
    let from_last = read_shard(
        &client,
        "shardId-000000000000",
        ShardIteratorType::AtTimestamp,
        Some(last_arrival),
    )
    .await;
    assert!(
        !from_last.is_empty(),
        "the record at the timestamp is included"
    );
    assert_eq!(
        from_last.last().map(|r| r.data.as_bytes()),
        Some(&[2u8][..])
    );
    for record in &from_last {
        let arrival = record
            .approximate_arrival_timestamp
            .expect("an arrival time");
        assert!(
            arrival.as_secs_f64() >= last_arrival.as_secs_f64() - 1e-3,
            "{record:?} is older than {last_arrival:?}"
        );
    }

    let future = DateTime::from_secs_and_nanos(DateTime::now().secs() + 3600, 0);
    let none = read_shard(
        &client,
        "shardId-000000000000",
        ShardIteratorType::AtTimestamp,
        Some(future),
    )
    .await;
    assert_eq!(
        none,
        Vec::new(),
        "no record arrived after a time an hour ahead"
    );
}

#[tokio::test]
async fn deleted_stream_is_not_found() {
    let Some(moto) = Moto::fresh().await else {
        return;
    };
    let client = Client::new(&moto.config());
    create_stream(&client, 1).await;
    client
        .delete_stream()
        .stream_name(STREAM)
        .send()
        .await
        .expect("DeleteStream");

    // moto 5.2.5 deletes the stream at once, so the first DescribeStream
    // returns the ResourceNotFoundException that `StreamNotExists` waits for.
    let waited = client
        .wait_until_stream_not_exists()
        .stream_name(STREAM)
        .min_delay(Duration::from_millis(50))
        .max_delay(Duration::from_millis(200))
        .wait(Duration::from_secs(30))
        .await
        .expect("StreamNotExists");
    assert_eq!(waited.attempts(), 1);
    let error = waited
        .result()
        .as_ref()
        .expect_err("StreamNotExists succeeds only on the not-found error");
    assert!(
        matches!(error, DescribeStreamError::ResourceNotFoundException(_)),
        "{error:?}"
    );

    let error = client
        .describe_stream_summary()
        .stream_name(STREAM)
        .send()
        .await
        .expect_err("the stream is gone");
    assert_eq!(error.code(), Some("ResourceNotFoundException"));
    assert_eq!(error.meta().map(|meta| meta.status()), Some(400));
    let DescribeStreamSummaryError::ResourceNotFoundException(failure) = &error else {
        panic!("expected ResourceNotFoundException, found {error:?}");
    };
    let message = failure.message.as_deref().unwrap_or_default();
    assert!(
        message.contains(STREAM),
        "the message names the stream: {message}"
    );
}
