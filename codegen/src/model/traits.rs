//! Traits of a shape or member, stored as JSON values and read through typed
//! accessors. `Traits::check` validates the value of every trait the
//! generator reads, so later stages can rely on the accessors.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use super::ShapeId;
use crate::diagnostics::{Diagnostic, Location};

/// Trait values by trait shape id, each with where it was written.
#[derive(Clone, Debug, Default)]
pub struct Traits {
    values: BTreeMap<String, (Value, Location)>,
}

/// The `smithy.api#http` trait.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Http {
    pub method: String,
    pub uri: String,
    #[serde(default = "default_http_code")]
    pub code: u16,
}

fn default_http_code() -> u16 {
    200
}

/// The `smithy.api#retryable` trait.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
pub struct Retryable {
    #[serde(default)]
    pub throttling: bool,
}

/// The party at fault for a `smithy.api#error`.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ErrorFault {
    Client,
    Server,
}

/// The `aws.api#service` trait.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct AwsService {
    pub sdk_id: String,
    pub arn_namespace: Option<String>,
    pub endpoint_prefix: Option<String>,
}

/// The `aws.auth#sigv4` trait.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Sigv4 {
    pub name: String,
}

/// One entry of the Smithy 1.0 `smithy.api#enum` trait on a string shape.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct EnumDefinition {
    pub value: String,
    pub name: Option<String>,
    pub documentation: Option<String>,
}

/// The `smithy.api#endpoint` trait: a prefix for the request's host.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Endpoint {
    pub host_prefix: String,
}

/// A `smithy.api#timestampFormat` value.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
pub enum TimestampFormat {
    #[serde(rename = "date-time")]
    DateTime,
    #[serde(rename = "epoch-seconds")]
    EpochSeconds,
    #[serde(rename = "http-date")]
    HttpDate,
}

/// The `smithy.api#length` trait.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
pub struct Length {
    pub min: Option<u64>,
    pub max: Option<u64>,
}

/// Checks that a trait value has the type the trait defines.
type ValueCheck = fn(&Value) -> Result<(), String>;

/// Known traits: their ids and a check that their value has the right type.
const CHECKS: &[(&str, ValueCheck)] = &[
    ("smithy.api#documentation", |v| check::<String>(v)),
    ("smithy.api#http", |v| check::<Http>(v)),
    ("smithy.api#httpError", |v| check::<u16>(v)),
    ("smithy.api#error", |v| check::<ErrorFault>(v)),
    ("smithy.api#retryable", |v| check::<Retryable>(v)),
    ("smithy.api#jsonName", |v| check::<String>(v)),
    ("smithy.api#httpHeader", |v| check::<String>(v)),
    ("smithy.api#httpQuery", |v| check::<String>(v)),
    ("smithy.api#httpPrefixHeaders", |v| check::<String>(v)),
    ("smithy.api#timestampFormat", |v| check::<TimestampFormat>(v)),
    ("smithy.api#enum", |v| check::<Vec<EnumDefinition>>(v)),
    ("smithy.api#endpoint", |v| check::<Endpoint>(v)),
    ("smithy.api#mediaType", |v| check::<String>(v)),
    ("smithy.api#length", |v| check::<Length>(v)),
    ("smithy.api#pattern", |v| check::<String>(v)),
    ("smithy.api#title", |v| check::<String>(v)),
    ("aws.api#service", |v| check::<AwsService>(v)),
    ("aws.auth#sigv4", |v| check::<Sigv4>(v)),
];

/// Traits whose value must be an empty object: they only mark a shape.
const ANNOTATIONS: &[&str] = &[
    "smithy.api#required",
    "smithy.api#httpLabel",
    "smithy.api#httpPayload",
    "smithy.api#httpResponseCode",
    "smithy.api#httpQueryParams",
    "smithy.api#sensitive",
    "smithy.api#input",
    "smithy.api#output",
    "smithy.api#clientOptional",
    "smithy.api#sparse",
    "smithy.api#idempotencyToken",
    "smithy.api#hostLabel",
    "smithy.api#streaming",
    "smithy.api#addedDefault",
    "smithy.api#eventPayload",
];

fn check<T: DeserializeOwned>(value: &Value) -> Result<(), String> {
    T::deserialize(value).map(|_| ()).map_err(|e| e.to_string())
}

impl Traits {
    /// Adds or replaces trait `id` with `value`, written at `location`.
    pub fn insert(&mut self, id: &ShapeId, value: Value, location: Location) {
        self.values.insert(id.to_string(), (value, location));
    }

    /// Returns whether trait `id` (such as `smithy.api#required`) is applied.
    pub fn has(&self, id: &str) -> bool {
        self.values.contains_key(id)
    }

