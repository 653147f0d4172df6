//! Loading a rule set from its JSON text into the compiled tree: the
//! parameters, the rules and their endpoints. Expressions are compiled in
//! `compile_expr`.
//!
//! Loading makes the static checks of the Smithy rules engine. Every
//! reference must name a parameter or a variable assigned earlier on the
//! same path. Every function must exist and get arguments of the right
//! number and type, and every `getAttr` path must exist on its value. A
//! broken rule set fails here, naming the location, instead of at its first
//! request.

use serde_json::{Map, Value as Json};

use super::params::{ParamType, ParamValue, Parameter};
use super::path::Path;
use super::tree::{Body, Compiled, Condition, EndpointTemplate, Expr, Property, Rule, Slot};
use super::value::Type;
use crate::error::{Error, ErrorKind};

/// Compiles the JSON text of an `endpointRuleSet` trait.
pub(super) fn compile(text: &str) -> Result<Compiled, Error> {
    let json: Json = serde_json::from_str(text).map_err(|error| {
        Error::new(
            ErrorKind::Config,
            format!("invalid endpoint rule set: the text is not valid JSON: {error}"),
        )
    })?;
    compile_json(&json)
}

/// Compiles an `endpointRuleSet` trait that is already parsed.
pub(super) fn compile_json(json: &Json) -> Result<Compiled, Error> {
    let root = Path::ROOT;
    let object = expect_object(json, &root)?;

    let version_path = root.key("version");
    let version = expect_str(member(object, "version", &root)?, &version_path)?;
    if !version.starts_with("1.") {
        return Err(version_path.error(format!(
            "unsupported rules engine version {version:?}: this runtime reads version 1 rule sets"
        )));
    }

    let mut compiler = Compiler::default();
    let params_path = root.key("parameters");
    let declarations = expect_object(member(object, "parameters", &root)?, &params_path)?;
    for (name, declaration) in declarations {
        let parameter = compile_parameter(name, declaration, &params_path.key(name))?;
        compiler.declare(parameter);
    }

    let rules_path = root.key("rules");
    let rules = compiler.rules(member(object, "rules", &root)?, &rules_path)?;

    Ok(Compiled {
        params: compiler.params.into_boxed_slice(),
        slot_names: compiler.slot_names.into_boxed_slice(),
        rules,
    })
}

/// A variable visible at a point of the rule set.
struct Binding {
    name: String,
    slot: Slot,
    kind: Type,
}

/// The state of compilation: the parameters, the slots handed out so far,
/// and the variables in scope at the rule being compiled.
#[derive(Default)]
pub(super) struct Compiler {
    params: Vec<Parameter>,
    slot_names: Vec<String>,
    scope: Vec<Binding>,
}

impl Compiler {
    fn declare(&mut self, parameter: Parameter) {
        let kind = match parameter.kind {
            ParamType::String => Type::String,
            ParamType::Bool => Type::Bool,
            ParamType::StringArray => Type::Array(Box::new(Type::String)),
        };
        let slot = self.slot_names.len();
        self.slot_names.push(parameter.name.clone());
        self.scope.push(Binding {
            name: parameter.name.clone(),
            slot,
            kind,
        });
        self.params.push(parameter);
    }

    /// Returns the slot and type of the variable `name` in scope.
    pub(super) fn lookup(&self, name: &str) -> Option<(Slot, &Type)> {
        self.scope
            .iter()
            .rev()
            .find(|binding| binding.name == name)
            .map(|binding| (binding.slot, &binding.kind))
    }

    fn rules(&mut self, json: &Json, path: &Path<'_>) -> Result<Box<[Rule]>, Error> {
        let items = expect_array(json, path)?;
        if items.is_empty() {
            return Err(path.error("a rule list needs at least one rule"));
        }
        items
            .iter()
            .enumerate()
            .map(|(index, item)| self.rule(item, &path.index(index)))
            .collect()
    }

