//! Serialization of the StartIdMappingJob input into an HTTP request and
//! parsing of its response into the output, ingot against the official
//! SDK.
//!
//! ingot's generated functions for both steps are private to the crate, so
//! the ingot side repeats their steps through the same public runtime calls
//! they make (`rest_json::label`, `JsonWriter`, `json::parse`, ...). Before
//! measuring, the benchmark checks that the repeated serializer produces the
//! request that the real client sends. The official side calls the
//! operation's own serializer and deserializer, taken from its runtime
//! plugin, as the SDK's orchestrator does.

use std::hint::black_box;

use aws_sdk_entityresolution::operation::start_id_mapping_job::{
    StartIdMappingJob, StartIdMappingJobInput as OfficialInput,
    StartIdMappingJobOutput as OfficialOutput,
};
use aws_smithy_runtime_api::client::interceptors::context::Input;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::runtime_plugin::RuntimePlugin;
use aws_smithy_runtime_api::client::ser_de::{
    DeserializeResponse, SerializeRequest, SharedRequestSerializer, SharedResponseDeserializer,
};
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::config_bag::ConfigBag;
use bytes::Bytes;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use entityresolution::operation::start_id_mapping_job::StartIdMappingJobInput as IngotInput;
use entityresolution::types::IdMappingJobOutputSource;
use ingot_bench::fixture;
use ingot_runtime::json::{self, JsonWriter, ReadError};

fn ingot_input() -> IngotInput {
    let output_source = IdMappingJobOutputSource::builder()
        .output_s3_path(fixture::OUTPUT_S3_PATH)
        .role_arn(fixture::ROLE_ARN)
        .build();
    IngotInput::builder()
        .workflow_name(fixture::WORKFLOW_NAME)
        .output_source_config(output_source)
        .build()
}

fn official_input() -> OfficialInput {
    let output_source = aws_sdk_entityresolution::types::IdMappingJobOutputSource::builder()
        .output_s3_path(fixture::OUTPUT_S3_PATH)
        .role_arn(fixture::ROLE_ARN)
        .build()
        .expect("complete output source");
    OfficialInput::builder()
        .workflow_name(fixture::WORKFLOW_NAME)
        .output_source_config(output_source)
        .build()
        .expect("complete input")
}

/// Repeats the steps of the generated `serialize_request`.
fn serialize_ingot(input: &IngotInput) -> Result<ingot_runtime::Request, ingot_runtime::Error> {
    let workflow_name =
        ingot_runtime::rest_json::label("workflowName", input.workflow_name.as_deref())?;
    let path = format!("/idmappingworkflows/{workflow_name}/jobs");
    let request = ingot_runtime::Request::new(ingot_runtime::http::Method::POST, path);
    let mut writer = JsonWriter::new();
    writer.begin_object();
    writer.optional_field("outputSourceConfig", &input.output_source_config);
    writer.end_object();
    Ok(request
        .header("content-type", "application/json")?
        .body(writer.finish()))
}

/// Repeats the steps of the generated `parse_response` for a success and
/// returns the output's members.
fn parse_ingot(
    response: &ingot_runtime::Response,
) -> Result<(String, Option<Vec<IdMappingJobOutputSource>>), ReadError> {
    if !response.is_success() {
        return Err(ReadError::new("not a success"));
    }
    let value = json::parse(response.body())?;
    let object = json::object(&value)?;
    Ok((
        json::required(object, "jobId")?,
        json::optional(object, "outputSourceConfig")?,
    ))
}

