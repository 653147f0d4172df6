//! DynamoDB (awsJson1_0): tables, every attribute value type, paged Query
//! and Scan, and a failed condition as its typed error.

use std::collections::HashMap;
use std::time::Duration;

use dynamodb::operation::delete_table::DeleteTableError;
use dynamodb::operation::describe_table::DescribeTableError;
use dynamodb::operation::put_item::PutItemError;
use dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, KeySchemaElement, KeyType,
    ScalarAttributeType, TableStatus,
};
use dynamodb::Client;
use ingot_runtime::Blob;

use crate::harness::{Moto, ACCOUNT_ID, REGION};

const TABLE: &str = "orders";

type Item = HashMap<String, AttributeValue>;

/// Creates `orders` with partition key `customer` (S) and sort key `seq`
/// (N), then waits until it is active.
async fn create_orders_table(client: &Client) {
    let created = client
        .create_table()
        .table_name(TABLE)
        .attribute_definitions(definition("customer", ScalarAttributeType::S))
        .attribute_definitions(definition("seq", ScalarAttributeType::N))
        .key_schema(key("customer", KeyType::Hash))
        .key_schema(key("seq", KeyType::Range))
        .billing_mode(BillingMode::PayPerRequest)
        .send()
        .await
        .expect("CreateTable");

    let table = created
        .table_description
        .expect("CreateTable returns the table description");
    assert_eq!(table.table_name.as_deref(), Some(TABLE));
    assert_eq!(
        table.table_arn.as_deref(),
        Some(format!("arn:aws:dynamodb:{REGION}:{ACCOUNT_ID}:table/{TABLE}").as_str())
    );
    assert_eq!(
        table.key_schema.as_deref(),
        Some(&[key("customer", KeyType::Hash), key("seq", KeyType::Range)][..])
    );
    let mut definitions = table.attribute_definitions.expect("attribute definitions");
    definitions.sort_by(|a, b| a.attribute_name.cmp(&b.attribute_name));
    assert_eq!(
        definitions,
        vec![
            definition("customer", ScalarAttributeType::S),
            definition("seq", ScalarAttributeType::N)
        ]
    );
    assert_eq!(
        table
            .billing_mode_summary
            .and_then(|summary| summary.billing_mode),
        Some(BillingMode::PayPerRequest)
    );
    assert!(
        table.creation_date_time.is_some(),
        "CreateTable returns the creation time"
    );

    wait_until_table_exists(client, TABLE).await;
}

/// Waits with the model's `TableExists` waiter until the table is ACTIVE.
async fn wait_until_table_exists(client: &Client, table_name: &str) {
    // moto 5.2.5 creates tables ACTIVE at once, so the model's delays of
    // 20 s and more would only slow the tests down.
    let waited = client
        .wait_until_table_exists()
        .table_name(table_name)
        .min_delay(Duration::from_millis(50))
        .max_delay(Duration::from_millis(200))
        .wait(Duration::from_secs(30))
        .await
        .unwrap_or_else(|e| panic!("waiting for table {table_name}: {e}"));

    let status = waited
        .into_result()
        .expect("TableExists succeeds only on a DescribeTable output")
        .table
        .and_then(|table| table.table_status);
    assert_eq!(status, Some(TableStatus::Active));
}

fn definition(name: &str, attribute_type: ScalarAttributeType) -> AttributeDefinition {
    AttributeDefinition::builder()
        .attribute_name(name)
        .attribute_type(attribute_type)
        .build()
}

fn key(name: &str, key_type: KeyType) -> KeySchemaElement {
    KeySchemaElement::builder()
        .attribute_name(name)
        .key_type(key_type)
        .build()
}

fn s(value: &str) -> AttributeValue {
    AttributeValue::S(value.to_string())
}

fn n(value: &str) -> AttributeValue {
    AttributeValue::N(value.to_string())
}

fn order(customer: &str, seq: u32) -> Item {
    HashMap::from([
        ("customer".to_string(), s(customer)),
        ("seq".to_string(), n(&seq.to_string())),
        ("total".to_string(), n(&format!("{}.25", seq * 10))),
    ])
}

async fn put(client: &Client, item: Item) {
    client
        .put_item()
        .table_name(TABLE)
        .set_item(item)
        .send()
        .await
        .expect("PutItem");
}

