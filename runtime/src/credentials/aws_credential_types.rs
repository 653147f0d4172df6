//! Any provider of the `aws-credential-types` crate as a credentials source,
//! so that programs that already build a credentials chain with
//! `aws-config` keep it:
//!
//! ```no_run
//! # async fn example(chain: aws_credential_types::provider::SharedCredentialsProvider) {
//! use ingot_runtime::credentials::aws_credential_types::AwsCredentialsProvider;
//! use ingot_runtime::Config;
//!
//! // `chain` is, for example, `aws_config::load_from_env().await.credentials_provider().unwrap()`.
//! let config = Config::from_env()
//!     .to_builder()
//!     .credentials_provider(AwsCredentialsProvider::new(chain))
//!     .build();
//! # }
//! ```

use aws_credential_types::provider::ProvideCredentials as AwsProvideCredentials;

use super::{Credentials, CredentialsFuture, ProvideCredentials};
use crate::error::{Error, ErrorKind};

/// Wraps a provider of `aws-credential-types`.
#[derive(Debug)]
pub struct AwsCredentialsProvider<P> {
    provider: P,
}

impl<P: AwsProvideCredentials> AwsCredentialsProvider<P> {
    /// Wraps `provider`.
    pub fn new(provider: P) -> Self {
        Self { provider }
    }
}

impl<P: AwsProvideCredentials> ProvideCredentials for AwsCredentialsProvider<P> {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(async move {
            let credentials = self.provider.provide_credentials().await.map_err(|error| {
                Error::new(
                    ErrorKind::Credentials,
                    format!("the aws-credential-types provider failed: {error}"),
                )
                .with_source(error)
            })?;
            Ok(Credentials::new(
                credentials.access_key_id(),
                credentials.secret_access_key(),
                credentials.session_token().map(str::to_owned),
            )
            .with_expiry(credentials.expiry()))
        })
    }
}
