//! SigV4 signs a request whose method, path and query, headers and body
//! come from the fuzz input, with each combination of the signing
//! settings. A request that `http` cannot represent is skipped, because no
//! client can send one; any other request must sign or fail with an error.

#![no_main]

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use ingot_fuzz::input::{headers, Input};
use ingot_runtime::sigv4::{self, SessionTokenMode, SigningParams, SigningSettings};
use ingot_runtime::Credentials;
use libfuzzer_sys::fuzz_target;

const METHODS: [&str; 5] = ["GET", "POST", "PUT", "DELETE", "HEAD"];

fuzz_target!(|data: &[u8]| {
    let mut input = Input::new(data);
    let flags = input.byte();
    let method = METHODS[input.choose(METHODS.len())];
    let path_and_query = input.text();
    let head = input.until(b"\n\n");
    let body = Bytes::copy_from_slice(input.rest());

    let Ok(uri) = http::Uri::try_from(format!(
        "https://service.us-east-1.amazonaws.com{path_and_query}"
    )) else {
        return;
    };
    let mut request = http::Request::new(body);
    *request.method_mut() = http::Method::from_bytes(method.as_bytes()).expect("a standard method");
    *request.uri_mut() = uri;
    *request.headers_mut() = headers(head);

    let mut settings = SigningSettings::default();
    settings.normalize_uri_path = flags & 1 != 0;
    settings.double_uri_encode = flags & 2 != 0;
    settings.payload_hash_header = flags & 4 != 0;
    if flags & 8 != 0 {
        settings.session_token_mode = SessionTokenMode::AddedAfterSigning;
    }
    let session_token = (flags & 16 != 0).then(|| "fuzz-session-token".to_owned());
    let credentials = Credentials::new("AKIDFUZZ", "fuzz-secret", session_token);
    let params = SigningParams {
        credentials: &credentials,
        region: "us-east-1",
        service: "service",
        time: SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000),
        settings,
    };
    match sigv4::sign_with_details(&mut request, &params) {
        Ok(details) => ingot_fuzz::consume(format!("{details:?}")),
        Err(error) => ingot_fuzz::consume(error.to_string()),
    }
});