/// Returns an item with every attribute value type, including bytes that are not
/// UTF-8, an empty string, Unicode, and nesting three levels deep.
fn every_type_item() -> Item {
    let nested = HashMap::from([
        ("label".to_string(), s("inner ✓")),
        (
            "depth".to_string(),
            AttributeValue::M(HashMap::from([("level".to_string(), n("3"))])),
        ),
        (
            "flags".to_string(),
            AttributeValue::L(vec![
                AttributeValue::Bool(false),
                AttributeValue::Null(true),
            ]),
        ),
    ]);
    HashMap::from([
        ("customer".to_string(), s("every-type")),
        ("seq".to_string(), n("1")),
        (
            "text".to_string(),
            s("Grüße, \"quoted\"\n\ttabbed \u{1F980}"),
        ),
        ("empty_text".to_string(), s("")),
        ("integer".to_string(), n("-42")),
        ("decimal".to_string(), n("3.14159265358979323846")),
        (
            "large".to_string(),
            n("12345678901234567890123456789012345678"),
        ),
        (
            "binary".to_string(),
            AttributeValue::B(Blob::new(vec![0x00, 0xff, 0x80, 0x7f, 0x0a])),
        ),
        (
            "strings".to_string(),
            AttributeValue::Ss(vec!["alpha".into(), "beta".into(), "gamma".into()]),
        ),
        (
            "numbers".to_string(),
            AttributeValue::Ns(vec!["1".into(), "2.5".into(), "-3".into()]),
        ),
        (
            "binaries".to_string(),
            AttributeValue::Bs(vec![Blob::new(vec![1, 2, 3]), Blob::new(vec![0xfe])]),
        ),
        (
            "list".to_string(),
            AttributeValue::L(vec![
                s("one"),
                n("2"),
                AttributeValue::B(Blob::new(b"three".to_vec())),
            ]),
        ),
        ("map".to_string(), AttributeValue::M(nested)),
        ("nothing".to_string(), AttributeValue::Null(true)),
        ("yes".to_string(), AttributeValue::Bool(true)),
        ("no".to_string(), AttributeValue::Bool(false)),
    ])
}

/// Sorts the members of the three set types, because sets have no order.
fn normalize_sets(item: &mut Item) {
    for value in item.values_mut() {
        match value {
            AttributeValue::Ss(members) | AttributeValue::Ns(members) => members.sort(),
            AttributeValue::Bs(members) => members.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes())),
            _ => {}
        }
    }
}

#[tokio::test]
async fn item_round_trips_every_type() {
    let Some(moto) = Moto::fresh().await else {
        return;
    };
    let client = Client::new(&moto.config());
    create_orders_table(&client).await;

    let item = every_type_item();
    put(&client, item.clone()).await;

    let output = client
        .get_item()
        .table_name(TABLE)
        .key("customer", s("every-type"))
        .key("seq", n("1"))
        .consistent_read(true)
        .send()
        .await
        .expect("GetItem");
    let mut read = output.item.expect("GetItem finds the item");
    let mut expected = item;
    normalize_sets(&mut read);
    normalize_sets(&mut expected);

    let mut names: Vec<&String> = read.keys().collect();
    names.sort();
    let mut expected_names: Vec<&String> = expected.keys().collect();
    expected_names.sort();
    assert_eq!(names, expected_names, "attribute names");
    for (name, value) in &expected {
        assert_eq!(read.get(name), Some(value), "attribute {name}");
    }
}

#[tokio::test]
async fn get_item_of_missing_key_has_no_item() {
    let Some(moto) = Moto::fresh().await else {
        return;
    };
    let client = Client::new(&moto.config());
    create_orders_table(&client).await;

    let output = client
        .get_item()
        .table_name(TABLE)
        .key("customer", s("nobody"))
        .key("seq", n("1"))
        .send()
        .await
        .expect("GetItem");
    assert_eq!(output.item, None);
}

#[tokio::test]
async fn query_pages_through_one_partition() {
    let Some(moto) = Moto::fresh().await else {
        return;
    };
    let client = Client::new(&moto.config());
    create_orders_table(&client).await;
    for seq in 1..=7 {
        put(&client, order("ada", seq)).await;
    }
    put(&client, order("grace", 1)).await;

    let mut sequence_numbers = Vec::new();
    let mut page_sizes = Vec::new();
    let mut has_last_key = Vec::new();
    let mut pages = client
        .query()
        .table_name(TABLE)
        .key_condition_expression("customer = :customer")
        .expression_attribute_values(":customer", s("ada"))
        .into_paginator()
        .page_size(3);
    while let Some(page) = pages.next().await {
        let page = page.expect("Query");
        let items = page.items.unwrap_or_default();
        assert_eq!(
            page.count as usize,
            items.len(),
            "Count matches the items of the page"
        );
        page_sizes.push(items.len());
        has_last_key.push(page.last_evaluated_key.is_some());
        for item in &items {
            assert_eq!(item.get("customer"), Some(&s("ada")));
            match item.get("seq") {
                Some(AttributeValue::N(seq)) => {
                    sequence_numbers.push(seq.parse::<u32>().expect("seq is a number"))
                }
                other => panic!("seq should be a number, found {other:?}"),
            }
            let seq = sequence_numbers.last().unwrap();
            assert_eq!(item.get("total"), Some(&n(&format!("{}.25", seq * 10))));
        }
        assert!(
            page_sizes.len() <= 10,
            "Query kept returning LastEvaluatedKey"
        );
    }

    assert_eq!(
        sequence_numbers,
        (1..=7).collect::<Vec<_>>(),
        "every item once, in sort key order"
    );
    assert_eq!(page_sizes, vec![3, 3, 1], "pages of at most Limit items");
    assert_eq!(
        has_last_key,
        vec![true, true, false],
        "the last page has no LastEvaluatedKey"
    );
}

