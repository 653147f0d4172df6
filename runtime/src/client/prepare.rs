//! Turns an operation's request into an HTTP request once per call: the
//! endpoint from the service's rules, the host prefix, and the headers that
//! every attempt shares. Each attempt then clones it and signs the clone.

use bytes::Bytes;
use http::header::{HeaderName, HeaderValue, CONTENT_LENGTH, USER_AGENT};
use http::Uri;

use super::Client;
use crate::endpoint::{Endpoint, RuleSet};
use crate::error::{Error, ErrorKind};
use crate::message::{EndpointParam, Request};
use crate::service::Auth;

impl Client {
    /// Resolves the endpoint for `request` and builds the unsigned HTTP
    /// request, returning it with how each attempt signs it.
    pub(super) fn prepare(
        &self,
        request: Request,
        operation: &str,
    ) -> Result<(http::Request<Bytes>, Signing), Error> {
        let resolved;
        let endpoint = if request.endpoint_params.is_empty() {
            self.cached_endpoint()?
        } else {
            resolved = self.resolve_endpoint(&request)?;
            &resolved
        };
        let signing = self.signing(endpoint)?;
        let http_request = self.http_request(endpoint, request, operation)?;
        Ok((http_request, signing))
    }

    fn signing(&self, endpoint: &Endpoint) -> Result<Signing, Error> {
        let config = &self.inner.config;
        let service = self.inner.service;
        match service.auth {
            Auth::SigV4 => {
                let region = config.region()?;
                // The endpoint rules may name another signing region or name,
                // as for global endpoints.
                let scheme = endpoint.sigv4();
                Ok(Signing::SigV4 {
                    region: scheme
                        .as_ref()
                        .and_then(|s| s.signing_region)
                        .unwrap_or(region)
                        .to_owned(),
                    name: scheme
                        .as_ref()
                        .and_then(|s| s.signing_name)
                        .unwrap_or(service.signing_name)
                        .to_owned(),
                })
            }
            Auth::Bearer => {
                let token = config.bearer_token(service.env_name)?;
                let mut value = HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| {
                    Error::new(ErrorKind::Config, "invalid bearer token: it contains a line break or another control character")
                })?;
                value.set_sensitive(true);
                Ok(Signing::Bearer(value))
            }
        }
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
        let needs_body = request
            .endpoint_params
            .iter()
            .any(|(_, p)| matches!(p, EndpointParam::BodyPath(_)));
        let body = if needs_body {
            crate::json::parse(&request.body).ok()
        } else {
            None
        };
        self.resolve_endpoint_with(&request.endpoint_params, body.as_ref())
    }

    /// Runs the service's endpoint rules with the configuration's built-in
    /// parameters and the operation's `params`. Without rules, the
    /// configured endpoint URL is the only way to reach the service.
    fn resolve_endpoint_with(
        &self,
        params: &[(&'static str, EndpointParam)],
        body: Option<&crate::json::Value>,
    ) -> Result<Endpoint, Error> {
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
            return Ok(Endpoint {
                url: url.to_string(),
                headers: Vec::new(),
                properties: Default::default(),
            });
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
                EndpointParam::BodyPath(path) => {
                    body.and_then(|body| crate::context_path::evaluate(body, path))
                }
            };
            if let Some(value) = value {
                values.set(name, value);
            }
        }
        rules.resolve(&values)
    }

    /// Joins the endpoint and the operation's path and adds the headers
    /// every request carries.
    fn http_request(
        &self,
        endpoint: &Endpoint,
        request: Request,
        operation: &str,
    ) -> Result<http::Request<Bytes>, Error> {
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
                Error::new(
                    ErrorKind::Config,
                    format!("invalid header name {name:?} from the endpoint rules"),
                )
            })?;
            for value in values {
                let value = HeaderValue::from_str(value).map_err(|_| {
                    Error::new(
                        ErrorKind::Config,
                        format!("invalid value for header `{name}` from the endpoint rules"),
                    )
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
            Error::new(
                ErrorKind::Config,
                format!("invalid URL {url:?} for {operation}"),
            )
            .with_source(e)
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

/// The authentication that each attempt adds to the request.
pub(super) enum Signing {
    /// SigV4 with the credentials of the moment, for this scope.
    SigV4 { region: String, name: String },
    /// A fixed `Authorization: Bearer` value.
    Bearer(HeaderValue),
}

/// Puts `prefix` before the host of endpoint URL `base`, as an operation's
/// `@endpoint` trait asks: `https://example.com` with `data.` becomes
/// `https://data.example.com`.
fn with_host_prefix(base: &str, prefix: &str, operation: &str) -> Result<String, Error> {
    let Some((scheme, rest)) = base.split_once("://") else {
        return Err(Error::new(
            ErrorKind::Config,
            format!(
                "invalid endpoint URL {base:?} for {operation}: it has no scheme such as https://"
            ),
        ));
    };
    Ok(format!("{scheme}://{prefix}{rest}"))
}
