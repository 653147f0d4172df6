//! Client configuration: the region, the credentials, an optional endpoint
//! URL, and whether to use FIPS and dual-stack endpoints.
//!
//! [`Config::from_env`] reads them from the environment and the shared
//! files with the precedence the AWS SDKs document:
//!
//! - credentials: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and the
//!   optional `AWS_SESSION_TOKEN`, else `aws_access_key_id`,
//!   `aws_secret_access_key` and `aws_session_token` in the selected
//!   profile, where the credentials file wins over the config file;
//! - region: `AWS_REGION`, else `AWS_DEFAULT_REGION`, else `region` in the
//!   selected profile;
//! - endpoint URL: see [`Config::endpoint_url`];
//! - FIPS endpoints: `AWS_USE_FIPS_ENDPOINT`, else `use_fips_endpoint` in
//!   the selected profile, else `false`;
//! - dual-stack endpoints: `AWS_USE_DUALSTACK_ENDPOINT`, else
//!   `use_dualstack_endpoint` in the selected profile, else `false`.
//!
//! - retries: `AWS_RETRY_MODE` and `AWS_MAX_ATTEMPTS`, else `retry_mode`
//!   and `max_attempts` in the selected profile, else standard mode with 3
//!   attempts.
//!
//! [`Config::credentials_provider`] goes on, when neither the environment
//! nor the profile has static keys, to the sources the profile names
//! (`role_arn`, `credential_process`, `credential_source`), the container
//! credentials endpoint and the instance metadata service.
//!
//! The profile is the one set with [`ConfigLoader::profile_name`], else
//! `AWS_PROFILE`, else `default`. Variables set to the empty string count
//! as unset.
//!
//! Loading never fails. A value that is missing or invalid is returned as
//! an [`ErrorKind::Config`] error by the accessor that needs it, so a
//! client can be created before its first request. [`Config::builder`]
//! sets the values explicitly and reads nothing.

mod credentials_chain;
mod endpoint;
mod resolve;
mod retry_settings;

use std::fmt;
use std::sync::Arc;

use crate::credentials::cache::CredentialsCache;
use crate::credentials::{Credentials, ProvideCredentials, SharedCredentialsProvider};
use crate::env::Env;
use crate::error::{Error, ErrorKind};
use crate::http_client::{HttpClient, SharedHttpClient};
use crate::retry::RetryConfig;
use crate::timeout::Timeouts;
use resolve::{Loaded, Problem};

/// Region, credentials and endpoint settings for a client.
///
/// Cloning is cheap because the loaded values are shared. `Debug` never
/// shows the secret access key or the session token.
#[derive(Clone)]
pub struct Config {
    inner: Arc<Inner>,
}

struct Inner {
    explicit: Explicit,
    loaded: Option<Arc<Loaded>>,
    region: Result<String, Problem>,
    credentials: Result<Credentials, Problem>,
    credentials_provider: Result<SharedCredentialsProvider, Problem>,
    use_fips: Result<bool, Problem>,
    use_dual_stack: Result<bool, Problem>,
    retry: Result<RetryConfig, Problem>,
}

/// Values set on a [`ConfigBuilder`], which win over loaded ones.
#[derive(Clone, Default)]
struct Explicit {
    region: Option<String>,
    credentials: Option<Credentials>,
    endpoint_url: Option<String>,
    use_fips: Option<bool>,
    use_dual_stack: Option<bool>,
    bearer_token: Option<String>,
    credentials_provider: Option<SharedCredentialsProvider>,
    retry: Option<RetryConfig>,
    timeouts: Option<Timeouts>,
    max_response_bytes: Option<usize>,
    http_client: Option<SharedHttpClient>,
}

impl Config {
    /// Loads the configuration from the process environment and the shared
    /// files, the same as `Config::loader().load()`.
    pub fn from_env() -> Config {
        Config::loader().load()
    }

    /// Returns a loader, to read from an [`Env`] other than the process
    /// environment or to select a profile.
    pub fn loader() -> ConfigLoader {
        ConfigLoader::default()
    }