#[tokio::test]
async fn scan_pages_through_the_table() {
    let Some(moto) = Moto::fresh().await else {
        return;
    };
    let client = Client::new(&moto.config());
    create_orders_table(&client).await;
    for customer in ["ada", "grace", "edsger"] {
        for seq in 1..=3 {
            put(&client, order(customer, seq)).await;
        }
    }

    let mut seen = Vec::new();
    let mut page_count = 0;
    let mut pages = client
        .scan()
        .table_name(TABLE)
        .into_paginator()
        .page_size(4);
    while let Some(page) = pages.next().await {
        let page = page.expect("Scan");
        page_count += 1;
        let items = page.items.unwrap_or_default();
        assert!(
            items.len() <= 4,
            "a page has at most Limit items, found {}",
            items.len()
        );
        assert_eq!(page.count as usize, items.len());
        assert_eq!(
            page.scanned_count as usize,
            items.len(),
            "no filter, so every scanned item is returned"
        );
        for item in items {
            let (Some(AttributeValue::S(customer)), Some(AttributeValue::N(seq))) =
                (item.get("customer"), item.get("seq"))
            else {
                panic!("an item without its key: {item:?}");
            };
            seen.push((customer.clone(), seq.clone()));
        }
        assert!(page_count <= 10, "Scan kept returning LastEvaluatedKey");
    }

    seen.sort();
    let mut expected: Vec<(String, String)> = ["ada", "grace", "edsger"]
        .iter()
        .flat_map(|customer| (1..=3).map(move |seq| (customer.to_string(), seq.to_string())))
        .collect();
    expected.sort();
    assert_eq!(seen, expected, "every item exactly once");
    assert_eq!(page_count, 3, "9 items in pages of 4");
}

#[tokio::test]
async fn failed_condition_is_typed_error() {
    let Some(moto) = Moto::fresh().await else {
        return;
    };
    let client = Client::new(&moto.config());
    create_orders_table(&client).await;
    put(&client, order("ada", 1)).await;

    let error = client
        .put_item()
        .table_name(TABLE)
        .set_item(order("ada", 1))
        .condition_expression("attribute_not_exists(customer)")
        .send()
        .await
        .expect_err("the item exists, so the condition fails");

    assert_eq!(error.code(), Some("ConditionalCheckFailedException"));
    assert_eq!(error.meta().map(|meta| meta.status()), Some(400));
    let PutItemError::ConditionalCheckFailedException(failure) = error else {
        panic!("expected ConditionalCheckFailedException, found {error:?}");
    };
    assert_eq!(
        failure.message.as_deref(),
        Some("The conditional request failed")
    );
}

#[tokio::test]
async fn delete_table_then_describe_fails() {
    let Some(moto) = Moto::fresh().await else {
        return;
    };
    let client = Client::new(&moto.config());
    create_orders_table(&client).await;

    let deleted = client
        .delete_table()
        .table_name(TABLE)
        .send()
        .await
        .expect("DeleteTable");
    let table = deleted
        .table_description
        .expect("DeleteTable returns the table description");
    assert_eq!(table.table_name.as_deref(), Some(TABLE));

    // moto 5.2.5 deletes the table at once, so the first DescribeTable
    // returns the ResourceNotFoundException that `TableNotExists` waits for.
    let waited = client
        .wait_until_table_not_exists()
        .table_name(TABLE)
        .min_delay(Duration::from_millis(50))
        .max_delay(Duration::from_millis(200))
        .wait(Duration::from_secs(30))
        .await
        .expect("TableNotExists");
    assert_eq!(waited.attempts(), 1);
    let error = waited
        .result()
        .as_ref()
        .expect_err("TableNotExists succeeds only on the not-found error");
    assert!(
        matches!(error, DescribeTableError::ResourceNotFoundException(_)),
        "{error:?}"
    );

    let error = client
        .describe_table()
        .table_name(TABLE)
        .send()
        .await
        .expect_err("the table is gone");
    assert_eq!(error.code(), Some("ResourceNotFoundException"));
    assert!(
        matches!(error, DescribeTableError::ResourceNotFoundException(_)),
        "{error:?}"
    );

    let error = client
        .delete_table()
        .table_name(TABLE)
        .send()
        .await
        .expect_err("deleting twice fails");
    assert!(
        matches!(error, DeleteTableError::ResourceNotFoundException(_)),
        "{error:?}"
    );
}
