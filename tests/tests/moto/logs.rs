//! CloudWatch Logs (awsJson1_1): events with millisecond timestamps,
//! rejected old events, paged filtering and a missing log group.

use ingot_runtime::DateTime;
use logs::operation::put_log_events::PutLogEventsError;
use logs::types::InputLogEvent;
use logs::Client;

use crate::harness::Moto;

const GROUP: &str = "/app/web";

fn event(timestamp: i64, message: &str) -> InputLogEvent {
    InputLogEvent::builder()
        .timestamp(timestamp)
        .message(message)
        .build()
}

/// Returns the current time in epoch milliseconds, the unit of log event
/// timestamps.
fn now_millis() -> i64 {
    let now = DateTime::now();
    now.secs() * 1000 + i64::from(now.subsec_nanos() / 1_000_000)
}

async fn create_group_with_streams(client: &Client, streams: &[&str]) {
    client
        .create_log_group()
        .log_group_name(GROUP)
        .tags("team", "web")
        .send()
        .await
        .expect("CreateLogGroup");
    for stream in streams {
        client
            .create_log_stream()
            .log_group_name(GROUP)
            .log_stream_name(*stream)
            .send()
            .await
            .expect("CreateLogStream");
    }
}

#[tokio::test]
async fn put_and_get_events_with_timestamps() {
    let Some(moto) = Moto::fresh().await else {
        return;
    };
    let client = Client::new(&moto.config());
    create_group_with_streams(&client, &["instance-1"]).await;

    let base = now_millis() - 60_000;
    let fifteen_days_ago = base - 15 * 24 * 3600 * 1000;
    let output = client
        .put_log_events()
        .log_group_name(GROUP)
        .log_stream_name("instance-1")
        .log_events(event(fifteen_days_ago, "too old"))
        .log_events(event(base, "GET /index.html 200"))
        .log_events(event(base + 1, "GET /missing 404 \"quoted\" ✓"))
        .log_events(event(base + 1_500, "multi\nline\tevent"))
        .send()
        .await
        .expect("PutLogEvents");
    let rejected = output
        .rejected_log_events_info
        .expect("the too old event is reported");
    assert_eq!(rejected.too_old_log_event_end_index, Some(0));
    assert_eq!(rejected.too_new_log_event_start_index, None);
    assert_eq!(rejected.expired_log_event_end_index, None);

    let events = client
        .get_log_events()
        .log_group_name(GROUP)
        .log_stream_name("instance-1")
        .start_from_head(true)
        .send()
        .await
        .expect("GetLogEvents")
        .events
        .unwrap_or_default();
    let read: Vec<(Option<i64>, Option<&str>)> = events
        .iter()
        .map(|e| (e.timestamp, e.message.as_deref()))
        .collect();
    assert_eq!(
        read,
        vec![
            (Some(base), Some("GET /index.html 200")),
            (Some(base + 1), Some("GET /missing 404 \"quoted\" ✓")),
            (Some(base + 1_500), Some("multi\nline\tevent")),
        ],
        "millisecond timestamps and messages round trip exactly"
    );
    for event in &events {
        let ingested = event.ingestion_time.expect("an ingestion time");
        assert!(
            ingested >= base,
            "ingested at {ingested}, before the event at {base}"
        );
    }
}

#[tokio::test]
async fn filter_log_events_pages() {
    let Some(moto) = Moto::fresh().await else {
        return;
    };
    let client = Client::new(&moto.config());
    create_group_with_streams(&client, &["a", "b"]).await;

    let base = now_millis() - 60_000;
    for (stream, offset) in [("a", 0), ("b", 100)] {
        let events = (0..5)
            .map(|index| {
                let level = if index % 2 == 0 { "ERROR" } else { "INFO" };
                event(base + offset + index, &format!("{level} {stream}{index}"))
            })
            .collect();
        client
            .put_log_events()
            .log_group_name(GROUP)
            .log_stream_name(stream)
            .set_log_events(events)
            .send()
            .await
            .expect("PutLogEvents");
    }

    let mut messages = Vec::new();
    let mut page_sizes = Vec::new();
    let mut pages = client
        .filter_log_events()
        .log_group_name(GROUP)
        .log_stream_names("a")
        .log_stream_names("b")
        .filter_pattern("ERROR")
        .start_time(base)
        .end_time(base + 10_000)
        .into_paginator()
        .page_size(2);
    while let Some(page) = pages.next().await {
        let page = page.expect("FilterLogEvents");
        let events = page.events.unwrap_or_default();
        page_sizes.push(events.len());
        for event in events {
            assert!(event.event_id.is_some(), "{event:?}");
            let stream = event.log_stream_name.clone().expect("the stream name");
            let message = event.message.clone().expect("a message");
            assert!(
                message.ends_with(&format!(
                    "{stream}{}",
                    event.timestamp.unwrap_or_default()
                        - base
                        - if stream == "b" { 100 } else { 0 }
                )),
                "{event:?}"
            );
            messages.push(message);
        }
        let searched = page.searched_log_streams.unwrap_or_default();
        assert_eq!(searched.len(), 2, "both streams are searched");
        assert!(
            page_sizes.len() <= 10,
            "FilterLogEvents kept returning nextToken"
        );
    }

    messages.sort();
    assert_eq!(
        messages,
        ["ERROR a0", "ERROR a2", "ERROR a4", "ERROR b0", "ERROR b2", "ERROR b4"]
    );
    assert_eq!(page_sizes, vec![2, 2, 2]);
}

#[tokio::test]
async fn missing_log_group_is_typed_error() {
    let Some(moto) = Moto::fresh().await else {
        return;
    };
    let client = Client::new(&moto.config());

    let error = client
        .put_log_events()
        .log_group_name("/missing")
        .log_stream_name("s")
        .log_events(event(now_millis(), "lost"))
        .send()
        .await
        .expect_err("no such log group");
    assert_eq!(error.code(), Some("ResourceNotFoundException"));
    assert_eq!(error.meta().map(|meta| meta.status()), Some(400));
    let PutLogEventsError::ResourceNotFoundException(failure) = &error else {
        panic!("expected ResourceNotFoundException, found {error:?}");
    };
    assert!(
        failure.message.as_deref().is_some_and(|m| !m.is_empty()),
        "{failure:?}"
    );
}
