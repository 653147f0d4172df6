//! Resolution: walks the compiled rules with the parameter values and
//! builds the endpoint of the first rule whose conditions all match.

use std::borrow::Cow;

use serde_json::{Map, Value as Json};

use super::functions::call;
use super::params::{ParamValue, Params};
use super::partitions::Partition;
use super::result::Endpoint;
use super::tree::{Body, Compiled, EndpointTemplate, Expr, Part, Property, Rule};
use super::value::Value;
use crate::error::{Error, ErrorKind};

/// The values of the parameters and assigned variables, by slot, and the
/// partitions table that `aws.partition` reads.
pub(super) struct Slots<'c> {
    values: Vec<Option<Value>>,
    names: &'c [String],
    pub(super) partitions: &'static [Partition],
}

impl Slots<'_> {
    /// Returns the name of the variable in `slot`, for error messages.
    pub(super) fn name(&self, slot: usize) -> &str {
        self.names.get(slot).map_or("?", String::as_str)
    }
}

/// The rule that the evaluation selected, or none.
enum Outcome<'c> {
    Endpoint(&'c EndpointTemplate),
    Error(&'c Expr),
    NoMatch,
}

/// Resolves `params` against the rule set.
pub(super) fn resolve(
    compiled: &Compiled,
    partitions: &'static [Partition],
    params: &Params,
) -> Result<Endpoint, Error> {
    let mut slots = initial_slots(compiled, partitions, params)?;

    match evaluate(&compiled.rules, &mut slots)? {
        Outcome::Endpoint(template) => build_endpoint(template, &slots),
        Outcome::Error(message) => {
            let message = string(message, &slots, "the error message")?;
            Err(Error::new(ErrorKind::Config, message))
        }
        Outcome::NoMatch => Err(Error::new(
            ErrorKind::Config,
            format!(
                "the endpoint rules matched no rule for the parameters {}; set an endpoint URL \
                 explicitly",
                describe_params(params)
            ),
        )),
    }
}

/// Fills the parameter slots from `params` and the declared defaults.
fn initial_slots<'c>(
    compiled: &'c Compiled,
    partitions: &'static [Partition],
    params: &Params,
) -> Result<Slots<'c>, Error> {
    for (name, _) in params.iter() {
        if !compiled
            .params
            .iter()
            .any(|parameter| parameter.name == name)
        {
            let declared: Vec<&str> = compiled.params.iter().map(|p| p.name.as_str()).collect();
            return Err(Error::new(
                ErrorKind::Config,
                format!(
                    "unknown endpoint parameter `{name}`: the rule set declares {}",
                    declared.join(", ")
                ),
            ));
        }
    }

    let mut values = Vec::with_capacity(compiled.slot_names.len());
    for parameter in compiled.params.iter() {
        let value = params.get(&parameter.name).or(parameter.default.as_ref());
        let value = match value {
            Some(value) if !parameter.kind.matches(value) => {
                return Err(Error::new(
                    ErrorKind::Config,
                    format!(
                        "endpoint parameter `{}` is a {}, but the value {value} is a {}",
                        parameter.name,
                        parameter.kind.name(),
                        value.type_name()
                    ),
                ))
            }
            Some(value) => Some(to_value(value)),
            None if parameter.required => {
                return Err(Error::new(
                    ErrorKind::Config,
                    format!(
                        "missing required endpoint parameter `{}`{}",
                        parameter.name,
                        parameter
                            .built_in
                            .as_deref()
                            .map(|built_in| format!(" (built-in {built_in})"))
                            .unwrap_or_default()
                    ),
                ))
            }
            None => None,
        };
        values.push(value);
    }
    values.resize(compiled.slot_names.len(), None);

    Ok(Slots {
        values,
        names: &compiled.slot_names,
        partitions,
    })
}

fn to_value(value: &ParamValue) -> Value {
    match value {
        ParamValue::String(text) => Value::string(text.clone()),
        ParamValue::Bool(value) => Value::Bool(*value),
        ParamValue::StringArray(items) => Value::Array(
            items
                .iter()
                .map(|item| Value::string(item.clone()))
                .collect(),
        ),
    }
}

/// Evaluates `rules` in order and returns the first that matches. A tree
/// rule whose conditions match is final: when none of its rules match,
/// the result is `NoMatch` without trying the rules after the tree.
fn evaluate<'c>(rules: &'c [Rule], slots: &mut Slots<'_>) -> Result<Outcome<'c>, Error> {
    'rules: for rule in rules {
        for condition in rule.conditions.iter() {
            let value = eval(&condition.expr, slots)?;
            // A condition fails when its value is unset or `false`.
            let matched = match value.as_deref() {
                None | Some(Value::Bool(false)) => false,
                Some(_) => true,
            };
            if !matched {
                continue 'rules;
            }
            if let Some(slot) = condition.assign {
                let value = value.map(Cow::into_owned);
                if let Some(entry) = slots.values.get_mut(slot) {
                    *entry = value;
                }
            }
        }

        return match &rule.body {
            Body::Endpoint(template) => Ok(Outcome::Endpoint(template)),
            Body::Error(message) => Ok(Outcome::Error(message)),
            Body::Tree(rules) => evaluate(rules, slots),
        };
    }
    Ok(Outcome::NoMatch)
}