/// Checks that [`serialize_ingot`] writes what ingot's client sends.
fn check_ingot_serializer() {
    let mock = ingot_runtime::testing::MockHttpClient::new().with_response(
        "StartIdMappingJob",
        ingot_runtime::testing::MockResponse::json(200, &fixture::response_body()),
    );
    let config = entityresolution::Config::builder()
        .region(fixture::REGION)
        .credentials(entityresolution::Credentials::new(
            fixture::ACCESS_KEY_ID,
            fixture::SECRET_ACCESS_KEY,
            None,
        ))
        .endpoint_url("http://127.0.0.1:1")
        .http_client(mock.clone())
        .build();
    let client = entityresolution::Client::new(&config);
    let input = ingot_input();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("tokio runtime");
    runtime
        .block_on(
            client
                .start_id_mapping_job()
                .workflow_name(input.workflow_name.clone().expect("the fixture names a workflow"))
                .set_output_source_config(input.output_source_config.clone())
                .send(),
        )
        .expect("call through the mock transport");

    let sent = mock.requests();
    let repeated = serialize_ingot(&input).expect("serializes");
    assert_eq!(sent.len(), 1, "one request sent");
    assert_eq!(
        sent[0].path_and_query(),
        repeated.path_and_query(),
        "same path"
    );
    assert_eq!(sent[0].body(), repeated.body_bytes(), "same body");
}

fn official_response(body: &Bytes) -> HttpResponse {
    let mut response = HttpResponse::new(
        200u16.try_into().expect("valid status"),
        SdkBody::from(body.clone()),
    );
    response
        .headers_mut()
        .insert("content-type", "application/json");
    response
        .headers_mut()
        .insert("x-amzn-requestid", fixture::REQUEST_ID);
    response
}

fn serialization(c: &mut Criterion) {
    check_ingot_serializer();
    let plugin_config = StartIdMappingJob::new()
        .config()
        .expect("the operation plugin has a config layer");
    let serializer = plugin_config
        .load::<SharedRequestSerializer>()
        .expect("a request serializer")
        .clone();
    let deserializer = plugin_config
        .load::<SharedResponseDeserializer>()
        .expect("a response deserializer");

    let ingot = ingot_input();
    let official = official_input();
    let mut group = c.benchmark_group("serialize");
    group.bench_function("ingot", |b| {
        b.iter(|| serialize_ingot(black_box(&ingot)).expect("serializes"))
    });
    group.bench_function("official", |b| {
        let mut bag = ConfigBag::base();
        b.iter_batched(
            || Input::erase(official.clone()),
            |input| {
                serializer
                    .serialize_input(black_box(input), &mut bag)
                    .expect("serializes")
            },
            BatchSize::SmallInput,
        )
    });
    group.finish();

    let body = Bytes::from(fixture::response_body());
    let mut headers = http::HeaderMap::new();
    headers.insert(
        "content-type",
        http::HeaderValue::from_static("application/json"),
    );
    headers.insert(
        "x-amzn-requestid",
        http::HeaderValue::from_static(fixture::REQUEST_ID),
    );
    let ingot_response = ingot_runtime::Response::new(200, headers, body.clone());
    let official_response = official_response(&body);

    let (job_id, _) = parse_ingot(&ingot_response).expect("ingot parses the response");
    assert_eq!(job_id, fixture::JOB_ID);
    let bag = ConfigBag::base();
    let output = deserializer
        .deserialize_nonstreaming_with_config(&official_response, &bag)
        .expect("official parses");
    let output = output
        .downcast::<OfficialOutput>()
        .expect("a StartIdMappingJobOutput");
    assert_eq!(output.job_id(), fixture::JOB_ID);

    // The first step of ingot's parsing on its own: building the
    // `serde_json::Value` tree that the members are then read from.
    let mut group = c.benchmark_group("parse");
    group.bench_function("ingot_json_tree", |b| {
        b.iter(|| json::parse(black_box(&ingot_response.body()[..])).expect("valid JSON"))
    });
    group.bench_function("ingot", |b| {
        b.iter(|| parse_ingot(black_box(&ingot_response)).expect("parses"))
    });
    group.bench_function("official", |b| {
        b.iter(|| {
            let output = deserializer
                .deserialize_nonstreaming_with_config(black_box(&official_response), &bag);
            output
                .expect("parses")
                .downcast::<OfficialOutput>()
                .expect("a StartIdMappingJobOutput")
        })
    });
    group.finish();
}

criterion_group!(benches, serialization);
criterion_main!(benches);
