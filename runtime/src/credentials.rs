//! AWS credentials and where they come from.
//!
//! [`Credentials`] is an access key pair with an optional session token and
//! expiry. A [`ProvideCredentials`] fetches them: static keys, a
//! `credential_process` command ([`process`]), the ECS or EKS container
//! endpoint ([`container`]), the EC2 instance metadata service ([`imds`]) or
//! STS AssumeRole ([`sts`]). [`cache::CredentialsCache`] keeps credentials
//! until shortly before they expire. [`Config`](crate::Config) chains these
//! sources in the order the AWS SDKs use.

pub mod cache;
pub mod container;
mod fetch;
pub mod imds;
pub mod process;
pub mod sts;
mod xml;

#[cfg(feature = "aws-credential-types")]
pub mod aws_credential_types;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::SystemTime;

use crate::error::Error;

/// Keys that sign requests. `Debug` never shows the secret key or the
/// session token.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expiry: Option<SystemTime>,
}

impl Credentials {
    /// Creates credentials from an access key id, its secret and, for
    /// temporary credentials, a session token. They never expire unless
    /// [`Credentials::with_expiry`] sets a time.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token,
            expiry: None,
        }
    }

    /// Sets the time after which the credentials are no longer valid.
    pub fn with_expiry(mut self, expiry: Option<SystemTime>) -> Self {
        self.expiry = expiry;
        self
    }

    /// Returns the access key id, which is not secret.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// Returns the secret access key.
    pub fn secret_access_key(&self) -> &str {
        &self.secret_access_key
    }

    /// Returns the session token of temporary credentials.
    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }

    /// Returns when temporary credentials expire, or `None` for credentials
    /// that do not.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.expiry
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("Credentials");
        debug
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "** redacted **"),
            );
        if let Some(expiry) = self.expiry {
            debug.field(
                "expiry",
                &crate::DateTime::from(expiry).format(crate::TimestampFormat::DateTime),
            );
        }
        debug.finish()
    }
}

/// The future that [`ProvideCredentials::provide_credentials`] returns.
pub type CredentialsFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Credentials, Error>> + Send + 'a>>;

/// A source of credentials, asked before every request is signed.
///
/// Implementations that fetch over the network are wrapped in a
/// [`cache::CredentialsCache`] by [`ConfigBuilder::credentials_provider`](crate::ConfigBuilder::credentials_provider),
/// so they need no cache of their own.
///
/// # Errors
///
/// An implementation returns [`ErrorKind::Config`](crate::ErrorKind::Config)
/// when it is not configured and [`ErrorKind::Credentials`](crate::ErrorKind::Credentials)
/// when fetching failed, with a message that names the source.
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// Returns credentials, fetching them when needed.
    fn provide_credentials(&self) -> CredentialsFuture<'_>;
}

impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(std::future::ready(Ok(self.clone())))
    }
}

/// A cheaply cloneable credentials provider that clients built from one
/// configuration share.
#[derive(Clone, Debug)]
pub struct SharedCredentialsProvider(Arc<dyn ProvideCredentials>);

impl SharedCredentialsProvider {
    /// Wraps `provider` without a cache.
    pub fn new(provider: impl ProvideCredentials + 'static) -> Self {
        Self(Arc::new(provider))
    }
}

impl ProvideCredentials for SharedCredentialsProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        self.0.provide_credentials()
    }
}
