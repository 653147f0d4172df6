//! The facts about a service that a generated client passes to the runtime.

/// Static facts about a service, taken from its model.
#[derive(Clone, Copy, Debug)]
pub struct ServiceInfo {
    /// The SDK id, such as `EntityResolution`.
    pub sdk_id: &'static str,
    /// The SigV4 signing name, such as `entityresolution`.
    pub signing_name: &'static str,
    /// The first label of the default endpoint's host name.
    pub endpoint_prefix: &'static str,
    /// The suffix of `AWS_ENDPOINT_URL_<SERVICE>`, such as `ENTITYRESOLUTION`.
    pub env_name: &'static str,
    /// The generated crate's name and version for the `User-Agent` header,
    /// such as `entityresolution/0.1.0`.
    pub crate_version: &'static str,
}
