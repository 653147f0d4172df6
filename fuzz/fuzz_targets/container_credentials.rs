//! The container credentials endpoint responds with a status and body from
//! the fuzz input. The authorization token, up to the first NUL byte, comes
//! from the input too. The provider is the one `AWS_CONTAINER_*` variables
//! configure, pointed at a loopback server.

#![no_main]

use std::sync::OnceLock;

use bytes::Bytes;
use ingot_fuzz::input::Input;
use ingot_fuzz::loopback::{Canned, Loopback};
use ingot_runtime::credentials::container::ContainerProvider;
use ingot_runtime::env::Env;
use ingot_runtime::ProvideCredentials;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    static SERVER: OnceLock<Loopback> = OnceLock::new();
    let server = SERVER.get_or_init(Loopback::start);

    let mut input = Input::new(data);
    let token = input.text();
    let status = input.status().max(200);
    let body = Bytes::copy_from_slice(input.rest());
    server.set([(
        "/credentials".to_owned(),
        Canned {
            status,
            headers: http::HeaderMap::new(),
            body,
        },
    )]);

    let env = Env::from_pairs([
        (
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            format!("{}/credentials", server.url()),
        ),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN", token),
    ]);
    let provider = match ContainerProvider::from_env(&env, "http://127.0.0.1:1") {
        Ok(Some(provider)) => provider,
        Ok(None) => return,
        Err(error) => return ingot_fuzz::consume(error.to_string()),
    };
    let result = ingot_fuzz::block_on(provider.provide_credentials());
    ingot_fuzz::consume(format!("{result:?}"));
});
