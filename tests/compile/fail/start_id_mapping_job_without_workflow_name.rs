// StartIdMappingJob requires `workflow_name`; `send()` must not compile
// without it.

use entityresolution::types::IdMappingJobOutputSource;
use entityresolution::{Client, Config};

fn main() {
    let client = Client::new(&Config::builder().region("us-east-1").build());
    let output_source = IdMappingJobOutputSource::builder()
        .output_s3_path("s3://bucket/output/")
        .role_arn("arn:aws:iam::123456789012:role/EntityResolution")
        .build();

    let _request = client
        .start_id_mapping_job()
        .output_source_config(output_source)
        .send();
}