    /// Returns a builder that reads no environment variables or files.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// Returns a builder that starts from this configuration, to override
    /// some values, such as the endpoint URL, and keep the rest.
    pub fn to_builder(&self) -> ConfigBuilder {
        ConfigBuilder {
            explicit: self.inner.explicit.clone(),
            loaded: self.inner.loaded.clone(),
        }
    }

    /// Returns the region, such as `us-east-1`.
    ///
    /// # Errors
    ///
    /// Returns an [`ErrorKind::Config`] error when:
    ///
    /// - no region is set, naming every variable and file that was tried and
    ///   how to set one;
    /// - the region is not a valid DNS label;
    /// - a shared file is invalid, or the selected profile does not exist.
    pub fn region(&self) -> Result<&str, Error> {
        match &self.inner.region {
            Ok(region) => Ok(region),
            Err(problem) => Err(problem.to_error()),
        }
    }

    /// Returns the static credentials: [`ConfigBuilder::credentials`], else
    /// keys from the environment or the selected profile. Requests are
    /// signed with [`Config::credentials_provider`], which also fetches
    /// credentials from the other sources.
    ///
    /// # Errors
    ///
    /// Returns an [`ErrorKind::Config`] error when:
    ///
    /// - no static keys are set, naming every variable and file that was
    ///   tried and how to set them;
    /// - the profile gets its credentials from a source that is asked when a
    ///   request is sent, such as `role_arn` or `credential_process`;
    /// - only one of the access key id and the secret access key is set;
    /// - a shared file is invalid, or the selected profile does not exist.
    pub fn credentials(&self) -> Result<&Credentials, Error> {
        match &self.inner.credentials {
            Ok(credentials) => Ok(credentials),
            Err(problem) => Err(problem.to_error()),
        }
    }

    /// Returns the provider that signs requests with fresh credentials:
    /// [`ConfigBuilder::credentials_provider`], else
    /// [`ConfigBuilder::credentials`], else the default chain of a loaded
    /// configuration (see the module documentation). Clones of this
    /// configuration share the provider and its cache.
    ///
    /// # Errors
    ///
    /// Returns an [`ErrorKind::Config`] error when the configuration was
    /// built with [`Config::builder`] without credentials.
    pub fn credentials_provider(&self) -> Result<&SharedCredentialsProvider, Error> {
        match &self.inner.credentials_provider {
            Ok(provider) => Ok(provider),
            Err(problem) => Err(problem.to_error()),
        }
    }

    /// Returns the retry settings: [`ConfigBuilder::retry_config`], else
    /// `AWS_RETRY_MODE` and `AWS_MAX_ATTEMPTS`, else `retry_mode` and
    /// `max_attempts` in the selected profile, else standard mode with 3
    /// attempts.
    ///
    /// # Errors
    ///
    /// Returns an [`ErrorKind::Config`] error naming the source when a mode
    /// is not `standard`, `adaptive` or `legacy`, or a number of attempts is
    /// not a whole number of at least 1.
    pub fn retry_config(&self) -> Result<RetryConfig, Error> {
        match &self.inner.retry {
            Ok(retry) => Ok(*retry),
            Err(problem) => Err(problem.to_error()),
        }
    }

    /// Returns the timeouts: [`ConfigBuilder::timeouts`], else
    /// [`Timeouts::default`].
    pub fn timeouts(&self) -> Timeouts {
        self.inner.explicit.timeouts.unwrap_or_default()
    }

    /// Returns the maximum size of a response body in bytes:
    /// [`ConfigBuilder::max_response_bytes`], else
    /// [`MAX_RESPONSE_BYTES`](crate::transport::MAX_RESPONSE_BYTES).
    pub fn max_response_bytes(&self) -> usize {
        self.inner
            .explicit
            .max_response_bytes
            .unwrap_or(crate::transport::MAX_RESPONSE_BYTES)
    }

    /// Returns the HTTP client set with [`ConfigBuilder::http_client`], or
    /// `None` for the default connection pool.
    pub fn http_client(&self) -> Option<&SharedHttpClient> {
        self.inner.explicit.http_client.as_ref()
    }

