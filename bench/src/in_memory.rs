//! Transports that return the canned StartIdMappingJob response to every
//! request at once, so that a benchmark measures the client's own work
//! (building, signing, endpoint resolution, parsing) and no network.
//! Neither records the requests, so memory stays flat however many calls a
//! benchmark makes.

use aws_smithy_runtime_api::client::http::{
    http_client_fn, HttpConnector, HttpConnectorFuture, SharedHttpClient, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_types::body::SdkBody;
use bytes::Bytes;
use ingot_runtime::http_client::{HttpClient, HttpFuture};

use crate::fixture;

/// Response headers of the canned response, as the loopback server sends
/// them.
fn response_headers() -> http::HeaderMap {
    let mut headers = http::HeaderMap::new();
    headers.insert(
        "content-type",
        http::HeaderValue::from_static("application/json"),
    );
    headers.insert(
        "x-amzn-requestid",
        http::HeaderValue::from_static(fixture::REQUEST_ID),
    );
    headers
}

/// ingot's in-memory transport.
#[derive(Debug, Clone)]
pub struct IngotInMemory {
    body: Bytes,
    headers: http::HeaderMap,
}

impl Default for IngotInMemory {
    fn default() -> Self {
        IngotInMemory {
            body: Bytes::from(fixture::response_body()),
            headers: response_headers(),
        }
    }
}

impl HttpClient for IngotInMemory {
    fn send(&self, _request: http::Request<Bytes>) -> HttpFuture<'_> {
        let response = ingot_runtime::Response::new(200, self.headers.clone(), self.body.clone());
        Box::pin(std::future::ready(Ok(response)))
    }
}

/// Returns ingot's client with the in-memory transport.
pub fn ingot_client() -> entityresolution::Client {
    let config = entityresolution::Config::builder()
        .region(fixture::REGION)
        .credentials(entityresolution::Credentials::new(
            fixture::ACCESS_KEY_ID,
            fixture::SECRET_ACCESS_KEY,
            None,
        ))
        .endpoint_url("http://127.0.0.1:1")
        .http_client(IngotInMemory::default())
        .build();
    entityresolution::Client::new(&config)
}

/// The official SDK's in-memory connector.
#[derive(Debug, Clone)]
struct OfficialInMemory {
    body: Bytes,
}

impl HttpConnector for OfficialInMemory {
    fn call(&self, _request: HttpRequest) -> HttpConnectorFuture {
        let mut response = HttpResponse::new(
            200u16.try_into().expect("200 is a valid status"),
            SdkBody::from(self.body.clone()),
        );
        response
            .headers_mut()
            .insert("content-type", "application/json");
        response
            .headers_mut()
            .insert("x-amzn-requestid", fixture::REQUEST_ID);
        HttpConnectorFuture::ready(Ok(response))
    }
}

/// Returns the official client with the in-memory connector.
pub fn official_client() -> aws_sdk_entityresolution::Client {
    let connector = SharedHttpConnector::new(OfficialInMemory {
        body: Bytes::from(fixture::response_body()),
    });
    let http_client: SharedHttpClient = http_client_fn(move |_, _| connector.clone());
    let config = crate::clients::official_config("http://127.0.0.1:1")
        .http_client(http_client)
        .build();
    aws_sdk_entityresolution::Client::from_conf(config)
}
