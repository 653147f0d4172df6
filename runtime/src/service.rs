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
    /// The authentication scheme of requests.
    pub auth: Auth,
    /// The model's `smithy.rules#endpointRuleSet` as JSON text, or `None`
    /// when the model has none and every client must set an endpoint URL.
    pub endpoint_rules: Option<&'static str>,
}

/// An authentication scheme of a service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    /// AWS Signature Version 4 with the configured credentials.
    SigV4,
    /// `Authorization: Bearer` with [`Config::bearer_token`](crate::Config::bearer_token).
    Bearer,
}

/// Static facts about an operation that the runtime needs to send it: its
/// name, and the error codes its model marks `@retryable`, so that the
/// retry loop can retry them before the generated code reads the response.
///
/// Generated code builds one in a `static` with the `const` methods:
///
/// ```
/// use ingot_runtime::OperationInfo;
///
/// static OPERATION: OperationInfo = OperationInfo::new("StartIdMappingJob")
///     .with_retryable_errors(&["InternalServerException", "ThrottlingException"])
///     .with_throttling_errors(&["ThrottlingException"]);
///
/// assert_eq!(OPERATION.name(), "StartIdMappingJob");
/// assert!(OPERATION.is_throttling_error("ThrottlingException"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OperationInfo {
    name: &'static str,
    retryable_errors: &'static [&'static str],
    throttling_errors: &'static [&'static str],
}

impl OperationInfo {
    /// Creates the facts for the operation `name`, such as
    /// `StartIdMappingJob`, with no modeled retryable errors.
    pub const fn new(name: &'static str) -> Self {
        Self {
            name,
            retryable_errors: &[],
            throttling_errors: &[],
        }
    }

    /// Sets the codes of the modeled errors with the `@retryable` trait,
    /// including the throttling ones.
    pub const fn with_retryable_errors(self, codes: &'static [&'static str]) -> Self {
        Self {
            retryable_errors: codes,
            ..self
        }
    }

    /// Sets the codes of the modeled errors with `@retryable(throttling:
    /// true)`.
    pub const fn with_throttling_errors(self, codes: &'static [&'static str]) -> Self {
        Self {
            throttling_errors: codes,
            ..self
        }
    }

    /// Returns the operation's name in the model, such as
    /// `StartIdMappingJob`.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Returns whether the model marks the error with the bare code `code`
    /// as `@retryable`.
    pub fn is_retryable_error(&self, code: &str) -> bool {
        self.retryable_errors.contains(&code) || self.is_throttling_error(code)
    }

    /// Returns whether the model marks the error with the bare code `code`
    /// as `@retryable(throttling: true)`.
    pub fn is_throttling_error(&self, code: &str) -> bool {
        self.throttling_errors.contains(&code)
    }
}

impl From<&'static str> for OperationInfo {
    /// Returns the facts of an operation named `name` without modeled
    /// retryable errors.
    fn from(name: &'static str) -> Self {
        OperationInfo::new(name)
    }
}

impl From<&OperationInfo> for OperationInfo {
    fn from(operation: &OperationInfo) -> Self {
        *operation
    }
}