    /// Returns whether requests go to FIPS endpoints, which use FIPS 140
    /// validated cryptography: [`ConfigBuilder::use_fips`], else
    /// `AWS_USE_FIPS_ENDPOINT`, else `use_fips_endpoint` in the selected
    /// profile, else `false`.
    ///
    /// # Errors
    ///
    /// Returns an [`ErrorKind::Config`] error when the variable or the
    /// profile setting is neither `true` nor `false` (in any case), or when
    /// a shared file is invalid or the selected profile does not exist.
    pub fn use_fips(&self) -> Result<bool, Error> {
        match &self.inner.use_fips {
            Ok(value) => Ok(*value),
            Err(problem) => Err(problem.to_error()),
        }
    }

    /// Returns whether requests go to dual-stack endpoints, which accept
    /// IPv4 and IPv6 connections: [`ConfigBuilder::use_dual_stack`], else
    /// `AWS_USE_DUALSTACK_ENDPOINT`, else `use_dualstack_endpoint` in the
    /// selected profile, else `false`.
    ///
    /// # Errors
    ///
    /// As for [`Config::use_fips`].
    pub fn use_dual_stack(&self) -> Result<bool, Error> {
        match &self.inner.use_dual_stack {
            Ok(value) => Ok(*value),
            Err(problem) => Err(problem.to_error()),
        }
    }

    /// Returns the endpoint URL configured for the service, or `None` to use
    /// the endpoint the service's rules resolve.
    ///
    /// `service_env_name` is the service's SDK id in upper case, with spaces
    /// and dashes turned into underscores, such as `ENTITYRESOLUTION`. The
    /// first of these that is set wins:
    ///
    /// 1. [`ConfigBuilder::endpoint_url`];
    /// 2. `AWS_ENDPOINT_URL_<service_env_name>`;
    /// 3. `AWS_ENDPOINT_URL`;
    /// 4. `endpoint_url` under the service's key (`service_env_name` in
    ///    lower case) in the `[services name]` section that the profile's
    ///    `services = name` selects;
    /// 5. `endpoint_url` in the profile.
    ///
    /// Only the first applies when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is
    /// `true`, or when it is unset and the profile sets
    /// `ignore_configured_endpoint_urls = true`.
    ///
    /// # Errors
    ///
    /// Returns an [`ErrorKind::Config`] error when:
    ///
    /// - the chosen URL does not start with `http://` or `https://`, has no
    ///   host, or is otherwise invalid, naming the source and the value;
    /// - an ignore setting is neither `true` nor `false`;
    /// - the profile selects a `[services name]` section that does not exist;
    /// - a shared file is invalid, or the selected profile does not exist.
    pub fn endpoint_url(&self, service_env_name: &str) -> Result<Option<&str>, Error> {
        if let Some(url) = &self.inner.explicit.endpoint_url {
            endpoint::check_endpoint_url(url, || "ConfigBuilder::endpoint_url".to_owned())?;
            return Ok(Some(url));
        }
        match &self.inner.loaded {
            Some(loaded) => endpoint::configured_endpoint_url(loaded.sources(), service_env_name),
            None => Ok(None),
        }
    }
}

impl Config {
    /// Returns the token for services that authenticate with
    /// `Authorization: Bearer` instead of SigV4:
    /// [`ConfigBuilder::bearer_token`], else
    /// `AWS_BEARER_TOKEN_<service_env_name>` (see [`Config::endpoint_url`]
    /// for the name).
    ///
    /// # Errors
    ///
    /// Returns an [`ErrorKind::Config`] error naming both ways to set a
    /// token when neither is set.
    pub fn bearer_token(&self, service_env_name: &str) -> Result<&str, Error> {
        if let Some(token) = &self.inner.explicit.bearer_token {
            return Ok(token);
        }
        let variable = format!("AWS_BEARER_TOKEN_{service_env_name}");
        if let Some(token) = self
            .inner
            .loaded
            .as_ref()
            .and_then(|l| l.sources().var(&variable))
        {
            return Ok(token);
        }
        Err(Error::new(
            ErrorKind::Config,
            format!(
                "no bearer token: this service authenticates with a token instead of access keys; \
                 set {variable} or call ConfigBuilder::bearer_token"
            ),
        ))
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        let mut debug = f.debug_struct("Config");
        match &inner.region {
            Ok(region) => debug.field("region", region),
            Err(_) => debug.field("region", &format_args!("<not available>")),
        };
        match &inner.credentials {
            Ok(credentials) => debug.field("credentials", credentials),
            Err(_) => debug.field("credentials", &format_args!("<not available>")),
        };
        debug.field("endpoint_url", &inner.explicit.endpoint_url);
        if inner.explicit.bearer_token.is_some() {
            debug.field("bearer_token", &format_args!("** redacted **"));
        }
        match &inner.use_fips {
            Ok(value) => debug.field("use_fips", value),
            Err(_) => debug.field("use_fips", &format_args!("<invalid>")),
        };
        match &inner.use_dual_stack {
            Ok(value) => debug.field("use_dual_stack", value),
            Err(_) => debug.field("use_dual_stack", &format_args!("<invalid>")),
        };
        match &inner.retry {
            Ok(value) => debug.field("retry", value),
            Err(_) => debug.field("retry", &format_args!("<invalid>")),
        };
        debug.field("timeouts", &inner.explicit.timeouts.unwrap_or_default());
        debug.field("max_response_bytes", &self.max_response_bytes());
        if let Some(loaded) = &inner.loaded {
            loaded.debug_fields(&mut debug);
        }
        debug.finish()
    }
}

