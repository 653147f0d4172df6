//! Compiling expressions: literals, template strings, references and
//! function calls, each with its static type.

use serde_json::{Map, Value as Json};

use super::compile::{describe, expect_array, expect_str, member, Compiler};
use super::path::Path;
use super::tree::{Call, Expr, Part, Step};
use super::value::{Type, Value};
use crate::error::Error;

/// The functions this engine implements, for the error about an unknown one.
const FUNCTIONS: &str = "isSet, not, booleanEquals, stringEquals, getAttr, substring, \
                         isValidHostLabel, uriEncode, parseURL, aws.partition, aws.parseArn, \
                         aws.isVirtualHostableS3Bucket";

impl Compiler {
    /// Compiles an expression and checks that its type is `expected`.
    pub(super) fn typed_expr(
        &self,
        json: &Json,
        path: &Path<'_>,
        expected: &Type,
    ) -> Result<Expr, Error> {
        let (expr, actual) = self.expr(json, path)?;
        if !expected.accepts(&actual) {
            return Err(path.error(format!(
                "expected a {}, found a {}",
                expected.name(),
                actual.name()
            )));
        }
        Ok(expr)
    }

    /// Compiles an argument, URL, error message or header value.
    pub(super) fn expr(&self, json: &Json, path: &Path<'_>) -> Result<(Expr, Type), Error> {
        match json {
            Json::String(text) => Ok((self.template(text, path)?, Type::String)),
            Json::Bool(value) => Ok((Expr::Literal(Value::Bool(*value)), Type::Bool)),
            Json::Number(number) => {
                let integer = number
                    .as_i64()
                    .ok_or_else(|| path.error(format!("expected an integer, found {number}")))?;
                Ok((Expr::Literal(Value::Integer(integer)), Type::Integer))
            }
            Json::Array(items) => self.array(items, path),
            Json::Object(object) if object.contains_key("ref") => {
                let name = expect_str(member(object, "ref", path)?, &path.key("ref"))?;
                let (slot, kind) = self.reference(name, path)?;
                Ok((Expr::Ref(slot), kind.clone()))
            }
            Json::Object(object) if object.contains_key("fn") => self.call(object, path),
            other => Err(path.error(format!(
                "expected a string, boolean, integer, array, {{\"ref\": ...}} or {{\"fn\": ...}}, found {}",
                describe(other)
            ))),
        }
    }

    fn array(&self, items: &[Json], path: &Path<'_>) -> Result<(Expr, Type), Error> {
        let mut exprs = Vec::with_capacity(items.len());
        let mut item_type = Type::Any;
        for (index, item) in items.iter().enumerate() {
            let item_path = path.index(index);
            let (expr, kind) = self.expr(item, &item_path)?;
            if !item_type.accepts(&kind) {
                return Err(item_path.error(format!(
                    "array items must have one type: expected a {}, found a {}",
                    item_type.name(),
                    kind.name()
                )));
            }
            if item_type == Type::Any {
                item_type = kind;
            }
            exprs.push(expr);
        }
        let kind = Type::Array(Box::new(item_type));

        // An array of literals is itself a literal, evaluated without copying.
        if exprs.iter().all(|expr| matches!(expr, Expr::Literal(_))) {
            let values = exprs
                .into_iter()
                .filter_map(|expr| match expr {
                    Expr::Literal(value) => Some(value),
                    _ => None,
                })
                .collect();
            return Ok((Expr::Literal(Value::Array(values)), kind));
        }
        Ok((Expr::Array(exprs.into_boxed_slice()), kind))
    }

    fn reference(&self, name: &str, path: &Path<'_>) -> Result<(usize, &Type), Error> {
        self.lookup(name).ok_or_else(|| {
            path.error(format!(
                "`{name}` is neither a parameter nor a variable assigned earlier in this rule \
                 or an enclosing tree rule"
            ))
        })
    }

