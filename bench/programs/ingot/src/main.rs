//! Makes one StartIdMappingJob call with ingot's client and prints the job
//! id. Region, credentials and endpoint come from the environment.

use entityresolution::types::IdMappingJobOutputSource;
use entityresolution::Client;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env();

    let output = client
        .start_id_mapping_job()
        .workflow_name("bench-workflow")
        .output_source_config(
            IdMappingJobOutputSource::builder()
                .output_s3_path("s3://bench-bucket/output/")
                .role_arn("arn:aws:iam::123456789012:role/BenchRole")
                .build(),
        )
        .send()
        .await?;

    println!("jobId: {}", output.job_id);
    Ok(())
}
