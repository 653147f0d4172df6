//! Parameter values passed to [`RuleSet::resolve`](super::RuleSet::resolve),
//! and the parameter declarations of a rule set.

use std::fmt;

/// The value of one endpoint parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamValue {
    /// A value of a `string` parameter.
    String(String),
    /// A value of a `boolean` parameter.
    Bool(bool),
    /// A value of a `stringArray` parameter.
    StringArray(Vec<String>),
}

impl ParamValue {
    /// Returns the rule set's name of the value's type.
    pub(super) fn type_name(&self) -> &'static str {
        ParamType::of(self).name()
    }
}

impl From<String> for ParamValue {
    fn from(value: String) -> Self {
        ParamValue::String(value)
    }
}

impl From<&str> for ParamValue {
    fn from(value: &str) -> Self {
        ParamValue::String(value.to_owned())
    }
}

impl From<bool> for ParamValue {
    fn from(value: bool) -> Self {
        ParamValue::Bool(value)
    }
}

impl From<Vec<String>> for ParamValue {
    fn from(value: Vec<String>) -> Self {
        ParamValue::StringArray(value)
    }
}

impl From<&[&str]> for ParamValue {
    fn from(value: &[&str]) -> Self {
        ParamValue::StringArray(value.iter().map(|item| (*item).to_owned()).collect())
    }
}

impl fmt::Display for ParamValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParamValue::String(value) => write!(f, "{value:?}"),
            ParamValue::Bool(value) => write!(f, "{value}"),
            ParamValue::StringArray(values) => write!(f, "{values:?}"),
        }
    }
}

/// Endpoint parameters by name: the input of one resolution.
///
/// A parameter that is not set takes the rule set's default, if it has one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Params {
    // A short list is faster to build and search than a map: rule sets
    // declare a handful of parameters, at most a few dozen.
    values: Vec<(String, ParamValue)>,
}

impl Params {
    /// Creates an empty set of parameters.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the parameter `name`, replacing an earlier value.
    pub fn set(&mut self, name: &str, value: impl Into<ParamValue>) {
        let value = value.into();
        match self
            .values
            .iter_mut()
            .find(|(existing, _)| existing == name)
        {
            Some((_, slot)) => *slot = value,
            None => self.values.push((name.to_owned(), value)),
        }
    }

    /// Sets the parameter `name` and returns the parameters, for chaining.
    pub fn with(mut self, name: &str, value: impl Into<ParamValue>) -> Self {
        self.set(name, value);
        self
    }

    /// Removes the parameter `name`, so that its default applies.
    pub fn unset(&mut self, name: &str) {
        self.values.retain(|(existing, _)| existing != name);
    }

    /// Returns the value of the parameter `name`, if it is set.
    pub fn get(&self, name: &str) -> Option<&ParamValue> {
        self.values
            .iter()
            .find(|(existing, _)| existing == name)
            .map(|(_, value)| value)
    }

    /// Returns the parameters that are set, in the order they were first set.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &ParamValue)> {
        self.values
            .iter()
            .map(|(name, value)| (name.as_str(), value))
    }
}

/// The declared type of a parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ParamType {
    String,
    Bool,
    StringArray,
}

impl ParamType {
    /// Parses the `type` of a parameter declaration. The corpus of AWS
    /// models writes `String` and `Boolean`, the specification `string`
    /// and `boolean`, so the case of the first letter is ignored.
    pub(super) fn parse(name: &str) -> Option<ParamType> {
        match name {
            "string" | "String" => Some(ParamType::String),
            "boolean" | "Boolean" => Some(ParamType::Bool),
            "stringArray" | "StringArray" => Some(ParamType::StringArray),
            _ => None,
        }
    }

    fn of(value: &ParamValue) -> ParamType {
        match value {
            ParamValue::String(_) => ParamType::String,
            ParamValue::Bool(_) => ParamType::Bool,
            ParamValue::StringArray(_) => ParamType::StringArray,
        }
    }

    pub(super) fn matches(self, value: &ParamValue) -> bool {
        ParamType::of(value) == self
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            ParamType::String => "string",
            ParamType::Bool => "boolean",
            ParamType::StringArray => "stringArray",
        }
    }
}

/// One parameter declaration of a rule set.
#[derive(Clone, Debug)]
pub(super) struct Parameter {
    pub(super) name: String,
    pub(super) kind: ParamType,
    pub(super) required: bool,
    pub(super) default: Option<ParamValue>,
    pub(super) built_in: Option<String>,
}
