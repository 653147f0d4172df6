//! The HTTP connection pool: hyper 1 over TCP, with TLS from rustls for
//! `https` endpoints and plain HTTP for `http` ones, reusing connections.
//! It sorts failures into kinds that the retry loop can act on.

use std::error::Error as StdError;
use std::io;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::rt::{TokioExecutor, TokioTimer};

use crate::error::{Error, ErrorKind};
use crate::http_client::{HttpClient, HttpFuture};
use crate::message::Response;

/// The default maximum size of a response body. A larger body is an error,
/// so that a misbehaving endpoint cannot exhaust memory. No JSON-protocol
/// response of a modeled operation comes close to it.
/// [`ConfigBuilder::max_response_bytes`](crate::ConfigBuilder::max_response_bytes)
/// changes it per client.
pub const MAX_RESPONSE_BYTES: usize = 64 * 1024 * 1024;

/// Idle pooled connections are closed after this long. Load balancers in
/// front of AWS endpoints close idle connections after about a minute, and
/// a connection the server has already closed costs a failed attempt.
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(45);

type Connector = hyper_rustls::HttpsConnector<HttpConnector>;

/// A shared pool of connections; cheap to clone.
#[derive(Clone, Debug)]
pub struct Transport {
    client: HyperClient<Connector, Full<Bytes>>,
    max_response_bytes: usize,
}

impl Transport {
    /// Creates a pool that verifies TLS certificates against the system's
    /// root certificates, with no connect timeout.
    pub fn new() -> Self {
        Self::with_connect_timeout(None)
    }

    /// Creates a pool whose TCP connects fail with
    /// [`ErrorKind::Timeout`] after `connect_timeout`.
    pub fn with_connect_timeout(connect_timeout: Option<Duration>) -> Self {
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_nodelay(true);
        http.set_connect_timeout(connect_timeout);
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config((*tls_config()).clone())
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        // hyper-util closes idle connections on time only with a timer; without
        // one it drops them lazily, at the next checkout, which may never come.
        let client = HyperClient::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(POOL_IDLE_TIMEOUT)
            .build(connector);
        Self {
            client,
            max_response_bytes: MAX_RESPONSE_BYTES,
        }
    }

    /// Sets the maximum size of a response body, [`MAX_RESPONSE_BYTES`]
    /// unless set.
    pub fn with_max_response_bytes(mut self, max_response_bytes: usize) -> Self {
        self.max_response_bytes = max_response_bytes;
        self
    }

    /// Sends `request` and reads the whole response body.
    ///
    /// # Errors
    ///
    /// Fails with [`ErrorKind::Timeout`] when connecting timed out. Fails
    /// with [`ErrorKind::InvalidResponse`] when the response is not valid
    /// HTTP (such as an invalid `Content-Length`) or its body is larger than
    /// the maximum response size. Every other failure, such as a refused or
    /// reset connection or a truncated body, is [`ErrorKind::Transport`].
    pub async fn send(&self, request: http::Request<Bytes>) -> Result<Response, Error> {
        let request = request.map(Full::new);
        let response = self
            .client
            .request(request)
            .await
            .map_err(|e| classify(e.into(), "failed to send the request"))?;

        let (parts, body) = response.into_parts();
        let body = Limited::new(body, self.max_response_bytes)
            .collect()
            .await
            .map_err(|e| self.classify_body_error(e))?
            .to_bytes();
        Ok(Response::new(parts.status.as_u16(), parts.headers, body))
    }
}

impl Transport {
    /// Turns a failure to read the body into an [`Error`], naming the limit
    /// and how to raise it when the body was too large.
    fn classify_body_error(&self, error: Box<dyn StdError + Send + Sync>) -> Error {
        if error.downcast_ref::<LengthLimitError>().is_some() {
            return response_too_large(self.max_response_bytes).with_source(error);
        }
        classify(error, "failed to read the response body")
    }
}

/// Returns the error for a response body larger than `max_response_bytes`.
pub(crate) fn response_too_large(max_response_bytes: usize) -> Error {
    Error::new(
        ErrorKind::InvalidResponse,
        format!(
            "the response body is larger than {max_response_bytes} bytes, the maximum response size; \
             raise it with ConfigBuilder::max_response_bytes if the service sends larger responses"
        ),
    )
}

impl Default for Transport {
    fn default() -> Self {
        Self::new()
    }
}

impl HttpClient for Transport {
    fn send(&self, request: http::Request<Bytes>) -> HttpFuture<'_> {
        Box::pin(Transport::send(self, request))
    }
}

/// Turns a failure of hyper into an [`Error`] whose kind decides whether
/// the retry loop tries again, keeping the failure as its source.
fn classify(error: Box<dyn StdError + Send + Sync>, context: &str) -> Error {
    let (kind, detail) = failure_kind(error.as_ref());
    Error::new(kind, format!("{context}: {detail}")).with_source(error)
}

/// Returns the kind of a failure and a short description, from the first
/// error in its source chain that identifies the cause.
fn failure_kind(error: &(dyn StdError + 'static)) -> (ErrorKind, String) {
    let mut current: Option<&(dyn StdError + 'static)> = Some(error);
    while let Some(error) = current {
        if let Some(io_error) = error.downcast_ref::<io::Error>() {
            let kind = match io_error.kind() {
                io::ErrorKind::TimedOut => ErrorKind::Timeout,
                _ => ErrorKind::Transport,
            };
            return (kind, io_error.to_string());
        }
        if let Some(hyper_error) = error.downcast_ref::<hyper::Error>() {
            if hyper_error.is_parse() || hyper_error.is_parse_status() {
                return (
                    ErrorKind::InvalidResponse,
                    format!("the response is not valid HTTP/1.1 ({hyper_error})"),
                );
            }
        }
        current = error.source();
    }
    (ErrorKind::Transport, innermost_message(error))
}

/// Returns the message of the last error in the source chain, which is
/// usually the most specific one, such as `connection reset by peer`.
fn innermost_message(error: &(dyn StdError + 'static)) -> String {
    let mut innermost = error;
    while let Some(source) = innermost.source() {
        innermost = source;
    }
    innermost.to_string()
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
