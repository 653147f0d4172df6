//! Generated AWS clients against moto, an independent AWS emulator, on
//! loopback: each module covers one service, and `harness` finds the server
//! through `INGOT_MOTO_ENDPOINT` and resets it before each test.
//!
//! The clients are generated from the AWS models listed in
//! `tests/aws-clients.txt`. Without `INGOT_MOTO_ENDPOINT` the tests print
//! one line and pass, except under `CI`, where they fail.

mod harness;

mod dynamodb;
mod eks;
mod glacier;
mod kinesis;
mod lambda;
mod logs;
mod secretsmanager;
mod sqs;