    fn rule(&mut self, json: &Json, path: &Path<'_>) -> Result<Rule, Error> {
        let object = expect_object(json, path)?;
        let type_path = path.key("type");
        let kind = expect_str(member(object, "type", path)?, &type_path)?;

        // Variables assigned by this rule's conditions are visible in its
        // body and sub-rules only.
        let scope_mark = self.scope.len();
        let conditions = match object.get("conditions") {
            Some(json) => self.conditions(json, &path.key("conditions"))?,
            None => Box::default(),
        };

        let body = match kind {
            "endpoint" => {
                let endpoint_path = path.key("endpoint");
                let endpoint = self.endpoint(member(object, "endpoint", path)?, &endpoint_path)?;
                Body::Endpoint(Box::new(endpoint))
            }
            "error" => {
                let error_path = path.key("error");
                let message =
                    self.typed_expr(member(object, "error", path)?, &error_path, &Type::String)?;
                Body::Error(message)
            }
            "tree" => Body::Tree(self.rules(member(object, "rules", path)?, &path.key("rules"))?),
            other => {
                return Err(type_path.error(format!(
                    "unknown rule type {other:?}: expected \"endpoint\", \"error\" or \"tree\""
                )))
            }
        };

        self.scope.truncate(scope_mark);
        Ok(Rule { conditions, body })
    }

    fn conditions(&mut self, json: &Json, path: &Path<'_>) -> Result<Box<[Condition]>, Error> {
        let items = expect_array(json, path)?;
        let mut conditions = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let item_path = path.index(index);
            let object = expect_object(item, &item_path)?;
            let (expr, kind) = self.call(object, &item_path)?;

            let assign = match object.get("assign") {
                Some(name) => Some(self.assign(name, kind, &item_path.key("assign"))?),
                None => None,
            };
            conditions.push(Condition { expr, assign });
        }
        Ok(conditions.into_boxed_slice())
    }

    /// Brings the variable of an `assign` into scope and returns its slot.
    fn assign(&mut self, json: &Json, kind: Type, path: &Path<'_>) -> Result<Slot, Error> {
        let name = expect_str(json, path)?;
        if self.lookup(name).is_some() {
            return Err(path.error(format!(
                "`{name}` is already a parameter or a variable in scope; choose another name"
            )));
        }

        // Variables of the same name in different branches share a slot:
        // a reference is only compiled after an assignment on its own path,
        // so it always reads the value of that assignment.
        let slot = match self.slot_names[self.params.len()..]
            .iter()
            .position(|existing| existing == name)
        {
            Some(position) => self.params.len() + position,
            None => {
                self.slot_names.push(name.to_owned());
                self.slot_names.len() - 1
            }
        };
        self.scope.push(Binding {
            name: name.to_owned(),
            slot,
            kind,
        });
        Ok(slot)
    }

    fn endpoint(&mut self, json: &Json, path: &Path<'_>) -> Result<EndpointTemplate, Error> {
        let object = expect_object(json, path)?;
        let url = self.typed_expr(
            member(object, "url", path)?,
            &path.key("url"),
            &Type::String,
        )?;

        let mut headers = Vec::new();
        if let Some(json) = object.get("headers") {
            let headers_path = path.key("headers");
            for (name, values) in expect_object(json, &headers_path)? {
                let header_path = headers_path.key(name);
                let values = expect_array(values, &header_path)?
                    .iter()
                    .enumerate()
                    .map(|(index, value)| {
                        self.typed_expr(value, &header_path.index(index), &Type::String)
                    })
                    .collect::<Result<Box<[Expr]>, Error>>()?;
                headers.push((name.clone(), values));
            }
        }

        let mut properties = Vec::new();
        if let Some(json) = object.get("properties") {
            let properties_path = path.key("properties");
            for (name, value) in expect_object(json, &properties_path)? {
                properties.push((
                    name.clone(),
                    self.property(value, &properties_path.key(name))?,
                ));
            }
        }

        Ok(EndpointTemplate {
            url,
            headers: headers.into_boxed_slice(),
            properties: properties.into_boxed_slice(),
        })
    }

    fn property(&self, json: &Json, path: &Path<'_>) -> Result<Property, Error> {
        Ok(match json {
            Json::String(text) => Property::String(self.template(text, path)?),
            Json::Bool(value) => Property::Bool(*value),
            Json::Number(number) => Property::Number(number.clone()),
            Json::Null => Property::Null,
            Json::Array(items) => Property::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(index, item)| self.property(item, &path.index(index)))
                    .collect::<Result<_, _>>()?,
            ),
            Json::Object(members) => Property::Object(
                members
                    .iter()
                    .map(|(key, value)| Ok((key.clone(), self.property(value, &path.key(key))?)))
                    .collect::<Result<_, Error>>()?,
            ),
        })
    }
}

