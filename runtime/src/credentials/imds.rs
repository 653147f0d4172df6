//! Credentials of the IAM role of an EC2 instance, from the instance
//! metadata service (IMDS), with session tokens (IMDSv2).
//!
//! A fetch takes three requests: `PUT /latest/api/token` for a session
//! token, `GET /latest/meta-data/iam/security-credentials/` for the role
//! name, and a `GET` of that name for the credentials. When the token
//! request gets 403, 404 or 405, as from an IMDS that supports only version
//! 1, the `GET`s are sent without a token, unless IMDSv1 fallback is
//! disabled.
//!
//! [`ImdsSettings::from_env`] reads the settings the AWS SDKs read:
//! `AWS_EC2_METADATA_DISABLED`, `AWS_EC2_METADATA_SERVICE_ENDPOINT`,
//! `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE` (`IPv4` or `IPv6`),
//! `AWS_EC2_METADATA_V1_DISABLED`, `AWS_METADATA_SERVICE_TIMEOUT` (seconds)
//! and `AWS_METADATA_SERVICE_NUM_ATTEMPTS`. The configuration also reads
//! the matching profile settings.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::Method;

use super::fetch::{self, Fetcher, Fields};
use super::{Credentials, CredentialsFuture, ProvideCredentials};
use crate::env::Env;
use crate::error::{Error, ErrorKind};
use crate::message::Response;

/// The IMDS address over IPv4.
pub const IPV4_ENDPOINT: &str = "http://169.254.169.254";
/// The IMDS address over IPv6.
pub const IPV6_ENDPOINT: &str = "http://[fd00:ec2::254]";

/// The lifetime the client asks for its session tokens, the maximum IMDS
/// grants.
const TOKEN_TTL_SECONDS: u64 = 21_600;
/// A token is renewed this long before it expires, so that it does not
/// expire between the check and the request.
const TOKEN_RENEW_BEFORE: Duration = Duration::from_secs(120);
const TOKEN_TTL_HEADER: &str = "x-aws-ec2-metadata-token-ttl-seconds";
const TOKEN_HEADER: &str = "x-aws-ec2-metadata-token";
const CREDENTIALS_PATH: &str = "/latest/meta-data/iam/security-credentials/";
const SOURCE: &str = "the instance metadata service";

/// The address and request settings of the instance metadata service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImdsSettings {
    endpoint: String,
    timeout: Duration,
    attempts: u32,
    v1_fallback: bool,
}

impl ImdsSettings {
    /// The default timeout of one request. IMDS is on the instance's own
    /// link, so it responds in milliseconds or not at all.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(1);

    /// Creates settings for the service at `endpoint`, such as
    /// [`IPV4_ENDPOINT`], with a timeout of 1 s, one attempt per request
    /// and IMDSv1 fallback enabled.
    pub fn new(endpoint: impl Into<String>) -> Self {
        Self {
            endpoint: endpoint.into().trim_end_matches('/').to_owned(),
            timeout: Self::DEFAULT_TIMEOUT,
            attempts: 1,
            v1_fallback: true,
        }
    }

