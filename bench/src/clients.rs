//! The three clients of the per-call benchmark, configured alike: the
//! same endpoint, region and static credentials, everything else at its
//! default. Each `call` builds the input, sends it, and checks the job id
//! in the response.

use aws_sdk_entityresolution::config::{BehaviorVersion, Region};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use crate::fixture::{
    self, ACCESS_KEY_ID, JOB_ID, OUTPUT_S3_PATH, REGION, ROLE_ARN, SECRET_ACCESS_KEY, WORKFLOW_NAME,
};
use crate::server::CapturedRequest;

/// Returns ingot's generated client pointed at `endpoint`.
pub fn ingot_client(endpoint: &str) -> entityresolution::Client {
    let config = entityresolution::Config::builder()
        .region(REGION)
        .credentials(entityresolution::Credentials::new(
            ACCESS_KEY_ID,
            SECRET_ACCESS_KEY,
            None,
        ))
        .endpoint_url(endpoint)
        .build();
    entityresolution::Client::new(&config)
}

/// Makes one call with ingot's client.
pub async fn call_ingot(client: &entityresolution::Client) -> Result<(), String> {
    let output_source = entityresolution::types::IdMappingJobOutputSource::builder()
        .output_s3_path(OUTPUT_S3_PATH)
        .role_arn(ROLE_ARN)
        .build();
    let output = client
        .start_id_mapping_job()
        .workflow_name(WORKFLOW_NAME)
        .output_source_config(output_source)
        .send()
        .await
        .map_err(|e| format!("ingot call failed: {e}"))?;
    check_job_id(&output.job_id)
}

/// Returns the official configuration for `endpoint`, as
/// `aws_sdk_entityresolution::Config::builder` documents it.
pub fn official_config(endpoint: &str) -> aws_sdk_entityresolution::config::Builder {
    let credentials = aws_sdk_entityresolution::config::Credentials::new(
        ACCESS_KEY_ID,
        SECRET_ACCESS_KEY,
        None,
        None,
        "bench",
    );
    aws_sdk_entityresolution::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(REGION))
        .credentials_provider(credentials)
        .endpoint_url(endpoint)
}

/// Returns the official client pointed at `endpoint`.
pub fn official_client(endpoint: &str) -> aws_sdk_entityresolution::Client {
    aws_sdk_entityresolution::Client::from_conf(official_config(endpoint).build())
}

/// Makes one call with the official client.
pub async fn call_official(client: &aws_sdk_entityresolution::Client) -> Result<(), String> {
    let output_source = aws_sdk_entityresolution::types::IdMappingJobOutputSource::builder()
        .output_s3_path(OUTPUT_S3_PATH)
        .role_arn(ROLE_ARN)
        .build()
        .map_err(|e| e.to_string())?;
    let output = client
        .start_id_mapping_job()
        .workflow_name(WORKFLOW_NAME)
        .output_source_config(output_source)
        .send()
        .await
        .map_err(|e| format!("official call failed: {e:?}"))?;
    check_job_id(output.job_id())
}

fn check_job_id(job_id: &str) -> Result<(), String> {
    if job_id == JOB_ID {
        Ok(())
    } else {
        Err(format!("wrong job id {job_id:?}, expected {JOB_ID:?}"))
    }
}

/// The floor: a bare hyper client that replays the bytes of a request that
/// ingot sent, signature included, without building or signing anything.
#[derive(Clone)]
pub struct Floor {
    client: hyper_util::client::legacy::Client<HttpConnector, Full<Bytes>>,
    uri: http::Uri,
    headers: http::HeaderMap,
    body: Bytes,
    response_len: usize,
}

impl Floor {
    /// Prepares to replay `request` to `endpoint`.
    pub fn new(endpoint: &str, request: &CapturedRequest) -> Result<Floor, String> {
        let uri: http::Uri = format!("{endpoint}{}", request.path)
            .parse()
            .map_err(|e| format!("invalid URI: {e}"))?;
        let mut headers = http::HeaderMap::new();
        for (name, value) in &request.headers {
            let name = http::HeaderName::from_bytes(name.as_bytes())
                .map_err(|e| format!("header {name}: {e}"))?;
            let value =
                http::HeaderValue::from_str(value).map_err(|e| format!("header {name}: {e}"))?;
            headers.append(name, value);
        }
        let mut connector = HttpConnector::new();
        connector.set_nodelay(true);
        let client =
            hyper_util::client::legacy::Client::builder(TokioExecutor::new()).build(connector);
        Ok(Floor {
            client,
            uri,
            headers,
            body: request.body.clone(),
            response_len: fixture::response_body().len(),
        })
    }

    /// Sends the request and reads the whole response.
    pub async fn call(&self) -> Result<(), String> {
        let mut request = http::Request::new(Full::new(self.body.clone()));
        *request.method_mut() = http::Method::POST;
        *request.uri_mut() = self.uri.clone();
        *request.headers_mut() = self.headers.clone();
        let response = self
            .client
            .request(request)
            .await
            .map_err(|e| format!("floor call failed: {e}"))?;
        let status = response.status();
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|e| format!("floor body: {e}"))?
            .to_bytes();
        if status != http::StatusCode::OK || body.len() != self.response_len {
            return Err(format!(
                "floor call got HTTP {status} with {} bytes",
                body.len()
            ));
        }
        Ok(())
    }
}