/// Evaluates an expression; `None` is an unset value.
pub(super) fn eval<'s>(
    expr: &'s Expr,
    slots: &'s Slots<'_>,
) -> Result<Option<Cow<'s, Value>>, Error> {
    match expr {
        Expr::Literal(value) => Ok(Some(Cow::Borrowed(value))),
        Expr::Ref(slot) => Ok(slots
            .values
            .get(*slot)
            .and_then(Option::as_ref)
            .map(Cow::Borrowed)),
        Expr::Template(parts) => {
            let mut text = String::new();
            render(parts, slots, &mut text)?;
            Ok(Some(Cow::Owned(Value::string(text))))
        }
        Expr::Array(items) => {
            let mut values = Vec::with_capacity(items.len());
            for item in items.iter() {
                match eval(item, slots)? {
                    Some(value) => values.push(value.into_owned()),
                    None => return Ok(None),
                }
            }
            Ok(Some(Cow::Owned(Value::Array(values))))
        }
        Expr::Call(function) => call(function, slots),
    }
}

/// Appends the text of a template to `out`.
fn render(parts: &[Part], slots: &Slots<'_>, out: &mut String) -> Result<(), Error> {
    for part in parts {
        match part {
            Part::Text(text) => out.push_str(text),
            Part::Expr(expr) => match eval(expr, slots)?.as_deref() {
                Some(Value::String(text)) => out.push_str(text),
                Some(other) => {
                    return Err(rule_error(format!(
                        "a template inserts a {} instead of a string",
                        other.type_name()
                    )))
                }
                None => {
                    return Err(rule_error(format!(
                        "a template inserts {}, which is not set",
                        describe_expr(expr, slots)
                    )))
                }
            },
        }
    }
    Ok(())
}

/// Evaluates an expression that must be a string, such as a URL.
fn string(expr: &Expr, slots: &Slots<'_>, what: &str) -> Result<String, Error> {
    match eval(expr, slots)? {
        Some(Cow::Owned(Value::String(text))) => Ok(text.into_owned()),
        Some(Cow::Borrowed(Value::String(text))) => Ok(text.to_string()),
        Some(other) => Err(rule_error(format!(
            "{what} is a {} instead of a string",
            other.type_name()
        ))),
        None => Err(rule_error(format!("{what} is not set"))),
    }
}

fn build_endpoint(template: &EndpointTemplate, slots: &Slots<'_>) -> Result<Endpoint, Error> {
    let url = string(&template.url, slots, "the endpoint URL")?;

    let mut headers = Vec::with_capacity(template.headers.len());
    for (name, values) in template.headers.iter() {
        let values = values
            .iter()
            .map(|value| string(value, slots, "a header value"))
            .collect::<Result<Vec<String>, Error>>()?;
        headers.push((name.clone(), values));
    }

    let mut properties = Map::new();
    for (name, property) in template.properties.iter() {
        properties.insert(name.clone(), property_json(property, slots)?);
    }

    Ok(Endpoint {
        url,
        headers,
        properties,
    })
}

fn property_json(property: &Property, slots: &Slots<'_>) -> Result<Json, Error> {
    Ok(match property {
        Property::String(expr) => Json::String(string(expr, slots, "an endpoint property")?),
        Property::Bool(value) => Json::Bool(*value),
        Property::Number(number) => Json::Number(number.clone()),
        Property::Null => Json::Null,
        Property::Array(items) => Json::Array(
            items
                .iter()
                .map(|item| property_json(item, slots))
                .collect::<Result<_, _>>()?,
        ),
        Property::Object(members) => {
            let mut object = Map::new();
            for (key, value) in members.iter() {
                object.insert(key.clone(), property_json(value, slots)?);
            }
            Json::Object(object)
        }
    })
}

/// Names a template's inserted value, such as `Region` or `url#path`.
fn describe_expr(expr: &Expr, slots: &Slots<'_>) -> String {
    match expr {
        Expr::Ref(slot) => format!("`{}`", slots.name(*slot)),
        Expr::Call(function) => match &**function {
            super::tree::Call::GetAttr(Expr::Ref(slot), _) => {
                format!("an attribute of `{}`", slots.name(*slot))
            }
            _ => "a value".to_owned(),
        },
        _ => "a value".to_owned(),
    }
}

fn describe_params(params: &Params) -> String {
    let described: Vec<String> = params
        .iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect();
    if described.is_empty() {
        "(none set)".to_owned()
    } else {
        described.join(", ")
    }
}

/// Returns the error for a rule set that passed loading but misbehaves
/// while resolving, which the type checks make rare.
pub(super) fn rule_error(message: String) -> Error {
    Error::new(
        ErrorKind::Config,
        format!("invalid endpoint rule set: {message}"),
    )
}
