//! The facts about a service that a generated client passes to the runtime.

/// Static facts about a service, taken from its model.
#[derive(Clone, Copy, Debug)]
pub struct ServiceInfo {
    /// The SDK id, such as `EntityResolution`.
    pub sdk_id: &'static str,
    /// The SigV4 signing name, such as `entityresolution`.
    pub signing_name: &'static str,
    /// The suffix of `AWS_ENDPOINT_URL_<SERVICE>`, such as `ENTITYRESOLUTION`.
    pub env_name: &'static str,
    /// The generated crate's name and version for the `User-Agent` header,
    /// such as `entityresolution/0.1.0`.
    pub crate_version: &'static str,
    /// How requests prove who sends them.
    pub auth: Auth,
    /// The model's `smithy.rules#endpointRuleSet` as JSON text, or `None`
    /// when the model has none and every client must set an endpoint URL.
    pub endpoint_rules: Option<&'static str>,
}

/// How a service authenticates requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    /// AWS Signature Version 4 with the configured credentials.
    SigV4,
    /// `Authorization: Bearer` with [`Config::bearer_token`](crate::Config::bearer_token).
    Bearer,
}
