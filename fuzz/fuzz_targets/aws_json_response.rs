//! The operations of two awsJson1_0 clients read a response from the fuzz
//! input: DynamoDB, whose attribute values are recursive unions, and SQS,
//! which responds in the query-compatible error format. The first byte picks
//! the operation, the rest is the status, headers and body (see
//! `Input::response`). The response arrives through the client's HTTP
//! client seam, so the generated response reader and error parser run
//! exactly as they do for a real response.

#![no_main]

use std::sync::OnceLock;

use ingot_fuzz::input::Input;
use ingot_fuzz::responder::{config, Responder};
use libfuzzer_sys::fuzz_target;

/// The operations of each client that the calls below dispatch to.
const DYNAMODB_OPERATIONS: usize = 7;
const SQS_OPERATIONS: usize = 8;

/// Awaits a call and formats whatever it returns, so that the
/// `Display` and accessors of errors run too.
macro_rules! exercise {
    ($call:expr) => {
        match $call.await {
            Ok(output) => ingot_fuzz::consume(format!("{output:?}")),
            Err(error) => ingot_fuzz::consume((
                error.to_string(),
                error.code().map(str::len),
                error.message().map(str::len),
                error.request_id().map(str::len),
                error.is_retryable(),
                error.is_throttling(),
            )),
        }
    };
}

async fn call_dynamodb(client: &dynamodb::Client, index: usize) {
    match index {
        0 => exercise!(client
            .create_table()
            .set_attribute_definitions(Default::default())
            .table_name("fuzz")
            .set_key_schema(Default::default())
            .send()),
        1 => exercise!(client.delete_table().table_name("fuzz").send()),
        2 => exercise!(client.describe_table().table_name("fuzz").send()),
        3 => exercise!(client
            .get_item()
            .table_name("fuzz")
            .set_key(Default::default())
            .send()),
        4 => exercise!(client
            .put_item()
            .table_name("fuzz")
            .set_item(Default::default())
            .send()),
        5 => exercise!(client.query().table_name("fuzz").send()),
        6 => exercise!(client.scan().table_name("fuzz").send()),
        _ => unreachable!("the index is taken modulo DYNAMODB_OPERATIONS"),
    }
}

async fn call_sqs(client: &sqs::Client, index: usize) {
    match index {
        0 => exercise!(client.create_queue().queue_name("fuzz").send()),
        1 => exercise!(client
            .delete_message()
            .queue_url("fuzz")
            .receipt_handle("fuzz")
            .send()),
        2 => exercise!(client.delete_queue().queue_url("fuzz").send()),
        3 => exercise!(client.get_queue_attributes().queue_url("fuzz").send()),
        4 => exercise!(client.get_queue_url().queue_name("fuzz").send()),
        5 => exercise!(client.list_queues().send()),
        6 => exercise!(client.receive_message().queue_url("fuzz").send()),
        7 => exercise!(client
            .send_message()
            .queue_url("fuzz")
            .message_body("fuzz")
            .send()),
        _ => unreachable!("the index is taken modulo SQS_OPERATIONS"),
    }
}

struct Clients {
    dynamodb: dynamodb::Client,
    sqs: sqs::Client,
    responder: Responder,
}

fuzz_target!(|data: &[u8]| {
    static CLIENTS: OnceLock<Clients> = OnceLock::new();
    let clients = CLIENTS.get_or_init(|| {
        let responder = Responder::default();
        let config = config(&responder);
        Clients {
            dynamodb: dynamodb::Client::new(&config),
            sqs: sqs::Client::new(&config),
            responder,
        }
    });

    let mut input = Input::new(data);
    let index = input.choose(DYNAMODB_OPERATIONS + SQS_OPERATIONS);
    clients.responder.set(input.response());
    ingot_fuzz::block_on(async {
        match index.checked_sub(DYNAMODB_OPERATIONS) {
            None => call_dynamodb(&clients.dynamodb, index).await,
            Some(index) => call_sqs(&clients.sqs, index).await,
        }
    });
});
