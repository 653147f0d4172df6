//! Providers of the `aws-credential-types` crate plugged into a
//! configuration, with the `aws-credential-types` feature:
//! `cargo test -p ingot-runtime --features aws-credential-types`.

#![cfg(feature = "aws-credential-types")]

use std::time::{Duration, SystemTime};

use aws_credential_types::provider::error::CredentialsError;
use aws_credential_types::provider::{future, ProvideCredentials as AwsProvideCredentials};
use ingot_runtime::credentials::aws_credential_types::AwsCredentialsProvider;
use ingot_runtime::{Config, ErrorKind, ProvideCredentials};

#[tokio::test]
async fn aws_credentials_pass_through() {
    let expiry = SystemTime::now() + Duration::from_secs(3600);
    let aws = aws_credential_types::Credentials::new(
        "AKIDAWS",
        "secret-aws",
        Some("token-aws".to_owned()),
        Some(expiry),
        "test",
    );
    let config = Config::builder()
        .credentials_provider(AwsCredentialsProvider::new(aws))
        .build();

    let credentials = config
        .credentials_provider()
        .unwrap()
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(credentials.access_key_id(), "AKIDAWS");
    assert_eq!(credentials.secret_access_key(), "secret-aws");
    assert_eq!(credentials.session_token(), Some("token-aws"));
    assert_eq!(credentials.expiry(), Some(expiry));
}

#[derive(Debug)]
struct Failing;

impl AwsProvideCredentials for Failing {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::ready(Err(CredentialsError::provider_error(
            "the vault is sealed",
        )))
    }
}

#[tokio::test]
async fn aws_provider_failure_reported() {
    let config = Config::builder()
        .credentials_provider(AwsCredentialsProvider::new(Failing))
        .build();
    let error = config
        .credentials_provider()
        .unwrap()
        .provide_credentials()
        .await
        .unwrap_err();

    assert_eq!(error.kind(), ErrorKind::Credentials);
    assert!(
        error
            .message()
            .contains("aws-credential-types provider failed"),
        "{error}"
    );
    let source = std::error::Error::source(&error).expect("the provider's error is the source");
    assert!(
        format!("{source:?}").contains("the vault is sealed"),
        "{source:?}"
    );
}
