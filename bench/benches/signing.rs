//! SigV4 signing of the same StartIdMappingJob request: ingot's signer
//! against the `aws-sigv4` crate that the official SDK signs with. Both
//! start from the same unsigned `http::Request` and end with it signed, at
//! the same fixed time, and the benchmark first checks that both produce
//! the same `Authorization` header.

use std::hint::black_box;
use std::time::{Duration, SystemTime};

use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use bytes::Bytes;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use ingot_bench::fixture;

/// Builds the request both signers sign: the headers a client has set
/// when it signs, with the body that the clients send.
fn unsigned_request() -> http::Request<Bytes> {
    let body = format!(
        r#"{{"outputSourceConfig":[{{"outputS3Path":"{}","roleArn":"{}"}}]}}"#,
        fixture::OUTPUT_S3_PATH,
        fixture::ROLE_ARN
    );
    http::Request::post(format!(
        "https://entityresolution.us-east-1.amazonaws.com{}",
        fixture::request_path()
    ))
    .header("content-type", "application/json")
    .header("content-length", body.len())
    .header("user-agent", "bench/1.0")
    .header(
        "amz-sdk-invocation-id",
        "0f9c3b4e-1d2a-4b5c-8e7f-0123456789ab",
    )
    .body(Bytes::from(body))
    .expect("valid request")
}

fn signing_time() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000)
}

fn sign_ingot(request: &mut http::Request<Bytes>, credentials: &ingot_runtime::Credentials) {
    let params = ingot_runtime::sigv4::SigningParams {
        credentials,
        region: fixture::REGION,
        service: "entityresolution",
        time: signing_time(),
        settings: ingot_runtime::sigv4::SigningSettings::default(),
    };
    ingot_runtime::sigv4::sign(request, &params).expect("ingot signs the request");
}

/// Signs as the official SDK's signer does: a `SignableRequest` view of the
/// request, the signature, then the instructions applied to the request.
/// `uri` is the request's URI as text, which the SDK's own request type
/// stores, so that converting it is not counted.
fn sign_official(request: &mut http::Request<Bytes>, uri: &str, identity: &Identity) {
    let params: aws_sigv4::http_request::SigningParams<'_> = v4::SigningParams::builder()
        .identity(identity)
        .region(fixture::REGION)
        .name("entityresolution")
        .time(signing_time())
        .settings(SigningSettings::default())
        .build()
        .expect("complete signing parameters")
        .into();
    let headers = request
        .headers()
        .iter()
        .map(|(name, value)| (name.as_str(), value.to_str().expect("ASCII header")));
    let signable = SignableRequest::new(
        request.method().as_str(),
        uri,
        headers,
        SignableBody::Bytes(request.body()),
    )
    .expect("signable request");
    let (instructions, _signature) = aws_sigv4::http_request::sign(signable, &params)
        .expect("aws-sigv4 signs the request")
        .into_parts();
    instructions.apply_to_request_http1x(request);
}

fn signing(c: &mut Criterion) {
    let credentials =
        ingot_runtime::Credentials::new(fixture::ACCESS_KEY_ID, fixture::SECRET_ACCESS_KEY, None);
    let identity: Identity = aws_credential_types::Credentials::new(
        fixture::ACCESS_KEY_ID,
        fixture::SECRET_ACCESS_KEY,
        None,
        None,
        "bench",
    )
    .into();

    let mut ingot_signed = unsigned_request();
    sign_ingot(&mut ingot_signed, &credentials);
    let mut official_signed = unsigned_request();
    let uri = official_signed.uri().to_string();
    sign_official(&mut official_signed, &uri, &identity);
    assert_eq!(
        ingot_signed.headers().get("authorization"),
        official_signed.headers().get("authorization"),
        "the two signers must sign the same request identically"
    );

    let mut group = c.benchmark_group("signing");
    group.bench_function("ingot", |b| {
        b.iter_batched_ref(
            unsigned_request,
            |request| sign_ingot(black_box(request), &credentials),
            BatchSize::SmallInput,
        )
    });
    group.bench_function("official", |b| {
        b.iter_batched_ref(
            unsigned_request,
            |request| sign_official(black_box(request), &uri, &identity),
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

criterion_group!(benches, signing);
criterion_main!(benches);
