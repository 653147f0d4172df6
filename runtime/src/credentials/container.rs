//! Credentials from the container credentials endpoint of Amazon ECS and
//! EKS Pod Identity, configured by the environment:
//!
//! - `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`, a path on the ECS agent at
//!   `http://169.254.170.2`; or else
//! - `AWS_CONTAINER_CREDENTIALS_FULL_URI`, a whole URL, which must be
//!   `https`, or `http` to a loopback address or to one of the ECS and EKS
//!   agent addresses (169.254.170.2, 169.254.170.23, fd00:ec2::23);
//! - the `Authorization` header value read from the file
//!   `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` on every fetch (EKS rotates
//!   it), else from `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
//!
//! The endpoint returns `AccessKeyId`, `SecretAccessKey`, `Token` and
//! `Expiration` as JSON.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use bytes::Bytes;
use http::header::{HeaderValue, AUTHORIZATION};
use http::Uri;

use super::fetch::{self, Fetcher, Fields};
use super::{Credentials, CredentialsFuture, ProvideCredentials};
use crate::env::Env;
use crate::error::{Error, ErrorKind};

/// The ECS agent's address, the base of a relative URI.
pub const DEFAULT_RELATIVE_URI_BASE: &str = "http://169.254.170.2";

/// How long one request to the endpoint may take.
const TIMEOUT: Duration = Duration::from_secs(2);

/// Attempts per fetch: the agent is local, so connection failures and 5xx
/// responses are retried at once.
const ATTEMPTS: u32 = 3;

/// Addresses of the ECS and EKS agents, allowed over plain `http`.
const AGENT_ADDRESSES: &[&str] = &["169.254.170.2", "169.254.170.23", "fd00:ec2::23"];

/// Fetches credentials from the container endpoint.
#[derive(Clone, Debug)]
pub struct ContainerProvider {
    uri: Uri,
    token: Option<TokenSource>,
    fetcher: Fetcher,
}

/// The source of the `Authorization` header value.
#[derive(Clone)]
enum TokenSource {
    File(PathBuf),
    Value(String),
}

impl std::fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TokenSource::File(path) => f.debug_tuple("File").field(path).finish(),
            TokenSource::Value(_) => f.write_str("Value(** redacted **)"),
        }
    }
}

impl ContainerProvider {
    /// Returns the provider the environment configures, or `None` when
    /// neither URI variable is set. A relative URI is appended to
    /// `relative_uri_base`, normally [`DEFAULT_RELATIVE_URI_BASE`].
    ///
    /// # Errors
    ///
    /// Fails with [`ErrorKind::Config`] when the URI is invalid, or when a
    /// full URI uses `http` to a host that is neither loopback nor an agent
    /// address.
    pub fn from_env(env: &Env, relative_uri_base: &str) -> Result<Option<Self>, Error> {
        let var = |name| env.get_str(name).filter(|value| !value.is_empty());

        let uri = if let Some(relative) = var("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
            let url = format!("{}{relative}", relative_uri_base.trim_end_matches('/'));
            parse_uri(&url, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")?
        } else if let Some(full) = var("AWS_CONTAINER_CREDENTIALS_FULL_URI") {
            let uri = parse_uri(full, "AWS_CONTAINER_CREDENTIALS_FULL_URI")?;
            check_full_uri(&uri)?;
            uri
        } else {
            return Ok(None);
        };

        let token = match var("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
            Some(path) => Some(TokenSource::File(PathBuf::from(path))),
            None => {
                var("AWS_CONTAINER_AUTHORIZATION_TOKEN").map(|t| TokenSource::Value(t.to_owned()))
            }
        };
        Ok(Some(Self {
            uri,
            token,
            fetcher: Fetcher::new(TIMEOUT),
        }))
    }

    /// Returns the URL the provider fetches from.
    pub fn uri(&self) -> &Uri {
        &self.uri
    }

    async fn fetch(&self) -> Result<Credentials, Error> {
        let token = self.token_value()?;
        let mut last_error = None;
        for attempt in 1..=ATTEMPTS {
            let mut request = http::Request::new(Bytes::new());
            *request.uri_mut() = self.uri.clone();
            if let Some(token) = &token {
                request.headers_mut().insert(AUTHORIZATION, token.clone());
            }

            let error = match self
                .fetcher
                .send(request, "the container credentials endpoint")
                .await
            {
                Ok(response) if response.is_success() => {
                    return fetch::parse_credentials(
                        response.body(),
                        Fields {
                            session_token: "Token",
                        },
                        "the container credentials endpoint",
                    );
                }
                Ok(response) => {
                    let error = status_error(response.status(), response.body(), &self.uri);
                    if response.status() < 500 {
                        return Err(error);
                    }
                    error
                }
                Err(error) => error,
            };
            tracing::debug!(attempt, error = %error, "container credentials fetch failed");
            last_error = Some(error);
        }
        Err(last_error.expect("at least one attempt"))
    }

    fn token_value(&self) -> Result<Option<HeaderValue>, Error> {
        let (token, origin) = match &self.token {
            None => return Ok(None),
            Some(TokenSource::Value(token)) => (
                token.clone(),
                "AWS_CONTAINER_AUTHORIZATION_TOKEN".to_owned(),
            ),
            Some(TokenSource::File(path)) => {
                let token = std::fs::read_to_string(path).map_err(|e| {
                    Error::new(
                        ErrorKind::Credentials,
                        format!(
                            "failed to read the container authorization token file {} \
                             (from AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE): {e}",
                            path.display()
                        ),
                    )
                })?;
                (token, format!("the file {}", path.display()))
            }
        };
        // A file usually ends with a line break, which is not part of the token.
        HeaderValue::from_str(token.trim_end_matches(['\r', '\n']))
            .map(Some)
            .map_err(|_| {
                Error::new(
                    ErrorKind::Credentials,
                    format!("invalid container authorization token from {origin}: it contains a line break or another control character"),
                )
            })
    }
}

impl ProvideCredentials for ContainerProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.fetch())
    }
}

