// Operation builders: setters in any order, a helper that adds members, a
// request kept in a variable. `send()` compiles once the required members
// are set; an idempotency token is not one of them, since the client
// fills it in. The futures are built, not polled: nothing is sent.

use builders::types::ProfileV1;
use entityresolution::operation::start_id_mapping_job::StartIdMappingJobFluentBuilder;
use entityresolution::types::IdMappingJobOutputSource;

/// Adds the output location this program always uses.
fn with_output<State>(request: StartIdMappingJobFluentBuilder<State>) -> StartIdMappingJobFluentBuilder<State> {
    request.output_source_config(
        IdMappingJobOutputSource::builder()
            .output_s3_path("s3://bucket/output/")
            .role_arn("arn:aws:iam::123456789012:role/EntityResolution")
            .build(),
    )
}

fn main() {
    let config = entityresolution::Config::builder().region("us-east-1").build();
    let client = entityresolution::Client::new(&config);

    let request = with_output(client.start_id_mapping_job());
    let request = request.workflow_name("first").workflow_name("second");
    let _future = request.clone().send();
    let _again = request.send();

    let client = builders::Client::new(&builders::Config::builder().region("us-east-1").build());
    let profile = ProfileV1::builder()
        .string(1)
        .secret("s3cr3t")
        .labels("k", "v")
        .tags("t")
        .name("ada")
        .build();
    let _future = client.register().profile(profile).note("hello").account("acme").send();
}