    /// Reads the settings from the environment variables alone. Returns
    /// `None` when `AWS_EC2_METADATA_DISABLED` is `true`.
    ///
    /// # Errors
    ///
    /// Fails with [`ErrorKind::Config`] naming the variable when a value is
    /// invalid.
    pub fn from_env(env: &Env) -> Result<Option<Self>, Error> {
        let lookup = |name: &str| {
            env.get_str(name)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        Self::from_lookup(|setting| {
            lookup(setting.variable).map(|value| (value, setting.variable.to_owned()))
        })
    }

    /// Reads the settings through `lookup`, which returns a value and a
    /// description of where it was found, such as the variable's name.
    pub(crate) fn from_lookup(
        lookup: impl Fn(&ImdsSetting) -> Option<(String, String)>,
    ) -> Result<Option<Self>, Error> {
        if let Some((value, origin)) = lookup(&DISABLED) {
            if parse_bool(&value, &origin)? {
                return Ok(None);
            }
        }

        let endpoint = match lookup(&ENDPOINT) {
            Some((endpoint, origin)) => {
                if !(endpoint.starts_with("http://") || endpoint.starts_with("https://")) {
                    return Err(config_error(format!(
                        "invalid {origin} {endpoint:?}: expected a URL such as http://169.254.169.254"
                    )));
                }
                endpoint
            }
            None => match lookup(&ENDPOINT_MODE) {
                None => IPV4_ENDPOINT.to_owned(),
                Some((mode, _)) if mode.eq_ignore_ascii_case("ipv4") => IPV4_ENDPOINT.to_owned(),
                Some((mode, _)) if mode.eq_ignore_ascii_case("ipv6") => IPV6_ENDPOINT.to_owned(),
                Some((mode, origin)) => {
                    return Err(config_error(format!(
                        "invalid {origin} {mode:?}: expected IPv4 or IPv6"
                    )))
                }
            },
        };

        let mut settings = Self::new(endpoint);
        if let Some((value, origin)) = lookup(&V1_DISABLED) {
            settings.v1_fallback = !parse_bool(&value, &origin)?;
        }
        if let Some((value, origin)) = lookup(&TIMEOUT) {
            let seconds: f64 = value
                .parse()
                .ok()
                .filter(|s: &f64| s.is_finite() && *s > 0.0 && *s <= 3600.0)
                .ok_or_else(|| {
                    config_error(format!(
                        "invalid {origin} {value:?}: expected seconds, such as 1 or 2.5"
                    ))
                })?;
            settings.timeout = Duration::from_secs_f64(seconds);
        }
        if let Some((value, origin)) = lookup(&ATTEMPTS) {
            settings.attempts = value
                .parse()
                .ok()
                .filter(|n| (1..=10).contains(n))
                .ok_or_else(|| {
                    config_error(format!(
                        "invalid {origin} {value:?}: expected a number from 1 to 10"
                    ))
                })?;
        }
        Ok(Some(settings))
    }

    /// Sets the timeout of one request.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets how many times each request is tried.
    pub fn with_attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts.max(1);
        self
    }

    /// Sets whether requests go without a token when the service does not
    /// hand out tokens.
    pub fn with_v1_fallback(mut self, v1_fallback: bool) -> Self {
        self.v1_fallback = v1_fallback;
        self
    }

    /// Returns the endpoint, without a trailing slash.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }
}

/// One IMDS setting: its environment variable and its profile key.
pub(crate) struct ImdsSetting {
    pub(crate) variable: &'static str,
    pub(crate) profile_key: &'static str,
}

const DISABLED: ImdsSetting = ImdsSetting {
    variable: "AWS_EC2_METADATA_DISABLED",
    profile_key: "",
};
const ENDPOINT: ImdsSetting = ImdsSetting {
    variable: "AWS_EC2_METADATA_SERVICE_ENDPOINT",
    profile_key: "ec2_metadata_service_endpoint",
};
const ENDPOINT_MODE: ImdsSetting = ImdsSetting {
    variable: "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
    profile_key: "ec2_metadata_service_endpoint_mode",
};
const V1_DISABLED: ImdsSetting = ImdsSetting {
    variable: "AWS_EC2_METADATA_V1_DISABLED",
    profile_key: "ec2_metadata_v1_disabled",
};
const TIMEOUT: ImdsSetting = ImdsSetting {
    variable: "AWS_METADATA_SERVICE_TIMEOUT",
    profile_key: "metadata_service_timeout",
};
const ATTEMPTS: ImdsSetting = ImdsSetting {
    variable: "AWS_METADATA_SERVICE_NUM_ATTEMPTS",
    profile_key: "metadata_service_num_attempts",
};

fn parse_bool(value: &str, origin: &str) -> Result<bool, Error> {
    match value.to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(config_error(format!(
            "invalid {origin} {value:?}: expected true or false"
        ))),
    }
}

fn config_error(message: String) -> Error {
    Error::new(ErrorKind::Config, message)
}

/// Fetches the credentials of the instance's IAM role.
#[derive(Debug)]
pub struct ImdsProvider {
    settings: ImdsSettings,
    fetcher: Fetcher,
    /// The session token and when it must be renewed; `None` before the
    /// first fetch and after the service rejected the token.
    token: Mutex<Option<(String, Instant)>>,
}

/// The session that requests belong to.
enum Session {
    Token(String),
    /// IMDSv1: the service hands out no tokens.
    None,
}

impl ImdsProvider {
    /// Creates a provider with `settings`.
    pub fn new(settings: ImdsSettings) -> Self {
        let fetcher = Fetcher::new(settings.timeout);
        Self {
            settings,
            fetcher,
            token: Mutex::new(None),
        }
    }

