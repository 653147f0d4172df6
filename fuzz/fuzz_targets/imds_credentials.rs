//! The instance metadata service, played by a loopback server, responds to the
//! session token request, the role name request and the credentials request
//! with statuses and bodies from the fuzz input (the first two bodies end
//! at a NUL byte).

#![no_main]

use std::sync::OnceLock;

use bytes::Bytes;
use ingot_fuzz::input::Input;
use ingot_fuzz::loopback::{Canned, Loopback};
use ingot_runtime::credentials::imds::{ImdsProvider, ImdsSettings};
use ingot_runtime::ProvideCredentials;
use libfuzzer_sys::fuzz_target;

const CREDENTIALS_PATH: &str = "/latest/meta-data/iam/security-credentials/";

fn canned(status: u16, body: &[u8]) -> Canned {
    // Informational statuses are not final responses; the server cannot
    // send one alone.
    Canned {
        status: status.max(200),
        headers: http::HeaderMap::new(),
        body: Bytes::copy_from_slice(body),
    }
}

fuzz_target!(|data: &[u8]| {
    static SERVER: OnceLock<Loopback> = OnceLock::new();
    let server = SERVER.get_or_init(Loopback::start);

    let mut input = Input::new(data);
    let token = canned(input.status(), input.until(b"\0"));
    let role = canned(input.status(), input.until(b"\0"));
    let credentials = canned(input.status(), input.rest());
    let role_name = String::from_utf8_lossy(&role.body)
        .lines()
        .next()
        .unwrap_or_default()
        .trim()
        .to_owned();
    server.set([
        ("/latest/api/token".to_owned(), token),
        (CREDENTIALS_PATH.to_owned(), role),
        (format!("{CREDENTIALS_PATH}{role_name}"), credentials),
    ]);

    let provider = ImdsProvider::new(ImdsSettings::new(server.url()));
    let result = ingot_fuzz::block_on(provider.provide_credentials());
    ingot_fuzz::consume(format!("{result:?}"));
});