fn compile_parameter(name: &str, json: &Json, path: &Path<'_>) -> Result<Parameter, Error> {
    let object = expect_object(json, path)?;

    let type_path = path.key("type");
    let type_name = expect_str(member(object, "type", path)?, &type_path)?;
    let kind = ParamType::parse(type_name).ok_or_else(|| {
        type_path.error(format!(
            "unknown parameter type {type_name:?}: expected \"string\", \"boolean\" or \"stringArray\""
        ))
    })?;

    let required = match object.get("required") {
        Some(json) => json
            .as_bool()
            .ok_or_else(|| path.key("required").error("expected true or false"))?,
        None => false,
    };
    let built_in = match object.get("builtIn") {
        Some(json) => Some(expect_str(json, &path.key("builtIn"))?.to_owned()),
        None => None,
    };
    let default = match object.get("default") {
        Some(json) => Some(default_value(json, kind, &path.key("default"))?),
        None => None,
    };

    Ok(Parameter {
        name: name.to_owned(),
        kind,
        required,
        default,
        built_in,
    })
}

fn default_value(json: &Json, kind: ParamType, path: &Path<'_>) -> Result<ParamValue, Error> {
    let value = match (kind, json) {
        (ParamType::String, Json::String(text)) => Some(ParamValue::String(text.clone())),
        (ParamType::Bool, Json::Bool(value)) => Some(ParamValue::Bool(*value)),
        (ParamType::StringArray, Json::Array(items)) => items
            .iter()
            .map(|item| item.as_str().map(str::to_owned))
            .collect::<Option<Vec<String>>>()
            .map(ParamValue::StringArray),
        _ => None,
    };
    value.ok_or_else(|| path.error(format!("the default {json} is not a {}", kind.name())))
}

pub(super) fn member<'j>(
    object: &'j Map<String, Json>,
    key: &str,
    path: &Path<'_>,
) -> Result<&'j Json, Error> {
    object
        .get(key)
        .ok_or_else(|| path.error(format!("missing member {key:?}")))
}

pub(super) fn expect_object<'j>(
    json: &'j Json,
    path: &Path<'_>,
) -> Result<&'j Map<String, Json>, Error> {
    json.as_object()
        .ok_or_else(|| path.error(format!("expected an object, found {}", describe(json))))
}

pub(super) fn expect_array<'j>(json: &'j Json, path: &Path<'_>) -> Result<&'j [Json], Error> {
    json.as_array()
        .map(Vec::as_slice)
        .ok_or_else(|| path.error(format!("expected an array, found {}", describe(json))))
}

pub(super) fn expect_str<'j>(json: &'j Json, path: &Path<'_>) -> Result<&'j str, Error> {
    json.as_str()
        .ok_or_else(|| path.error(format!("expected a string, found {}", describe(json))))
}

/// Returns the kind of a JSON value, for error messages.
pub(super) fn describe(json: &Json) -> &'static str {
    match json {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}