/// Loads a [`Config`] from an environment and the shared files.
#[derive(Clone, Debug, Default)]
pub struct ConfigLoader {
    env: Option<Env>,
    profile_name: Option<String>,
    container_credentials_base: Option<String>,
}

impl ConfigLoader {
    /// Reads variables from `env` instead of the process environment,
    /// including `HOME` and the variables that locate the shared files.
    pub fn env(mut self, env: Env) -> Self {
        self.env = Some(env);
        self
    }

    /// Selects the profile `name`, which wins over `AWS_PROFILE`.
    pub fn profile_name(mut self, name: impl Into<String>) -> Self {
        self.profile_name = Some(name.into());
        self
    }

    /// Sets the base URL that `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` is
    /// appended to, instead of the ECS agent's `http://169.254.170.2`, so
    /// that tests can serve container credentials on a loopback port.
    pub fn container_credentials_base(mut self, url: impl Into<String>) -> Self {
        self.container_credentials_base = Some(url.into());
        self
    }

    /// Reads the environment and the shared files once and resolves the
    /// region and the credentials. Problems are kept and returned by the
    /// accessors of the [`Config`].
    pub fn load(self) -> Config {
        let env = self.env.unwrap_or_else(Env::process);
        let loaded = Loaded::load(env, self.profile_name, self.container_credentials_base);
        ConfigBuilder {
            explicit: Explicit::default(),
            loaded: Some(Arc::new(loaded)),
        }
        .build()
    }
}

/// Builds a [`Config`] from explicit values, optionally on top of a loaded
/// configuration (see [`Config::to_builder`]).
#[derive(Clone, Default)]
pub struct ConfigBuilder {
    explicit: Explicit,
    loaded: Option<Arc<Loaded>>,
}