fn parse_uri(url: &str, variable: &str) -> Result<Uri, Error> {
    let uri: Uri = url.parse().map_err(|_| {
        Error::new(
            ErrorKind::Config,
            format!("invalid URL {url:?} from {variable}"),
        )
    })?;
    if uri.host().is_none() || !matches!(uri.scheme_str(), Some("http" | "https")) {
        return Err(Error::new(
            ErrorKind::Config,
            format!("invalid URL {url:?} from {variable}: expected http:// or https:// and a host"),
        ));
    }
    Ok(uri)
}

/// Accepts `https`, and `http` only to hosts that cannot be on another
/// machine, so that the authorization token never crosses a network in
/// clear text.
fn check_full_uri(uri: &Uri) -> Result<(), Error> {
    if uri.scheme_str() == Some("https") {
        return Ok(());
    }
    let host = uri
        .host()
        .unwrap_or_default()
        .trim_start_matches('[')
        .trim_end_matches(']');
    let ip = host.parse::<IpAddr>().ok();
    let loopback = host.eq_ignore_ascii_case("localhost") || ip.is_some_and(|ip| ip.is_loopback());
    let agent = ip.is_some_and(|ip| {
        AGENT_ADDRESSES
            .iter()
            .any(|address| address.parse::<IpAddr>().ok() == Some(ip))
    });
    if loopback || agent {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::Config,
        format!(
            "invalid AWS_CONTAINER_CREDENTIALS_FULL_URI {uri}: a plain http URL must point to a \
             loopback address or to an ECS or EKS agent address ({}); use https for other hosts",
            AGENT_ADDRESSES.join(", ")
        ),
    ))
}

fn status_error(status: u16, body: &[u8], uri: &Uri) -> Error {
    // The agent's error bodies are short JSON or text messages without
    // secrets; quote a bounded prefix.
    let text: String = String::from_utf8_lossy(body).chars().take(200).collect();
    Error::new(
        ErrorKind::Credentials,
        format!("the container credentials endpoint {uri} returned HTTP {status}: {text:?}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provider(vars: &[(&str, &str)]) -> Result<Option<ContainerProvider>, Error> {
        ContainerProvider::from_env(
            &Env::from_pairs(vars.iter().copied()),
            DEFAULT_RELATIVE_URI_BASE,
        )
    }

    #[test]
    fn unset_variables_mean_no_provider() {
        assert!(provider(&[]).unwrap().is_none());
        assert!(provider(&[("AWS_CONTAINER_CREDENTIALS_FULL_URI", "")])
            .unwrap()
            .is_none());
    }

    #[test]
    fn relative_uri_joins_agent_address() {
        let provider = provider(&[(
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
            "/v2/credentials/abc",
        )])
        .unwrap()
        .unwrap();
        assert_eq!(
            provider.uri().to_string(),
            "http://169.254.170.2/v2/credentials/abc"
        );
    }

    #[test]
    fn relative_uri_wins_over_full_uri() {
        let provider = provider(&[
            ("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/creds"),
            (
                "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                "http://127.0.0.1:9/other",
            ),
        ])
        .unwrap()
        .unwrap();
        assert_eq!(provider.uri().path(), "/creds");
    }

    #[test]
    fn full_uri_hosts_checked() {
        for allowed in [
            "http://127.0.0.1:8080/creds",
            "http://127.1.2.3/creds",
            "http://localhost/creds",
            "http://[::1]:80/creds",
            "http://169.254.170.23/v1/credentials",
            "http://[fd00:ec2::23]/v1/credentials",
            "https://credentials.example.com/creds",
        ] {
            assert!(
                provider(&[("AWS_CONTAINER_CREDENTIALS_FULL_URI", allowed)]).is_ok(),
                "{allowed}"
            );
        }
        for rejected in [
            "http://192.168.1.10/creds",
            "http://credentials.example.com/",
            "ftp://127.0.0.1/",
        ] {
            let error = provider(&[("AWS_CONTAINER_CREDENTIALS_FULL_URI", rejected)]).unwrap_err();
            assert_eq!(error.kind(), ErrorKind::Config, "{rejected}");
        }
    }

    #[test]
    fn token_value_redacted_in_debug() {
        let provider = provider(&[
            (
                "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                "http://127.0.0.1/creds",
            ),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "very-secret-token"),
        ])
        .unwrap()
        .unwrap();
        assert!(!format!("{provider:?}").contains("very-secret-token"));
    }

    #[test]
    fn token_with_line_break_rejected() {
        let provider = provider(&[
            (
                "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                "http://127.0.0.1/creds",
            ),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "a\r\nInjected: yes"),
        ])
        .unwrap()
        .unwrap();
        let error = provider.token_value().unwrap_err();
        assert!(error.message().contains("line break"), "{error}");
    }
}
