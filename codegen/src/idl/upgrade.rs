//! Reads Smithy 1.0 models (IDL or JSON AST) with Smithy 2.0 semantics, as
//! the 2.0 specification describes the upgrade:
//!
//! - a `set` becomes a `list` with `@uniqueItems`;
//! - a boolean or number shape without `@box` was non-nullable with a zero
//!   value in 1.0, so it gets `@default` with that zero value;
//! - a structure member targeting a shape with a default gets the same
//!   default, or `@default(null)` when the member has `@box`.
//!
//! Resource `properties` only exist in 2.0 and are rejected in 1.0 files.

use std::collections::HashMap;

use serde_json::{json, Value};

use super::document::{target_of, traits_mut, type_of, Document};
use crate::diagnostics::{Diagnostic, Diagnostics};

const BOX: &str = "smithy.api#box";
const DEFAULT: &str = "smithy.api#default";

/// Upgrades every Smithy 1.0 document of `documents`; shapes of `others`
/// (such as the prelude) are read for their defaults only.
pub fn upgrade(documents: &mut [Document], others: &[Document]) -> Diagnostics {
    let mut problems = Diagnostics::default();
    if !documents.iter().any(Document::is_version_1) {
        return problems;
    }
    for document in documents.iter_mut().filter(|d| d.is_version_1()) {
        let root = document.root();
        let Some(shapes) = document.shapes_mut() else {
            continue;
        };
        for (id, shape) in shapes.iter_mut() {
            let Some(body) = shape.as_object_mut() else {
                continue;
            };
            match body.get("type").and_then(Value::as_str) {
                Some("set") => {
                    body.insert("type".into(), json!("list"));
                    traits_mut(body).insert("smithy.api#uniqueItems".into(), json!({}));
                }
                Some("resource") if body.get("properties").is_some() => problems.push(
                    Diagnostic::new(
                        root.key("shapes").key(id).key("properties"),
                        format!("resource {id} has `properties`, which need Smithy 2.0, but the file is version 1.0"),
                    )
                    .hint("declare version 2.0 (`$version: \"2.0\"`, or \"smithy\": \"2.0\" in JSON)"),
                ),
                Some(shape_type) => {
                    if let Some(zero) = zero_value(shape_type) {
                        let traits = traits_mut(body);
                        if !traits.contains_key(BOX) && !traits.contains_key(DEFAULT) {
                            traits.insert(DEFAULT.into(), zero);
                        }
                        if traits.is_empty() {
                            body.remove("traits");
                        }
                    }
                }
                None => {}
            }
        }
    }

    let mut defaults: HashMap<String, Value> = HashMap::new();
    for document in documents.iter().chain(others) {
        for (id, shape) in document.shapes().into_iter().flatten() {
            let default = shape.get("traits").and_then(|t| t.get(DEFAULT));
            if let Some(default) = default.filter(|d| !d.is_null()) {
                defaults.insert(id.clone(), default.clone());
            }
        }
    }

    for document in documents.iter_mut().filter(|d| d.is_version_1()) {
        let Some(shapes) = document.shapes_mut() else {
            continue;
        };
        for shape in shapes.values_mut() {
            if type_of(shape) != Some("structure") {
                continue;
            }
            let Some(members) = shape.get_mut("members").and_then(Value::as_object_mut) else {
                continue;
            };
            for member in members.values_mut() {
                let Some(default) = target_of(member).and_then(|t| defaults.get(t)).cloned() else {
                    continue;
                };
                let Some(body) = member.as_object_mut() else {
                    continue;
                };
                let traits = traits_mut(body);
                if !traits.contains_key(DEFAULT) {
                    let value = if traits.contains_key(BOX) {
                        Value::Null
                    } else {
                        default
                    };
                    traits.insert(DEFAULT.into(), value);
                }
            }
        }
    }
    problems
}

/// Returns the zero value of the shape types that were non-nullable by
/// default in Smithy 1.0.
fn zero_value(shape_type: &str) -> Option<Value> {
    match shape_type {
        "boolean" => Some(json!(false)),
        "byte" | "short" | "integer" | "long" | "float" | "double" => Some(json!(0)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn version_one_models_get_2_0_defaults() {
        let model = json!({
            "smithy": "1.0",
            "shapes": {
                "a#Count": {"type": "integer"},
                "a#Boxed": {"type": "integer", "traits": {"smithy.api#box": {}}},
                "a#Names": {"type": "set", "member": {"target": "smithy.api#String"}},
                "a#S": {"type": "structure", "members": {
                    "count": {"target": "a#Count"},
                    "boxedCount": {"target": "a#Count", "traits": {"smithy.api#box": {}}},
                    "boxed": {"target": "a#Boxed"},
                    "flag": {"target": "smithy.api#PrimitiveBoolean"}
                }}
            }
        });
        let mut documents = [Document::new(Path::new("v1.json"), model)];
        let problems = upgrade(&mut documents, crate::idl::builtin_documents());
        assert!(problems.is_empty(), "{problems}");

        let shapes = documents[0].shapes().unwrap();
        assert_eq!(shapes["a#Count"]["traits"][DEFAULT], 0);
        assert!(shapes["a#Boxed"]["traits"].get(DEFAULT).is_none());
        assert_eq!(shapes["a#Names"]["type"], "list");
        assert_eq!(
            shapes["a#Names"]["traits"]["smithy.api#uniqueItems"],
            json!({})
        );
        let members = &shapes["a#S"]["members"];
        assert_eq!(members["count"]["traits"][DEFAULT], 0);
        assert_eq!(members["boxedCount"]["traits"][DEFAULT], Value::Null);
        assert!(members["boxed"]
            .get("traits")
            .is_none_or(|t| t.get(DEFAULT).is_none()));
        assert_eq!(members["flag"]["traits"][DEFAULT], false);
    }

    #[test]
    fn version_one_rejects_resource_properties() {
        let model = json!({
            "smithy": "1.0",
            "shapes": {"a#R": {"type": "resource", "properties": {"p": {"target": "smithy.api#String"}}}}
        });
        let mut documents = [Document::new(Path::new("v1.json"), model)];
        let problems = upgrade(&mut documents, &[]).to_string();
        assert!(problems.contains("need Smithy 2.0"), "{problems}");
    }
}
