// Waiters and paginators build the operation's input too, so they compile
// only once its required members are set.

use std::time::Duration;

fn main() {
    let config = dynamodb::Config::builder().region("us-east-1").build();
    let client = dynamodb::Client::new(&config);
    let _wait = client.wait_until_table_exists().wait(Duration::from_secs(60));

    let config = entityresolution_full::Config::builder().region("us-east-1").build();
    let client = entityresolution_full::Client::new(&config);
    let _pages = client.list_matching_jobs().into_paginator();
}
