//! Sends an operation's request: picks the endpoint, adds the standard
//! headers, signs with SigV4 and hands the request to the transport.

use std::sync::{Arc, OnceLock};
use std::time::SystemTime;

use bytes::Bytes;
use http::header::{HeaderValue, CONTENT_LENGTH, USER_AGENT};
use http::Uri;

use crate::config::Config;
use crate::error::{Error, ErrorKind};
use crate::message::{Request, Response};
use crate::service::ServiceInfo;
use crate::sigv4::{self, SigningParams, SigningSettings};
use crate::transport::Transport;

/// A client for one service: its configuration and a connection pool.
/// Cheap to clone; clones share the pool.
#[derive(Clone, Debug)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: Config,
    service: &'static ServiceInfo,
    transport: Transport,
    user_agent: HeaderValue,
    /// The endpoint once it has been resolved: the configuration cannot
    /// change, so each later request reuses it. Failures are not stored,
    /// so every request reports them.
    endpoint: OnceLock<String>,
}

impl Client {
    /// Creates a client for `service` with `config`.
    pub fn new(config: &Config, service: &'static ServiceInfo) -> Self {
        let user_agent = format!(
            "{} ingot-runtime/{}",
            service.crate_version,
            env!("CARGO_PKG_VERSION")
        );
        Self {
            inner: Arc::new(Inner {
                config: config.clone(),
                service,
                transport: Transport::new(),
                // Crate names and versions are plain ASCII.
                user_agent: HeaderValue::from_str(&user_agent)
                    .unwrap_or_else(|_| HeaderValue::from_static("ingot-runtime")),
                endpoint: OnceLock::new(),
            }),
        }
    }

    /// Returns the configuration the client was created with.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Sends `request` for `operation` and returns the response, whatever
    /// its status.
    ///
    /// # Errors
    ///
    /// Fails when configuration is missing, the request cannot be signed, or
    /// the transport fails; error statuses are returned as responses.
    pub async fn send(&self, request: Request, operation: &'static str) -> Result<Response, Error> {
        let config = &self.inner.config;
        let service = self.inner.service;

        let region = config.region()?;
        let credentials = config.credentials()?;
        let endpoint = self.endpoint(region)?;

        let mut request = self.http_request(endpoint, request, operation)?;

        let params = SigningParams {
            credentials,
            region,
            service: service.signing_name,
            time: SystemTime::now(),
            settings: SigningSettings::default(),
        };
        sigv4::sign(&mut request, &params)?;

        self.inner.transport.send(request).await
    }

    /// Returns the endpoint URL: the configured one, else the service's
    /// default for `region`.
    fn endpoint(&self, region: &str) -> Result<&str, Error> {
        if let Some(endpoint) = self.inner.endpoint.get() {
            return Ok(endpoint);
        }

        let service = self.inner.service;
        let endpoint = match self.inner.config.endpoint_url(service.env_name)? {
            Some(url) => url.to_string(),
            // NOTE: a fixed pattern that is right for the `aws` partition; other
            // partitions need the endpoint rules of the service's model.
            None => format!("https://{}.{region}.amazonaws.com", service.endpoint_prefix),
        };
        Ok(self.inner.endpoint.get_or_init(|| endpoint))
    }

    /// Joins the endpoint and the operation's path and adds the headers
    /// every request carries.
    fn http_request(&self, endpoint: &str, request: Request, operation: &str) -> Result<http::Request<Bytes>, Error> {
        let Request {
            method,
            path_and_query,
            mut headers,
            body,
        } = request;

        let base = endpoint.trim_end_matches('/');
        let url = format!("{base}{path_and_query}");
        let uri: Uri = url.parse().map_err(|e| {
            Error::new(ErrorKind::Config, format!("invalid URL {url:?} for {operation}")).with_source(e)
        })?;

        headers.insert(USER_AGENT, self.inner.user_agent.clone());
        // GET and HEAD without a body carry no Content-Length, as HTTP clients
        // usually send them; every other request states its length, even 0.
        if !body.is_empty() || !matches!(method, http::Method::GET | http::Method::HEAD) {
            headers.insert(CONTENT_LENGTH, HeaderValue::from(body.len()));
        }

        let mut http_request = http::Request::new(body);
        *http_request.method_mut() = method;
        *http_request.uri_mut() = uri;
        *http_request.headers_mut() = headers;
        Ok(http_request)
    }
}