    /// Returns the raw value of trait `id`.
    pub fn get(&self, id: &str) -> Option<&Value> {
        self.values.get(id).map(|(value, _)| value)
    }

    /// Returns the trait ids with where each was written.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Location)> {
        self.values.iter().map(|(id, (_, at))| (id.as_str(), at))
    }

    /// Checks the value of every known trait, reporting each wrong one.
    pub fn check(&self, shape: &ShapeId) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        for (id, (value, location)) in &self.values {
            let result = if let Some((_, check)) = CHECKS.iter().find(|(known, _)| known == id) {
                check(value)
            } else if ANNOTATIONS.contains(&id.as_str()) {
                match value {
                    Value::Object(map) if map.is_empty() => Ok(()),
                    Value::Bool(true) => Ok(()),
                    _ => Err("expected an empty object `{}`".to_string()),
                }
            } else {
                Ok(())
            };
            if let Err(reason) = result {
                problems.push(
                    Diagnostic::new(
                        location.clone(),
                        format!("invalid value for trait `{id}`: {reason}"),
                    )
                    .shape(shape),
                );
            }
        }
        problems
    }

    fn decode<T: DeserializeOwned>(&self, id: &str) -> Option<T> {
        // Values were checked by `check` before any stage reads them.
        self.get(id).and_then(|v| T::deserialize(v).ok())
    }

    fn string(&self, id: &str) -> Option<&str> {
        self.get(id).and_then(Value::as_str)
    }

    /// Returns the documentation, as the model's HTML or CommonMark.
    pub fn documentation(&self) -> Option<&str> {
        self.string("smithy.api#documentation")
    }

    pub fn required(&self) -> bool {
        self.has("smithy.api#required")
    }

    pub fn client_optional(&self) -> bool {
        self.has("smithy.api#clientOptional")
    }

    pub fn sensitive(&self) -> bool {
        self.has("smithy.api#sensitive")
    }

    pub fn http(&self) -> Option<Http> {
        self.decode("smithy.api#http")
    }

    pub fn http_label(&self) -> bool {
        self.has("smithy.api#httpLabel")
    }

    pub fn http_header(&self) -> Option<&str> {
        self.string("smithy.api#httpHeader")
    }

    pub fn http_query(&self) -> Option<&str> {
        self.string("smithy.api#httpQuery")
    }

    pub fn http_payload(&self) -> bool {
        self.has("smithy.api#httpPayload")
    }

    pub fn http_error(&self) -> Option<u16> {
        self.decode("smithy.api#httpError")
    }

    pub fn error(&self) -> Option<ErrorFault> {
        self.decode("smithy.api#error")
    }

    pub fn retryable(&self) -> Option<Retryable> {
        self.decode("smithy.api#retryable")
    }

    pub fn json_name(&self) -> Option<&str> {
        self.string("smithy.api#jsonName")
    }

    pub fn enum_value(&self) -> Option<&Value> {
        self.get("smithy.api#enumValue")
    }

    pub fn default_value(&self) -> Option<&Value> {
        self.get("smithy.api#default")
    }

    pub fn http_query_params(&self) -> bool {
        self.has("smithy.api#httpQueryParams")
    }

    pub fn http_prefix_headers(&self) -> Option<&str> {
        self.string("smithy.api#httpPrefixHeaders")
    }

    pub fn http_response_code(&self) -> bool {
        self.has("smithy.api#httpResponseCode")
    }

    pub fn host_label(&self) -> bool {
        self.has("smithy.api#hostLabel")
    }

    pub fn endpoint(&self) -> Option<Endpoint> {
        self.decode("smithy.api#endpoint")
    }

    pub fn timestamp_format(&self) -> Option<TimestampFormat> {
        self.decode("smithy.api#timestampFormat")
    }

    /// Returns the values of a Smithy 1.0 enum string, if it is one.
    pub fn enum_definitions(&self) -> Option<Vec<EnumDefinition>> {
        self.decode("smithy.api#enum")
    }

    pub fn media_type(&self) -> Option<&str> {
        self.string("smithy.api#mediaType")
    }

    pub fn streaming(&self) -> bool {
        self.has("smithy.api#streaming")
    }

    pub fn sparse(&self) -> bool {
        self.has("smithy.api#sparse")
    }

    pub fn idempotency_token(&self) -> bool {
        self.has("smithy.api#idempotencyToken")
    }

    pub fn added_default(&self) -> bool {
        self.has("smithy.api#addedDefault")
    }

    pub fn title(&self) -> Option<&str> {
        self.string("smithy.api#title")
    }

    pub fn aws_service(&self) -> Option<AwsService> {
        self.decode("aws.api#service")
    }

    pub fn sigv4(&self) -> Option<Sigv4> {
        self.decode("aws.auth#sigv4")
    }
}