    async fn fetch(&self) -> Result<Credentials, Error> {
        let session = self.session().await?;
        let role_response = self.get(CREDENTIALS_PATH, &session).await?;
        let role_response = match (role_response.status(), &session) {
            // The token expired or was revoked: start a new session once.
            (401, Session::Token(_)) => {
                *self.token.lock().unwrap_or_else(|e| e.into_inner()) = None;
                let session = self.session().await?;
                return self.fetch_with(&session).await;
            }
            _ => role_response,
        };
        self.credentials_for_role(role_response, &session).await
    }

    async fn fetch_with(&self, session: &Session) -> Result<Credentials, Error> {
        let role_response = self.get(CREDENTIALS_PATH, session).await?;
        self.credentials_for_role(role_response, session).await
    }

    async fn credentials_for_role(
        &self,
        role_response: Response,
        session: &Session,
    ) -> Result<Credentials, Error> {
        if role_response.status() == 404 {
            return Err(Error::new(
                ErrorKind::Credentials,
                format!(
                    "{SOURCE} at {} has no IAM role for this instance: attach an instance profile with a role",
                    self.settings.endpoint
                ),
            ));
        }
        let role_response = self.expect_success(role_response, CREDENTIALS_PATH)?;
        let role = String::from_utf8_lossy(role_response.body());
        let role = role.lines().next().unwrap_or_default().trim().to_owned();
        if role.is_empty() || role.contains(['/', '?', '#']) {
            return Err(Error::new(
                ErrorKind::Credentials,
                format!("{SOURCE} returned an invalid role name {role:?}"),
            ));
        }

        let path = format!("{CREDENTIALS_PATH}{role}");
        let response = self.get(&path, session).await?;
        let response = self.expect_success(response, &path)?;
        let body = response.body();
        let code = crate::json::parse(body).ok().and_then(|value| {
            value
                .get("Code")
                .and_then(|c| c.as_str())
                .map(str::to_owned)
        });
        if let Some(code) = code.filter(|code| code != "Success") {
            return Err(Error::new(
                ErrorKind::Credentials,
                format!("{SOURCE} returned code {code:?} for the credentials of role `{role}`"),
            ));
        }
        fetch::parse_credentials(
            body,
            Fields {
                session_token: "Token",
            },
            SOURCE,
        )
    }

    /// Returns the session to use: the cached token, a new token, or none
    /// when the service hands out no tokens and IMDSv1 fallback is on.
    async fn session(&self) -> Result<Session, Error> {
        {
            let token = self.token.lock().unwrap_or_else(|e| e.into_inner());
            if let Some((token, renew_at)) = token.as_ref() {
                if Instant::now() < *renew_at {
                    return Ok(Session::Token(token.clone()));
                }
            }
        }

        let url = format!("{}/latest/api/token", self.settings.endpoint);
        let response = self
            .send_with_attempts(|| {
                let mut request = http::Request::new(Bytes::new());
                *request.method_mut() = Method::PUT;
                request
                    .headers_mut()
                    .insert(TOKEN_TTL_HEADER, TOKEN_TTL_SECONDS.into());
                self.with_uri(request, &url)
            })
            .await?;

        match response.status() {
            200 => {
                let token = String::from_utf8_lossy(response.body()).trim().to_owned();
                let renew_at =
                    Instant::now() + Duration::from_secs(TOKEN_TTL_SECONDS) - TOKEN_RENEW_BEFORE;
                *self.token.lock().unwrap_or_else(|e| e.into_inner()) =
                    Some((token.clone(), renew_at));
                Ok(Session::Token(token))
            }
            403..=405 if self.settings.v1_fallback => {
                tracing::debug!(
                    status = response.status(),
                    "IMDS hands out no tokens; using IMDSv1"
                );
                Ok(Session::None)
            }
            status => Err(Error::new(
                ErrorKind::Credentials,
                format!(
                    "{SOURCE} at {} rejected the session token request with HTTP {status}{}",
                    self.settings.endpoint,
                    if self.settings.v1_fallback {
                        ""
                    } else {
                        " and IMDSv1 fallback is disabled"
                    }
                ),
            )),
        }
    }

