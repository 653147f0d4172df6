//! Lambda (restJson1): a function from a zip blob, labels that hold ARNs,
//! an invocation's payload and response headers, a query list, and paged
//! listing.
//!
//! moto runs function code only in Docker with a Lambda runtime image,
//! which CI does not have, so the harness switches it to return each
//! invocation's payload (or a queued result) instead. The log result is
//! therefore never sent, and the function error header only for moto's own
//! "response too large" error.

use std::collections::HashMap;

use base64::Engine as _;
use ingot_runtime::Blob;
use lambda::operation::get_function::GetFunctionError;
use lambda::operation::invoke::InvokeError;
use lambda::types::{Environment, FunctionCode, InvocationType, LogType, PackageType, Runtime};
use lambda::Client;
use sha2::{Digest, Sha256};

use crate::harness::{Moto, ACCOUNT_ID, REGION};

/// Returns a zip archive with one stored (uncompressed) file, built by hand
/// so the test needs no zip library.
fn zip_with_one_file(name: &str, content: &[u8]) -> Vec<u8> {
    let crc = crc32(content);
    let size = content.len() as u32;
    let name_length = name.len() as u16;

    // Local file header: signature, version 2.0, no flags, stored, time and
    // date 0, CRC-32, sizes, name length, no extra field.
    let mut zip = Vec::new();
    zip.extend(0x0403_4b50u32.to_le_bytes());
    zip.extend([20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    zip.extend(crc.to_le_bytes());
    zip.extend(size.to_le_bytes());
    zip.extend(size.to_le_bytes());
    zip.extend(name_length.to_le_bytes());
    zip.extend([0, 0]);
    zip.extend(name.as_bytes());
    zip.extend(content);

    // Central directory entry for the same file at offset 0.
    let directory_offset = zip.len() as u32;
    zip.extend(0x0201_4b50u32.to_le_bytes());
    zip.extend([20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    zip.extend(crc.to_le_bytes());
    zip.extend(size.to_le_bytes());
    zip.extend(size.to_le_bytes());
    zip.extend(name_length.to_le_bytes());
    zip.extend([0u8; 12]);
    zip.extend(0u32.to_le_bytes());
    zip.extend(name.as_bytes());
    let directory_size = zip.len() as u32 - directory_offset;

    // End of central directory: one entry.
    zip.extend(0x0605_4b50u32.to_le_bytes());
    zip.extend([0, 0, 0, 0, 1, 0, 1, 0]);
    zip.extend(directory_size.to_le_bytes());
    zip.extend(directory_offset.to_le_bytes());
    zip.extend([0, 0]);
    zip
}

/// CRC-32 (IEEE 802.3, reflected), as zip archives use.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

const HANDLER_SOURCE: &str = "def handler(event, context):\n    return event\n";

async fn create_function(
    client: &Client,
    role: &str,
    name: &str,
) -> lambda::operation::create_function::CreateFunctionOutput {
    client
        .create_function()
        .function_name(name)
        .runtime(Runtime::Python312)
        .role(role)
        .handler("index.handler")
        .code(
            FunctionCode::builder()
                .zip_file(Blob::new(zip_with_one_file(
                    "index.py",
                    HANDLER_SOURCE.as_bytes(),
                )))
                .build(),
        )
        .description("echoes its event")
        .timeout(30)
        .memory_size(256)
        .environment(
            Environment::builder()
                .variables("STAGE", "test")
                .variables("GREETING", "grüß dich")
                .build(),
        )
        .tags("team", "payments")
        .send()
        .await
        .expect("CreateFunction")
}

/// Prepares moto for Lambda: no Docker, and the IAM role functions need.
async fn lambda_client(moto: &Moto) -> (Client, String) {
    moto.set_lambda_use_docker(false).await;
    let role = moto.create_iam_role("lambda-test-role").await;
    (Client::new(&moto.config()), role)
}

#[test]
fn crc32_of_check_string() {
    // The standard check value of CRC-32.
    assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
}

#[tokio::test]
async fn create_and_get_function() {
    let Some(moto) = Moto::fresh().await else {
        return;
    };
    let (client, role) = lambda_client(&moto).await;
    let zip = zip_with_one_file("index.py", HANDLER_SOURCE.as_bytes());
    let arn = format!("arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:echo");

    let created = create_function(&client, &role, "echo").await;
    assert_eq!(created.function_name.as_deref(), Some("echo"));
    assert_eq!(created.function_arn.as_deref(), Some(arn.as_str()));
    assert_eq!(created.runtime, Some(Runtime::Python312));
    assert_eq!(created.role.as_deref(), Some(role.as_str()));
    assert_eq!(created.handler.as_deref(), Some("index.handler"));
    assert_eq!(
        created.code_size,
        zip.len() as i64,
        "CodeSize is the size of the zip that was sent"
    );
    let sha256 = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(&zip));
    assert_eq!(
        created.code_sha256.as_deref(),
        Some(sha256.as_str()),
        "CodeSha256 is of the bytes that were sent"
    );
    assert_eq!(created.description.as_deref(), Some("echoes its event"));
    assert_eq!(created.timeout, Some(30));
    assert_eq!(created.memory_size, Some(256));
    assert_eq!(created.package_type, Some(PackageType::Zip));
    assert_eq!(created.version.as_deref(), Some("$LATEST"));
    let variables = created
        .environment
        .and_then(|environment| environment.variables)
        .expect("environment variables");
    assert_eq!(
        variables,
        HashMap::from([
            ("STAGE".to_string(), "test".to_string()),
            ("GREETING".to_string(), "grüß dich".to_string())
        ])
    );

    // The function's ARN goes into the URL path as a label, with its colons.
    let fetched = client
        .get_function()
        .function_name(&arn)
        .send()
        .await
        .expect("GetFunction by ARN");
    let configuration = fetched
        .configuration
        .expect("GetFunction returns the configuration");
    assert_eq!(configuration.function_name.as_deref(), Some("echo"));
    assert_eq!(configuration.code_sha256.as_deref(), Some(sha256.as_str()));
    assert_eq!(configuration.code_size, zip.len() as i64);
    let code = fetched.code.expect("GetFunction returns the code location");
    assert_eq!(code.repository_type.as_deref(), Some("S3"));
    assert!(code.location.is_some_and(|location| !location.is_empty()));
    assert_eq!(
        fetched.tags,
        Some(HashMap::from([(
            "team".to_string(),
            "payments".to_string()
        )]))
    );
}

#[tokio::test]
async fn invoke_returns_payload_and_headers() {
    let Some(moto) = Moto::fresh().await else {
        return;
    };
    let (client, role) = lambda_client(&moto).await;
    create_function(&client, &role, "echo").await;

    // Without Docker, moto echoes the request payload.
    let payload = br#"{"order":17,"items":["a","b"],"note":"\u00fc"}"#;
    let output = client
        .invoke()
        .function_name("echo")
        .invocation_type(InvocationType::RequestResponse)
        .log_type(LogType::Tail)
        .payload(Blob::new(payload.to_vec()))
        .send()
        .await
        .expect("Invoke");
    assert_eq!(
        output.status_code, 200,
        "the status code is bound to the HTTP status"
    );
    assert_eq!(
        output.payload.as_ref().map(Blob::as_bytes),
        Some(&payload[..]),
        "the body is the payload, byte for byte"
    );
    assert_eq!(output.function_error, None);
    // NOTE: moto sends X-Amz-Log-Result only when it runs the code in Docker.
    assert_eq!(output.log_result, None);

    moto.queue_lambda_results(&["{\"queued\": true}"]).await;
    let output = client
        .invoke()
        .function_name("echo")
        .send()
        .await
        .expect("Invoke");
    assert_eq!(
        output.payload.as_ref().map(Blob::as_bytes),
        Some(&b"{\"queued\": true}"[..])
    );

    let output = client
        .invoke()
        .function_name("echo")
        .invocation_type(InvocationType::Event)
        .payload(Blob::new(b"{}".to_vec()))
        .send()
        .await
        .expect("Invoke of type Event");
    assert_eq!(
        output.status_code, 202,
        "an asynchronous invocation is accepted with 202"
    );

    let output = client
        .invoke()
        .function_name("echo")
        .invocation_type(InvocationType::DryRun)
        .send()
        .await
        .expect("Invoke of type DryRun");
    assert_eq!(output.status_code, 204);
}

#[tokio::test]
async fn invoke_reads_function_error_header() {
    let Some(moto) = Moto::fresh().await else {
        return;
    };
    let (client, role) = lambda_client(&moto).await;
    create_function(&client, &role, "echo").await;

    // moto replaces a response payload over 6 MB with a
    // `Function.ResponseSizeTooLarge` error and sets the function error
    // header to `Unhandled`. Without Docker the response payload is the
    // request payload, so a large request produces that error.
    let large = vec![b'x'; 6_100_000];
    let output = client
        .invoke()
        .function_name("echo")
        .payload(Blob::new(large))
        .send()
        .await
        .expect("Invoke with a large payload");
    assert_eq!(output.status_code, 200);
    assert_eq!(output.function_error.as_deref(), Some("Unhandled"));
    let body: serde_json::Value = serde_json::from_slice(
        output
            .payload
            .as_ref()
            .map(Blob::as_bytes)
            .unwrap_or_default(),
    )
    .expect("a JSON error payload");
    assert_eq!(body["errorType"], "Function.ResponseSizeTooLarge");
}

#[tokio::test]
async fn unknown_function_is_typed_error() {
    let Some(moto) = Moto::fresh().await else {
        return;
    };
    // NOTE: without Docker, moto 5.2.5 returns 200 for Invoke of any
    // function name. Its Docker mode looks the function up first, and fails
    // before it would start a container, so this test uses that mode.
    moto.set_lambda_use_docker(true).await;
    let client = Client::new(&moto.config());

    let error = client
        .invoke()
        .function_name("missing")
        .send()
        .await
        .expect_err("no such function");
    assert_eq!(error.code(), Some("ResourceNotFoundException"));
    assert_eq!(error.meta().map(|meta| meta.status()), Some(404));
    assert!(
        matches!(error, InvokeError::ResourceNotFoundException(_)),
        "{error:?}"
    );

    let error = client
        .get_function()
        .function_name("missing")
        .send()
        .await
        .expect_err("no such function");
    let GetFunctionError::ResourceNotFoundException(failure) = &error else {
        panic!("expected ResourceNotFoundException, found {error:?}");
    };
    let message = failure.message.as_deref().unwrap_or_default();
    assert!(
        message.contains("missing"),
        "the message names the function: {message}"
    );
}

#[tokio::test]
async fn tags_by_arn_with_query_list() {
    let Some(moto) = Moto::fresh().await else {
        return;
    };
    let (client, role) = lambda_client(&moto).await;
    let arn = create_function(&client, &role, "tagged")
        .await
        .function_arn
        .expect("an ARN");

    client
        .tag_resource()
        .resource(&arn)
        .tags("owner", "ada")
        .tags("cost center", "42/7")
        .tags("temporary", "yes")
        .send()
        .await
        .expect("TagResource");

    // tagKeys is a list in the query string: ?tagKeys=a&tagKeys=b.
    client
        .untag_resource()
        .resource(&arn)
        .tag_keys("temporary")
        .tag_keys("team")
        .send()
        .await
        .expect("UntagResource");

    let tags = client
        .list_tags()
        .resource(&arn)
        .send()
        .await
        .expect("ListTags")
        .tags
        .unwrap_or_default();
    assert_eq!(
        tags,
        HashMap::from([
            ("owner".to_string(), "ada".to_string()),
            ("cost center".to_string(), "42/7".to_string())
        ])
    );
}

#[tokio::test]
async fn list_functions_pages() {
    let Some(moto) = Moto::fresh().await else {
        return;
    };
    let (client, role) = lambda_client(&moto).await;
    let mut expected = Vec::new();
    for index in 0..5 {
        let name = format!("function-{index}");
        create_function(&client, &role, &name).await;
        expected.push(name);
    }

    // NOTE: moto 5.2.5 ignores MaxItems and returns every function in one
    // page without NextMarker, so only the end condition is exercised here.
    let mut names = Vec::new();
    let mut page_sizes = Vec::new();
    let mut pages = client.list_functions().into_paginator().page_size(2);
    while let Some(page) = pages.next().await {
        let functions = page.expect("ListFunctions").functions.unwrap_or_default();
        page_sizes.push(functions.len());
        names.extend(
            functions
                .into_iter()
                .map(|function| function.function_name.expect("a name")),
        );
        assert!(
            page_sizes.len() <= 10,
            "ListFunctions kept returning NextMarker"
        );
    }

    names.sort();
    assert_eq!(names, expected);
    assert_eq!(page_sizes, vec![5]);
}
