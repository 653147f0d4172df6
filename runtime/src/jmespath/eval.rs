//! Evaluates an expression tree against a JSON value, with JMESPath's
//! rules: a field of anything but an object is null, projections drop
//! null results, and false, null and empty strings, arrays and objects are
//! false in conditions.

use serde_json::Value;

use super::{Comparator, EvalError, Expression};

/// Returns the value of `expression` applied to `current`.
pub(super) fn evaluate(expression: &Expression, current: &Value) -> Result<Value, EvalError> {
    match expression {
        Expression::Current => Ok(current.clone()),
        Expression::Field(name) => Ok(current.get(name).cloned().unwrap_or(Value::Null)),
        Expression::Literal(value) => Ok(value.clone()),
        Expression::Subexpression(left, right) => {
            let left = evaluate(left, current)?;
            evaluate(right, &left)
        }
        Expression::FlattenProjection(list, each) => {
            let Value::Array(items) = evaluate(list, current)? else {
                return Ok(Value::Null);
            };
            let mut flat = Vec::with_capacity(items.len());
            for item in items {
                match item {
                    Value::Array(inner) => flat.extend(inner),
                    other => flat.push(other),
                }
            }
            project(flat.iter(), each)
        }
        Expression::ValueProjection(object, each) => match evaluate(object, current)? {
            Value::Object(members) => project(members.values(), each),
            _ => Ok(Value::Null),
        },
        Expression::FilterProjection {
            list,
            condition,
            each,
        } => {
            let Value::Array(items) = evaluate(list, current)? else {
                return Ok(Value::Null);
            };
            let mut kept = Vec::new();
            for item in &items {
                if is_truthy(&evaluate(condition, item)?) {
                    kept.push(item);
                }
            }
            project(kept.into_iter(), each)
        }
        Expression::MultiselectList(items) => {
            if current.is_null() {
                return Ok(Value::Null);
            }
            let values = items
                .iter()
                .map(|item| evaluate(item, current))
                .collect::<Result<_, _>>()?;
            Ok(Value::Array(values))
        }
        Expression::Compare(comparator, left, right) => {
            let left = evaluate(left, current)?;
            let right = evaluate(right, current)?;
            Ok(compare(*comparator, &left, &right))
        }
        Expression::And(left, right) => {
            let left = evaluate(left, current)?;
            if is_truthy(&left) {
                evaluate(right, current)
            } else {
                Ok(left)
            }
        }
        Expression::Not(inner) => Ok(Value::Bool(!is_truthy(&evaluate(inner, current)?))),
        Expression::Function(name, arguments) => {
            let values = arguments
                .iter()
                .map(|a| evaluate(a, current))
                .collect::<Result<Vec<_>, _>>()?;
            call(name, &values)
        }
    }
}

/// Applies `each` to every item, keeping the results that are not null.
fn project<'v>(
    items: impl Iterator<Item = &'v Value>,
    each: &Expression,
) -> Result<Value, EvalError> {
    let mut results = Vec::new();
    for item in items {
        let result = evaluate(each, item)?;
        if !result.is_null() {
            results.push(result);
        }
    }
    Ok(Value::Array(results))
}

/// Returns whether `value` counts as true in a condition.
pub(super) fn is_truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::String(s) => !s.is_empty(),
        Value::Array(items) => !items.is_empty(),
        Value::Object(members) => !members.is_empty(),
        Value::Number(_) => true,
    }
}

/// Compares two values: equality for any types, order only for numbers;
/// ordering anything else gives null.
fn compare(comparator: Comparator, left: &Value, right: &Value) -> Value {
    match comparator {
        Comparator::Equal => Value::Bool(equal(left, right)),
        Comparator::NotEqual => Value::Bool(!equal(left, right)),
        _ => {
            let (Some(left), Some(right)) = (left.as_f64(), right.as_f64()) else {
                return Value::Null;
            };
            Value::Bool(match comparator {
                Comparator::Less => left < right,
                Comparator::LessEqual => left <= right,
                Comparator::Greater => left > right,
                _ => left >= right,
            })
        }
    }
}

/// Deep equality where numbers compare by value, so `1` equals `1.0`.
fn equal(left: &Value, right: &Value) -> bool {
    match (left, right) {
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| equal(x, y))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(key, x)| b.get(key).is_some_and(|y| equal(x, y)))
        }
        _ => left == right,
    }
}

/// Calls one of the supported functions; the parser checked the name and
/// the number of arguments.
fn call(name: &str, arguments: &[Value]) -> Result<Value, EvalError> {
    match (name, arguments) {
        ("length", [value]) => {
            let length = match value {
                Value::String(s) => s.chars().count(),
                Value::Array(items) => items.len(),
                Value::Object(members) => members.len(),
                other => {
                    return Err(EvalError::new(format!(
                        "length() takes a string, array or object, not {}",
                        type_name(other)
                    )))
                }
            };
            Ok(Value::from(length))
        }
        ("contains", [Value::Array(items), search]) => {
            Ok(Value::Bool(items.iter().any(|item| equal(item, search))))
        }
        ("contains", [Value::String(text), Value::String(search)]) => {
            Ok(Value::Bool(text.contains(search.as_str())))
        }
        ("contains", [Value::String(_), _]) => Ok(Value::Bool(false)),
        ("contains", [other, _]) => Err(EvalError::new(format!(
            "contains() takes an array or a string as its first argument, not {}",
            type_name(other)
        ))),
        _ => Err(EvalError::new(format!(
            "unknown function {name}() with {} arguments",
            arguments.len()
        ))),
    }
}

/// Returns the JMESPath name of the type of `value`, for messages.
fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