    async fn get(&self, path: &str, session: &Session) -> Result<Response, Error> {
        let url = format!("{}{path}", self.settings.endpoint);
        self.send_with_attempts(|| {
            let mut request = http::Request::new(Bytes::new());
            if let Session::Token(token) = session {
                if let Ok(value) = http::HeaderValue::from_str(token) {
                    request.headers_mut().insert(TOKEN_HEADER, value);
                }
            }
            self.with_uri(request, &url)
        })
        .await
    }

    fn with_uri(
        &self,
        mut request: http::Request<Bytes>,
        url: &str,
    ) -> Result<http::Request<Bytes>, Error> {
        *request.uri_mut() = url
            .parse()
            .map_err(|_| config_error(format!("invalid instance metadata service URL {url:?}")))?;
        Ok(request)
    }

    /// Sends the request that `build` makes, again on a transport failure
    /// or a 5xx response, up to the configured number of attempts.
    async fn send_with_attempts(
        &self,
        build: impl Fn() -> Result<http::Request<Bytes>, Error>,
    ) -> Result<Response, Error> {
        let mut attempt = 1;
        loop {
            let result = self.fetcher.send(build()?, SOURCE).await;
            let retry = match &result {
                Ok(response) => response.status() >= 500,
                Err(_) => true,
            };
            if !retry || attempt >= self.settings.attempts {
                return result;
            }
            tracing::debug!(
                attempt,
                "retrying a request to the instance metadata service"
            );
            attempt += 1;
        }
    }

    fn expect_success(&self, response: Response, path: &str) -> Result<Response, Error> {
        if response.is_success() {
            return Ok(response);
        }
        Err(Error::new(
            ErrorKind::Credentials,
            format!(
                "{SOURCE} at {} returned HTTP {} for {path}",
                self.settings.endpoint,
                response.status()
            ),
        ))
    }
}

impl ProvideCredentials for ImdsProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.fetch())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(vars: &[(&str, &str)]) -> Result<Option<ImdsSettings>, Error> {
        ImdsSettings::from_env(&Env::from_pairs(vars.iter().copied()))
    }

    #[test]
    fn defaults_to_ipv4_address() {
        let settings = settings(&[]).unwrap().unwrap();
        assert_eq!(settings.endpoint(), IPV4_ENDPOINT);
        assert_eq!(settings.timeout, ImdsSettings::DEFAULT_TIMEOUT);
        assert_eq!(settings.attempts, 1);
        assert!(settings.v1_fallback);
    }

    #[test]
    fn disabled_variable_turns_off() {
        assert_eq!(
            settings(&[("AWS_EC2_METADATA_DISABLED", "TRUE")]).unwrap(),
            None
        );
        assert!(settings(&[("AWS_EC2_METADATA_DISABLED", "false")])
            .unwrap()
            .is_some());
        let error = settings(&[("AWS_EC2_METADATA_DISABLED", "yes")]).unwrap_err();
        assert!(
            error.message().contains("AWS_EC2_METADATA_DISABLED"),
            "{error}"
        );
    }

    #[test]
    fn endpoint_and_mode_read() {
        let custom = settings(&[
            (
                "AWS_EC2_METADATA_SERVICE_ENDPOINT",
                "http://127.0.0.1:1234/",
            ),
            ("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6"),
        ])
        .unwrap()
        .unwrap();
        assert_eq!(custom.endpoint(), "http://127.0.0.1:1234");

        let ipv6 = settings(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6")])
            .unwrap()
            .unwrap();
        assert_eq!(ipv6.endpoint(), IPV6_ENDPOINT);
        assert!(settings(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv5")]).is_err());
        assert!(settings(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT", "127.0.0.1")]).is_err());
    }

    #[test]
    fn timeout_attempts_and_v1_read() {
        let settings = settings(&[
            ("AWS_METADATA_SERVICE_TIMEOUT", "2.5"),
            ("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "3"),
            ("AWS_EC2_METADATA_V1_DISABLED", "true"),
        ])
        .unwrap()
        .unwrap();
        assert_eq!(settings.timeout, Duration::from_millis(2500));
        assert_eq!(settings.attempts, 3);
        assert!(!settings.v1_fallback);
    }

    #[test]
    fn invalid_numbers_named() {
        for (variable, value) in [
            ("AWS_METADATA_SERVICE_TIMEOUT", "-1"),
            ("AWS_METADATA_SERVICE_TIMEOUT", "soon"),
            ("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "0"),
        ] {
            let error = settings(&[(variable, value)]).unwrap_err();
            assert!(error.message().contains(variable), "{error}");
        }
    }
}
