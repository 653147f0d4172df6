//! The values and static types of rule expressions.

use std::borrow::Cow;

use super::partitions::PartitionOutputs;

/// A value that an expression evaluates to.
///
/// Strings are `Cow<'static, str>` so that attributes of the partitions
/// table, which is static data, are used without copying.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Value {
    String(Cow<'static, str>),
    Bool(bool),
    Integer(i64),
    Array(Vec<Value>),
    /// The result of `aws.partition`.
    Partition(&'static PartitionOutputs),
    /// The result of `parseURL` or `aws.parseArn`: named fields.
    Record(Vec<(&'static str, Value)>),
}

impl Value {
    pub(super) fn string(text: impl Into<Cow<'static, str>>) -> Value {
        Value::String(text.into())
    }

    pub(super) fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    pub(super) fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(value) => Some(*value),
            _ => None,
        }
    }

    /// Returns the name of the value's type, for error messages.
    pub(super) fn type_name(&self) -> &'static str {
        match self {
            Value::String(_) => "string",
            Value::Bool(_) => "boolean",
            Value::Integer(_) => "integer",
            Value::Array(_) => "array",
            Value::Partition(_) => "partition",
            Value::Record(_) => "record",
        }
    }

    /// Returns the attribute `key` of a partition or record, or `None`
    /// when the value has no such attribute.
    pub(super) fn attribute<'v>(value: Cow<'v, Value>, key: &str) -> Option<Cow<'v, Value>> {
        match value {
            Cow::Borrowed(Value::Partition(outputs)) => outputs.attribute(key).map(Cow::Owned),
            Cow::Owned(Value::Partition(outputs)) => outputs.attribute(key).map(Cow::Owned),
            Cow::Borrowed(Value::Record(fields)) => fields
                .iter()
                .find(|(name, _)| *name == key)
                .map(|(_, field)| Cow::Borrowed(field)),
            Cow::Owned(Value::Record(fields)) => fields
                .into_iter()
                .find(|(name, _)| *name == key)
                .map(|(_, field)| Cow::Owned(field)),
            _ => None,
        }
    }

    /// Returns the element `index` of an array, or `None` when the index is
    /// out of bounds or the value is not an array.
    pub(super) fn element<'v>(value: Cow<'v, Value>, index: usize) -> Option<Cow<'v, Value>> {
        match value {
            Cow::Borrowed(Value::Array(items)) => items.get(index).map(Cow::Borrowed),
            Cow::Owned(Value::Array(items)) => items.into_iter().nth(index).map(Cow::Owned),
            _ => None,
        }
    }
}

/// The static type of an expression, checked when a rule set is loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Type {
    String,
    Bool,
    Integer,
    Array(Box<Type>),
    Partition,
    Url,
    Arn,
    /// The element type of an empty array literal, which matches any type.
    Any,
}

impl Type {
    /// Returns whether a value of type `actual` may stand where `self` is
    /// expected.
    pub(super) fn accepts(&self, actual: &Type) -> bool {
        match (self, actual) {
            (Type::Any, _) | (_, Type::Any) => true,
            (Type::Array(expected), Type::Array(actual)) => expected.accepts(actual),
            (expected, actual) => expected == actual,
        }
    }

    /// Returns the type of the attribute `key`, or `None` when the type
    /// has no such attribute.
    pub(super) fn attribute(&self, key: &str) -> Option<Type> {
        let fields: &[(&str, Type)] = match self {
            Type::Partition => &PARTITION_FIELDS,
            Type::Url => &URL_FIELDS,
            Type::Arn if key == "resourceId" => return Some(Type::Array(Box::new(Type::String))),
            Type::Arn => &ARN_FIELDS,
            Type::Any => return Some(Type::Any),
            _ => return None,
        };
        fields
            .iter()
            .find(|(name, _)| *name == key)
            .map(|(_, field)| field.clone())
    }

    pub(super) fn name(&self) -> String {
        match self {
            Type::String => "string".to_owned(),
            Type::Bool => "boolean".to_owned(),
            Type::Integer => "integer".to_owned(),
            Type::Array(item) => format!("array of {}", item.name()),
            Type::Partition => "partition".to_owned(),
            Type::Url => "URL".to_owned(),
            Type::Arn => "ARN".to_owned(),
            Type::Any => "any type".to_owned(),
        }
    }
}

const PARTITION_FIELDS: [(&str, Type); 6] = [
    ("name", Type::String),
    ("dnsSuffix", Type::String),
    ("dualStackDnsSuffix", Type::String),
    ("supportsFIPS", Type::Bool),
    ("supportsDualStack", Type::Bool),
    ("implicitGlobalRegion", Type::String),
];

const URL_FIELDS: [(&str, Type); 5] = [
    ("scheme", Type::String),
    ("authority", Type::String),
    ("path", Type::String),
    ("normalizedPath", Type::String),
    ("isIp", Type::Bool),
];

// `resourceId`, an array of strings, is handled in `Type::attribute`
// because a constant cannot hold the `Box` of `Type::Array`.
const ARN_FIELDS: [(&str, Type); 4] = [
    ("partition", Type::String),
    ("service", Type::String),
    ("region", Type::String),
    ("accountId", Type::String),
];
