//! Sends an operation's request: resolves the endpoint with the service's
//! rules, adds the standard headers, signs with SigV4 (or adds a bearer
//! token) and hands the request to the transport.

use std::sync::{Arc, OnceLock};
use std::time::SystemTime;

use bytes::Bytes;
use http::header::{HeaderName, HeaderValue, AUTHORIZATION, CONTENT_LENGTH, USER_AGENT};
use http::Uri;

use crate::config::Config;
use crate::error::{Error, ErrorKind};
use crate::endpoint::{Endpoint, RuleSet};
use crate::message::{EndpointParam, Request, Response};
use crate::service::{Auth, ServiceInfo};
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
    /// The service's endpoint rules, compiled on the first request.
    rules: OnceLock<RuleSet>,
    /// The endpoint of operations that set no endpoint parameters of their
    /// own: it depends only on the configuration, which cannot change.
    /// Failures are not stored, so every request reports them.
    endpoint: OnceLock<Endpoint>,
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
                rules: OnceLock::new(),
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
    /// Fails when configuration is missing, the endpoint rules reject the
    /// configuration, the request cannot be signed, or the transport fails;
    /// error statuses are returned as responses.
    pub async fn send(&self, request: Request, operation: &'static str) -> Result<Response, Error> {
        let config = &self.inner.config;
        let service = self.inner.service;

        let resolved;
        let endpoint = if request.endpoint_params.is_empty() {
            self.cached_endpoint()?
        } else {
            resolved = self.resolve_endpoint(&request)?;
            &resolved
        };
        let mut http_request = self.http_request(endpoint, request, operation)?;

        match service.auth {
            Auth::SigV4 => {
                let region = config.region()?;
                let credentials = config.credentials()?;
                // The endpoint rules may name another signing region or name,
                // as for global endpoints.
                let scheme = endpoint.sigv4();
                let params = SigningParams {
                    credentials,
                    region: scheme.as_ref().and_then(|s| s.signing_region).unwrap_or(region),
                    service: scheme.as_ref().and_then(|s| s.signing_name).unwrap_or(service.signing_name),
                    time: SystemTime::now(),
                    settings: SigningSettings::default(),
                };
                sigv4::sign(&mut http_request, &params)?;
            }
            Auth::Bearer => {
                let token = config.bearer_token(service.env_name)?;
                let value = HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| {
                    Error::new(ErrorKind::Config, "invalid bearer token: it contains a line break or another control character")
                })?;
                http_request.headers_mut().insert(AUTHORIZATION, value);
            }
        }

        self.inner.transport.send(http_request).await
    }

    /// Returns the endpoint for operations without endpoint parameters of
    /// their own, resolving it on first use.
    fn cached_endpoint(&self) -> Result<&Endpoint, Error> {
        if let Some(endpoint) = self.inner.endpoint.get() {
            return Ok(endpoint);
        }
        let endpoint = self.resolve_endpoint_with(&[], None)?;
        Ok(self.inner.endpoint.get_or_init(|| endpoint))
    }

    /// Resolves the endpoint for `request`, which sets parameters of its own.
    fn resolve_endpoint(&self, request: &Request) -> Result<Endpoint, Error> {
        // Paths select values in the JSON body, parsed only when needed.
        let needs_body = request.endpoint_params.iter().any(|(_, p)| matches!(p, EndpointParam::BodyPath(_)));
        let body = if needs_body { crate::json::parse(&request.body).ok() } else { None };
        self.resolve_endpoint_with(&request.endpoint_params, body.as_ref())
    }

    /// Runs the service's endpoint rules with the configuration's built-in
    /// parameters and the operation's `params`. Without rules, the
    /// configured endpoint URL is the only way to reach the service.
    fn resolve_endpoint_with(&self, params: &[(&'static str, EndpointParam)], body: Option<&crate::json::Value>) -> Result<Endpoint, Error> {
        let service = self.inner.service;
        let config = &self.inner.config;
        let Some(rules_text) = service.endpoint_rules else {
            let url = config.endpoint_url(service.env_name)?.ok_or_else(|| {
                Error::new(
                    ErrorKind::Config,
                    format!(
                        "no endpoint: the {} model has no endpoint rules, so set an endpoint URL \
                         with ConfigBuilder::endpoint_url or AWS_ENDPOINT_URL_{}",
                        service.sdk_id, service.env_name
                    ),
                )
            })?;
            return Ok(Endpoint { url: url.to_string(), headers: Vec::new(), properties: Default::default() });
        };

        let rules = match self.inner.rules.get() {
            Some(rules) => rules,
            None => {
                let rules = RuleSet::from_json(rules_text)?;
                self.inner.rules.get_or_init(|| rules)
            }
        };
        let mut values = rules.builtin_params(config, service.env_name)?;
        for (name, param) in params {
            let value = match param {
                EndpointParam::Value(value) => Some(value.clone()),
                EndpointParam::BodyPath(path) => body.and_then(|body| crate::context_path::evaluate(body, path)),
            };
            if let Some(value) = value {
                values.set(name, value);
            }
        }
        rules.resolve(&values)
    }

    /// Joins the endpoint and the operation's path and adds the headers
    /// every request carries.
    fn http_request(&self, endpoint: &Endpoint, request: Request, operation: &str) -> Result<http::Request<Bytes>, Error> {
        let Request {
            method,
            path_and_query,
            mut headers,
            body,
            host_prefix,
            endpoint_params: _,
        } = request;

        for (name, values) in &endpoint.headers {
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                Error::new(ErrorKind::Config, format!("invalid header name {name:?} from the endpoint rules"))
            })?;
            for value in values {
                let value = HeaderValue::from_str(value).map_err(|_| {
                    Error::new(ErrorKind::Config, format!("invalid value for header `{name}` from the endpoint rules"))
                })?;
                headers.append(name.clone(), value);
            }
        }

        let base = endpoint.url.trim_end_matches('/');
        let url = match host_prefix {
            Some(prefix) => with_host_prefix(base, &prefix, operation)?,
            None => base.to_string(),
        } + &path_and_query;
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

/// Puts `prefix` before the host of endpoint URL `base`, as an operation's
/// `@endpoint` trait asks: `https://example.com` with `data.` becomes
/// `https://data.example.com`.
fn with_host_prefix(base: &str, prefix: &str, operation: &str) -> Result<String, Error> {
    let Some((scheme, rest)) = base.split_once("://") else {
        return Err(Error::new(
            ErrorKind::Config,
            format!("invalid endpoint URL {base:?} for {operation}: it has no scheme such as https://"),
        ));
    };
    Ok(format!("{scheme}://{prefix}{rest}"))
}