    /// Compiles a string that may contain `{name}` and `{name#path}`, with
    /// `{{` and `}}` for literal braces.
    pub(super) fn template(&self, text: &str, path: &Path<'_>) -> Result<Expr, Error> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        while let Some(brace) = rest.find(['{', '}']) {
            literal.push_str(&rest[..brace]);
            let after = &rest[brace + 1..];
            if rest[brace..].starts_with("{{") {
                literal.push('{');
                rest = &after[1..];
            } else if rest[brace..].starts_with("}}") {
                literal.push('}');
                rest = &after[1..];
            } else if rest[brace..].starts_with('}') {
                // A lone closing brace has no special meaning.
                literal.push('}');
                rest = after;
            } else {
                let close = after.find('}').ok_or_else(|| {
                    path.error(format!(
                        "unclosed `{{` in template {text:?}; write `{{{{` for a literal brace"
                    ))
                })?;
                if !literal.is_empty() {
                    parts.push(Part::Text(std::mem::take(&mut literal)));
                }
                parts.push(Part::Expr(self.placeholder(&after[..close], text, path)?));
                rest = &after[close + 1..];
            }
        }
        literal.push_str(rest);

        if parts.is_empty() {
            return Ok(Expr::Literal(Value::string(literal)));
        }
        if !literal.is_empty() {
            parts.push(Part::Text(literal));
        }
        Ok(Expr::Template(parts.into_boxed_slice()))
    }

    /// Compiles the inside of `{...}` in a template: a name, optionally
    /// followed by `#` and a `getAttr` path.
    fn placeholder(&self, inner: &str, text: &str, path: &Path<'_>) -> Result<Expr, Error> {
        let (name, attribute) = match inner.split_once('#') {
            Some((name, attribute)) => (name, Some(attribute)),
            None => (inner, None),
        };
        let (slot, kind) = self.reference(name, path)?;

        let (expr, kind) = match attribute {
            None => (Expr::Ref(slot), kind.clone()),
            Some(attribute) => {
                let steps = parse_steps(attribute).ok_or_else(|| {
                    path.error(format!(
                        "invalid attribute path {attribute:?} in template {text:?}"
                    ))
                })?;
                let kind = step_type(kind, &steps, path)?;
                (
                    Expr::Call(Box::new(Call::GetAttr(Expr::Ref(slot), steps))),
                    kind,
                )
            }
        };
        if !Type::String.accepts(&kind) {
            return Err(path.error(format!(
                "`{{{inner}}}` in template {text:?} is a {}, but templates insert strings",
                kind.name()
            )));
        }
        Ok(expr)
    }

    /// Compiles a function object `{"fn": ..., "argv": [...]}`.
    pub(super) fn call(
        &self,
        object: &Map<String, Json>,
        path: &Path<'_>,
    ) -> Result<(Expr, Type), Error> {
        let name = expect_str(member(object, "fn", path)?, &path.key("fn"))?;
        let argv_path = path.key("argv");
        let argv = expect_array(member(object, "argv", path)?, &argv_path)?;

        let arity = |count: usize| {
            if argv.len() == count {
                Ok(())
            } else {
                Err(argv_path.error(format!(
                    "`{name}` takes {count} argument(s), found {}",
                    argv.len()
                )))
            }
        };
        let arg = |index: usize, expected: Type| {
            self.typed_expr(&argv[index], &argv_path.index(index), &expected)
        };

        let (call, kind) = match name {
            "isSet" => {
                arity(1)?;
                let (value, _) = self.expr(&argv[0], &argv_path.index(0))?;
                (Call::IsSet(value), Type::Bool)
            }
            "not" => {
                arity(1)?;
                (Call::Not(arg(0, Type::Bool)?), Type::Bool)
            }
            "booleanEquals" => {
                arity(2)?;
                (
                    Call::BooleanEquals(arg(0, Type::Bool)?, arg(1, Type::Bool)?),
                    Type::Bool,
                )
            }
            "stringEquals" => {
                arity(2)?;
                (
                    Call::StringEquals(arg(0, Type::String)?, arg(1, Type::String)?),
                    Type::Bool,
                )
            }
            "getAttr" => {
                arity(2)?;
                let (target, target_type) = self.expr(&argv[0], &argv_path.index(0))?;
                let attribute_path = argv_path.index(1);
                let attribute = expect_str(&argv[1], &attribute_path)?;
                let steps = parse_steps(attribute).ok_or_else(|| {
                    attribute_path.error(format!("invalid attribute path {attribute:?}"))
                })?;
                let kind = step_type(&target_type, &steps, &attribute_path)?;
                (Call::GetAttr(target, steps), kind)
            }
            "substring" => {
                arity(4)?;
                let call = Call::Substring {
                    input: arg(0, Type::String)?,
                    start: arg(1, Type::Integer)?,
                    stop: arg(2, Type::Integer)?,
                    reverse: arg(3, Type::Bool)?,
                };
                (call, Type::String)
            }
            "isValidHostLabel" => {
                arity(2)?;
                (
                    Call::IsValidHostLabel(arg(0, Type::String)?, arg(1, Type::Bool)?),
                    Type::Bool,
                )
            }
            "uriEncode" => {
                arity(1)?;
                (Call::UriEncode(arg(0, Type::String)?), Type::String)
            }
            "parseURL" => {
                arity(1)?;
                (Call::ParseUrl(arg(0, Type::String)?), Type::Url)
            }
            "aws.partition" => {
                arity(1)?;
                (Call::Partition(arg(0, Type::String)?), Type::Partition)
            }
            "aws.parseArn" => {
                arity(1)?;
                (Call::ParseArn(arg(0, Type::String)?), Type::Arn)
            }
            "aws.isVirtualHostableS3Bucket" => {
                arity(2)?;
                let call =
                    Call::IsVirtualHostableS3Bucket(arg(0, Type::String)?, arg(1, Type::Bool)?);
                (call, Type::Bool)
            }
            other => {
                return Err(path.key("fn").error(format!(
                    "unknown function `{other}`; this engine implements {FUNCTIONS}"
                )))
            }
        };
        Ok((Expr::Call(Box::new(call)), kind))
    }
}

