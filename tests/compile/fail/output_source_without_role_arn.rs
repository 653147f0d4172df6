// IdMappingJobOutputSource requires `role_arn`; `build()` must not compile
// without it.

use entityresolution::types::IdMappingJobOutputSource;

fn main() {
    let _output_source = IdMappingJobOutputSource::builder()
        .output_s3_path("s3://bucket/output/")
        .kms_arn("arn:aws:kms:us-east-1:123456789012:key/example")
        .build();
}
