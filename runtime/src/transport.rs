//! The HTTP connection pool: hyper 1 over TCP, with TLS from rustls for
//! `https` endpoints and plain HTTP for `http` ones, reusing connections.

use std::sync::{Arc, OnceLock};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::rt::TokioExecutor;

use crate::error::{Error, ErrorKind};
use crate::message::Response;

/// Responses larger than this are an error, so that a misbehaving endpoint
/// cannot exhaust memory. No JSON-protocol response of a modeled operation
/// comes close to it.
pub const MAX_RESPONSE_BYTES: usize = 64 * 1024 * 1024;

type Connector = hyper_rustls::HttpsConnector<HttpConnector>;

/// A shared pool of connections; cheap to clone.
#[derive(Clone, Debug)]
pub struct Transport {
    client: HyperClient<Connector, Full<Bytes>>,
}

impl Transport {
    /// Creates a pool that verifies TLS certificates against the system's
    /// root certificates.
    pub fn new() -> Self {
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_nodelay(true);
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config((*tls_config()).clone())
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        let client = HyperClient::builder(TokioExecutor::new()).build(connector);
        Self { client }
    }

    /// Sends `request` and reads the whole response body.
    pub async fn send(&self, request: http::Request<Bytes>) -> Result<Response, Error> {
        let request = request.map(Full::new);
        let response = self.client.request(request).await.map_err(|e| {
            Error::new(ErrorKind::Transport, "failed to send the request").with_source(e)
        })?;

        let (parts, body) = response.into_parts();
        let body = Limited::new(body, MAX_RESPONSE_BYTES)
            .collect()
            .await
            .map_err(|e| {
                Error::new(ErrorKind::Transport, "failed to read the response body").with_source(e)
            })?
            .to_bytes();
        Ok(Response::new(parts.status.as_u16(), parts.headers, body))
    }
}

impl Default for Transport {
    fn default() -> Self {
        Self::new()
    }
}

/// Returns the TLS settings, loading the system's root certificates once per
/// process because reading the certificate store is slow.
fn tls_config() -> Arc<rustls::ClientConfig> {
    static CONFIG: OnceLock<Arc<rustls::ClientConfig>> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            let mut roots = rustls::RootCertStore::empty();
            // Unreadable certificates are skipped; with no roots at all,
            // https requests fail with a certificate error naming the host.
            for certificate in rustls_native_certs::load_native_certs().certs {
                let _ = roots.add(certificate);
            }
            // NOTE: rustls 0.23.48 deprecates the ring provider because it
            // lacks post-quantum key exchange. aws-lc-rs has it, but its C
            // build is far slower; the classic key exchanges are still safe.
            #[allow(deprecated)]
            let provider = Arc::new(rustls::crypto::ring::default_provider());
            let config = rustls::ClientConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .map(|builder| builder.with_root_certificates(roots).with_no_client_auth())
                .expect("the ring provider supports the default TLS versions");
            Arc::new(config)
        })
        .clone()
}