/// Parses a `getAttr` path: keys separated by `.`, each optionally followed
/// by one `[index]`, such as `resourceId[2]` or `a.b`.
pub(super) fn parse_steps(text: &str) -> Option<Box<[Step]>> {
    let mut steps = Vec::new();
    for part in text.split('.') {
        match part.split_once('[') {
            None => {
                if part.is_empty() {
                    return None;
                }
                steps.push(Step::Key(part.to_owned()));
            }
            Some((key, index)) => {
                if !key.is_empty() {
                    steps.push(Step::Key(key.to_owned()));
                }
                let digits = index.strip_suffix(']')?;
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                steps.push(Step::Index(digits.parse().ok()?));
            }
        }
    }
    Some(steps.into_boxed_slice())
}

/// Returns the type that `steps` reach from a value of type `kind`.
fn step_type(kind: &Type, steps: &[Step], path: &Path<'_>) -> Result<Type, Error> {
    let mut current = kind.clone();
    for step in steps {
        current = match (step, &current) {
            (Step::Key(key), _) => current.attribute(key).ok_or_else(|| {
                path.error(format!("a {} has no attribute `{key}`", current.name()))
            })?,
            (Step::Index(_), Type::Array(item)) => (**item).clone(),
            (Step::Index(_), Type::Any) => Type::Any,
            (Step::Index(index), other) => {
                return Err(path.error(format!("cannot take [{index}] of a {}", other.name())))
            }
        };
    }
    Ok(current)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_paths() {
        let key = |name: &str| Step::Key(name.to_owned());
        assert_eq!(parse_steps("name").as_deref(), Some(&[key("name")][..]));
        assert_eq!(
            parse_steps("resourceId[2]").as_deref(),
            Some(&[key("resourceId"), Step::Index(2)][..])
        );
        assert_eq!(parse_steps("[0]").as_deref(), Some(&[Step::Index(0)][..]));
        assert_eq!(
            parse_steps("a.b").as_deref(),
            Some(&[key("a"), key("b")][..])
        );
        assert_eq!(parse_steps(""), None);
        assert_eq!(parse_steps("a..b"), None);
        assert_eq!(parse_steps("a[x]"), None);
        assert_eq!(parse_steps("a[1"), None);
        assert_eq!(parse_steps("a[]"), None);
    }
}