impl ConfigBuilder {
    /// Sets the region, which wins over any loaded region.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.explicit.region = Some(region.into());
        self
    }

    /// Sets the credentials, which win over any loaded credentials.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.explicit.credentials = Some(credentials);
        self
    }

    /// Sets a provider that fetches credentials for every request, behind a
    /// cache that refreshes them shortly before they expire. It wins over
    /// [`ConfigBuilder::credentials`] and any loaded credentials.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        let cache = CredentialsCache::new(SharedCredentialsProvider::new(provider));
        self.explicit.credentials_provider = Some(SharedCredentialsProvider::new(cache));
        self
    }

    /// Sets the retry mode and attempts, which win over the environment and
    /// the profile. [`RetryConfig::disabled`] sends each request once.
    pub fn retry_config(mut self, retry: RetryConfig) -> Self {
        self.explicit.retry = Some(retry);
        self
    }

    /// Sets the connect, attempt and operation timeouts.
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.explicit.timeouts = Some(timeouts);
        self
    }

    /// Sets the maximum size of a response body in bytes, 64 MiB unless
    /// set. A larger response fails with
    /// [`ErrorKind::InvalidResponse`] instead of exhausting memory.
    pub fn max_response_bytes(mut self, max_response_bytes: usize) -> Self {
        self.explicit.max_response_bytes = Some(max_response_bytes);
        self
    }

    /// Sends requests through `client` instead of the default connection
    /// pool, such as a test double from [`testing`](crate::testing).
    pub fn http_client(mut self, client: impl HttpClient + 'static) -> Self {
        self.explicit.http_client = Some(SharedHttpClient::new(client));
        self
    }

    /// Sets the endpoint URL for every service, even when
    /// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is `true`.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.explicit.endpoint_url = Some(url.into());
        self
    }

    /// Sets the bearer token for services that authenticate with one
    /// instead of SigV4; it wins over the environment.
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.explicit.bearer_token = Some(token.into());
        self
    }

    /// Sets whether to use FIPS endpoints. The value wins over the
    /// environment and the profile.
    pub fn use_fips(mut self, use_fips: bool) -> Self {
        self.explicit.use_fips = Some(use_fips);
        self
    }

    /// Sets whether to use dual-stack endpoints. The value wins over the
    /// environment and the profile.
    pub fn use_dual_stack(mut self, use_dual_stack: bool) -> Self {
        self.explicit.use_dual_stack = Some(use_dual_stack);
        self
    }

    /// Builds the configuration. Invalid or missing values are reported by
    /// the accessors of the [`Config`].
    pub fn build(self) -> Config {
        let region = match (&self.explicit.region, &self.loaded) {
            (Some(region), _) => resolve::check_explicit_region(region),
            (None, Some(loaded)) => loaded.region().clone(),
            (None, None) => Err(Problem::message(resolve::not_loaded_message(
                "region is",
                "ConfigBuilder::region",
            ))),
        };
        let credentials = match (&self.explicit.credentials, &self.loaded) {
            (Some(credentials), _) => Ok(credentials.clone()),
            (None, Some(loaded)) => loaded.credentials().clone(),
            (None, None) => Err(Problem::message(resolve::not_loaded_message(
                "credentials are",
                "ConfigBuilder::credentials",
            ))),
        };
        // Without a loaded configuration, both switches are off unless set.
        let use_fips = match (self.explicit.use_fips, &self.loaded) {
            (Some(value), _) => Ok(value),
            (None, Some(loaded)) => loaded.use_fips().clone(),
            (None, None) => Ok(false),
        };
        let use_dual_stack = match (self.explicit.use_dual_stack, &self.loaded) {
            (Some(value), _) => Ok(value),
            (None, Some(loaded)) => loaded.use_dual_stack().clone(),
            (None, None) => Ok(false),
        };

        let credentials_provider = match (
            &self.explicit.credentials_provider,
            &self.explicit.credentials,
            &self.loaded,
        ) {
            (Some(provider), _, _) => Ok(provider.clone()),
            (None, Some(credentials), _) => Ok(SharedCredentialsProvider::new(credentials.clone())),
            (None, None, Some(loaded)) => Ok(loaded.chain().clone()),
            (None, None, None) => Err(Problem::message(resolve::not_loaded_message(
                "credentials are",
                "ConfigBuilder::credentials",
            ))),
        };
        let retry = match (self.explicit.retry, &self.loaded) {
            (Some(retry), _) => Ok(retry),
            (None, Some(loaded)) => loaded.retry().clone(),
            (None, None) => Ok(RetryConfig::default()),
        };

        Config {
            inner: Arc::new(Inner {
                explicit: self.explicit,
                loaded: self.loaded,
                region,
                credentials,
                credentials_provider,
                use_fips,
                use_dual_stack,
                retry,
            }),
        }
    }
}

impl fmt::Debug for ConfigBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("ConfigBuilder");
        debug
            .field("region", &self.explicit.region)
            .field("credentials", &self.explicit.credentials)
            .field("endpoint_url", &self.explicit.endpoint_url)
            .field("use_fips", &self.explicit.use_fips)
            .field("use_dual_stack", &self.explicit.use_dual_stack)
            .field("retry", &self.explicit.retry)
            .field("timeouts", &self.explicit.timeouts)
            .field("max_response_bytes", &self.explicit.max_response_bytes);
        if let Some(loaded) = &self.loaded {
            loaded.debug_fields(&mut debug);
        }
        debug.finish()
    }
}

fn config_error(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Config, message)
}
