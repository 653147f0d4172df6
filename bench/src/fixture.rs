//! The one StartIdMappingJob call that every benchmark makes, with the
//! same credentials, region and response for every client.

/// Region of every client and signature.
pub const REGION: &str = "us-east-1";

/// The AWS documentation's example access key pair; nothing verifies it.
pub const ACCESS_KEY_ID: &str = "AKIDEXAMPLE";
pub const SECRET_ACCESS_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

pub const WORKFLOW_NAME: &str = "bench-workflow";
pub const OUTPUT_S3_PATH: &str = "s3://bench-bucket/output/";
pub const ROLE_ARN: &str = "arn:aws:iam::123456789012:role/BenchRole";

/// The job id the loopback server returns; every call checks it.
pub const JOB_ID: &str = "b3b0c1f2-5d4e-4c8a-9f1e-0123456789ab";

pub const REQUEST_ID: &str = "11111111-2222-3333-4444-555555555555";

/// The path every client must send the request to.
pub fn request_path() -> String {
    format!("/idmappingworkflows/{WORKFLOW_NAME}/jobs")
}

/// The JSON body of a successful StartIdMappingJob response, as the
/// service returns it: the job id and the output configuration echoed.
pub fn response_body() -> String {
    format!(
        r#"{{"jobId":"{JOB_ID}","outputSourceConfig":[{{"outputS3Path":"{OUTPUT_S3_PATH}","roleArn":"{ROLE_ARN}"}}]}}"#
    )
}
