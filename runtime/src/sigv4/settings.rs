//! Inputs of a signature: the credentials, region, service and time in
//! [`SigningParams`], and in [`SigningSettings`] the choices where AWS
//! services differ, such as the encoding of the path, which S3 treats
//! differently from every other service.

use std::time::SystemTime;

use crate::credentials::Credentials;

/// Everything that one signature depends on besides the request.
#[derive(Clone, Debug)]
pub struct SigningParams<'a> {
    /// Keys that sign the request. A session token, when set, is sent in
    /// `X-Amz-Security-Token`.
    pub credentials: &'a Credentials,
    /// Region of the credential scope, for example `us-east-1`.
    pub region: &'a str,
    /// Signing name of the service, for example `entityresolution`. It can
    /// differ from the endpoint prefix.
    pub service: &'a str,
    /// Time of the signature, normally the current time, because AWS
    /// rejects a signature whose time differs too much from its own clock.
    pub time: SystemTime,
    /// Choices where services differ.
    pub settings: SigningSettings,
}

/// Choices where AWS services differ. The default is what every service
/// except S3 expects.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SigningSettings {
    /// Removes `.` and `..` segments and empty segments (`//`) from the path
    /// before it is signed. The request itself is sent unchanged. Default:
    /// `true`.
    pub normalize_uri_path: bool,
    /// Percent-encodes the already encoded path once more for the canonical
    /// request, so `%3A` is signed as `%253A`. When `false`, as S3 expects,
    /// the path is signed with a single encoding. Default: `true`.
    pub double_uri_encode: bool,
    /// Placement of the session token, when the credentials have one,
    /// inside or outside the signature. Default: [`SessionTokenMode::Signed`].
    pub session_token_mode: SessionTokenMode,
    /// Adds the `x-amz-content-sha256` header with the SHA-256 hash of the
    /// body and signs it. S3 requires it. Default: `false`.
    pub payload_hash_header: bool,
}

impl Default for SigningSettings {
    fn default() -> Self {
        Self {
            normalize_uri_path: true,
            double_uri_encode: true,
            session_token_mode: SessionTokenMode::default(),
            payload_hash_header: false,
        }
    }
}

/// Placement of the session token relative to the signature.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum SessionTokenMode {
    /// `X-Amz-Security-Token` is added before signing and is one of the
    /// signed headers. Every AWS service accepts this.
    #[default]
    Signed,
    /// `X-Amz-Security-Token` is added after signing and is not signed.
    /// Use it only for an endpoint that requires an unsigned token.
    AddedAfterSigning,
}
