//! Reads one Smithy JSON AST file into shapes, recording the JSON path of
//! everything so that later stages can report where a problem is.

use std::path::Path;

use serde_json::{Map, Value};

use super::{Member, Members, Operation, Reference, Resource, Service, Shape, ShapeId, ShapeKind, Traits};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};

/// The shapes and `apply` statements of one model file.
#[derive(Clone, Debug, Default)]
pub struct ModelFile {
    pub shapes: Vec<Shape>,
    /// Traits that `apply` entries add to shapes defined elsewhere.
    pub applies: Vec<(ShapeId, Traits)>,
}

/// Reads and parses the JSON AST file at `path`.
pub fn load_file(path: &Path) -> Result<ModelFile, Diagnostics> {
    let at = Location::new(path, "$");
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::new(at.clone(), format!("cannot read the model file: {e}"))
            .hint("check that the path exists and is readable")
    })?;
    load_json(path, &bytes)
}

/// Parses JSON AST `bytes`, read from `path`.
pub fn load_json(path: &Path, bytes: &[u8]) -> Result<ModelFile, Diagnostics> {
    let at = Location::new(path, "$");
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Diagnostic::new(
            at.clone(),
            format!("the model file is not valid UTF-8 (invalid byte at offset {})", e.valid_up_to()),
        )
    })?;
    if text.trim().is_empty() {
        return Err(Diagnostic::new(at, "the model file is empty")
            .hint("a JSON AST model is an object such as {\"smithy\": \"2.0\", \"shapes\": {}}")
            .into());
    }

    let root: Value = serde_json::from_str(text).map_err(|e| {
        let position = format!("{}:{}", e.line(), e.column());
        Diagnostic::new(Location::new(path, position), format!("invalid JSON: {e}"))
    })?;

    let mut loader = Loader {
        problems: Diagnostics::default(),
        file: ModelFile::default(),
    };
    loader.root(&root, &at);
    loader.problems.into_result(loader.file)
}

struct Loader {
    problems: Diagnostics,
    file: ModelFile,
}

impl Loader {
    fn problem(&mut self, at: &Location, message: impl Into<String>) {
        self.problems.push(Diagnostic::new(at.clone(), message));
    }

    fn root(&mut self, root: &Value, at: &Location) {
        let Some(root) = self.object(root, at, "the model") else {
            return;
        };

        match root.get("smithy") {
            Some(Value::String(version)) if version.starts_with('2') || version.starts_with('1') => {}
            Some(other) => self.problem(
                &at.key("smithy"),
                format!("unsupported Smithy version {other}: expected \"2.0\" or \"1.0\""),
            ),
            None => self.problems.push(
                Diagnostic::new(at.clone(), "missing `smithy` version key")
                    .hint("add \"smithy\": \"2.0\" at the top of the file"),
            ),
        }

        let Some(shapes) = root.get("shapes") else {
            return;
        };
        let at = at.key("shapes");
        let Some(shapes) = self.object(shapes, &at, "`shapes`") else {
            return;
        };
        for (id, value) in shapes {
            let at = at.key(id);
            match ShapeId::parse(id) {
                Ok(id) if id.member().is_some() => {
                    self.problem(&at, format!("shape id {id} must not name a member"));
                }
                Ok(id) => self.shape(id, value, &at),
                Err(reason) => self.problem(&at, reason),
            }
        }
    }

    fn shape(&mut self, id: ShapeId, value: &Value, at: &Location) {
        let Some(body) = self.object(value, at, "a shape") else {
            return;
        };
        let Some(type_name) = body.get("type").and_then(Value::as_str) else {
            self.problems.push(
                Diagnostic::new(at.clone(), "missing or non-string `type`")
                    .shape(&id)
                    .hint("every shape needs \"type\", such as \"structure\" or \"string\""),
            );
            return;
        };
        if let Some(mixins) = body.get("mixins") {
            if mixins.as_array().is_some_and(|m| !m.is_empty()) {
                self.problems.push(
                    Diagnostic::new(at.key("mixins"), "mixins in JSON AST models are not supported yet")
                        .shape(&id)
                        .hint("flatten the mixins into the shape, as `smithy build` does when it writes a JSON AST"),
                );
            }
        }
        let traits = self.traits(body.get("traits"), &at.key("traits"));

        if type_name == "apply" {
            self.file.applies.push((id, traits));
            return;
        }

        let kind = match type_name {
            "blob" => ShapeKind::Blob,
            "boolean" => ShapeKind::Boolean,
            "string" => ShapeKind::String,
            "byte" => ShapeKind::Byte,
            "short" => ShapeKind::Short,
            "integer" => ShapeKind::Integer,
            "long" => ShapeKind::Long,
            "float" => ShapeKind::Float,
            "double" => ShapeKind::Double,
            "bigInteger" => ShapeKind::BigInteger,
            "bigDecimal" => ShapeKind::BigDecimal,
            "timestamp" => ShapeKind::Timestamp,
            "document" => ShapeKind::Document,
            "enum" => ShapeKind::Enum(self.members(&id, body, at)),
            "intEnum" => ShapeKind::IntEnum(self.members(&id, body, at)),
            "structure" => ShapeKind::Structure(self.members(&id, body, at)),
            "union" => ShapeKind::Union(self.members(&id, body, at)),
            // Smithy 1.0 sets are lists whose items are unique.
            "list" | "set" => match self.member(&id, "member", body, at) {
                Some(member) => ShapeKind::List(Box::new(member)),
                None => return,
            },
            "map" => {
                let key = self.member(&id, "key", body, at);
                let value = self.member(&id, "value", body, at);
                match (key, value) {
                    (Some(key), Some(value)) => ShapeKind::Map {
                        key: Box::new(key),
                        value: Box::new(value),
                    },
                    _ => return,
                }
            }
            "service" => ShapeKind::Service(self.service(body, at)),
            "operation" => ShapeKind::Operation(self.operation(body, at)),
            "resource" => ShapeKind::Resource(self.resource(body, at)),
            other => {
                self.problems.push(
                    Diagnostic::new(at.key("type"), format!("unknown shape type {other:?}"))
                        .shape(&id)
                        .hint("use a Smithy 2.0 shape type such as \"structure\", \"list\" or \"string\""),
                );
                return;
            }
        };

        self.file.shapes.push(Shape {
            id,
            kind,
            traits,
            location: at.clone(),
        });
    }

    fn members(&mut self, id: &ShapeId, body: &Map<String, Value>, at: &Location) -> Members {
        let mut members = Members::new();
        let Some(value) = body.get("members") else {
            return members;
        };
        let at = at.key("members");
        let Some(entries) = self.object(value, &at, "`members`") else {
            return members;
        };
        for (name, value) in entries {
            let member_at = at.key(name);
            if !super::is_identifier(name) {
                self.problems.push(
                    Diagnostic::new(member_at, format!("invalid member name {name:?}")).shape(id),
                );
                continue;
            }
            if let Some(member) = self.member_body(name, value, &member_at) {
                members.insert(name.clone(), member);
            }
        }
        members
    }

    fn member(&mut self, id: &ShapeId, name: &str, body: &Map<String, Value>, at: &Location) -> Option<Member> {
        let at = at.key(name);
        let Some(value) = body.get(name) else {
            self.problems.push(Diagnostic::new(at, format!("missing `{name}`")).shape(id));
            return None;
        };
        self.member_body(name, value, &at)
    }

    fn member_body(&mut self, name: &str, value: &Value, at: &Location) -> Option<Member> {
        let body = self.object(value, at, "a member")?;
        let target = self.reference(body.get("target"), &at.key("target"))?;
        let traits = self.traits(body.get("traits"), &at.key("traits"));
        Some(Member {
            name: name.to_string(),
            target: target.target,
            traits,
            location: at.clone(),
        })
    }

    fn service(&mut self, body: &Map<String, Value>, at: &Location) -> Service {
        let mut service = Service {
            version: body.get("version").and_then(Value::as_str).map(str::to_string),
            operations: self.references(body.get("operations"), &at.key("operations")),
            resources: self.references(body.get("resources"), &at.key("resources")),
            errors: self.references(body.get("errors"), &at.key("errors")),
            ..Service::default()
        };
        if let Some(rename) = body.get("rename") {
            let rename_at = at.key("rename");
            if let Some(entries) = self.object(rename, &rename_at, "`rename`") {
                for (id, name) in entries {
                    match (ShapeId::parse(id), name.as_str()) {
                        (Ok(id), Some(name)) => {
                            service.rename.insert(id, name.to_string());
                        }
                        (Err(reason), _) => self.problem(&rename_at.key(id), reason),
                        (_, None) => self.problem(&rename_at.key(id), "expected a string"),
                    }
                }
            }
        }
        service
    }

    fn operation(&mut self, body: &Map<String, Value>, at: &Location) -> Operation {
        Operation {
            input: self.reference(body.get("input"), &at.key("input")),
            output: self.reference(body.get("output"), &at.key("output")),
            errors: self.references(body.get("errors"), &at.key("errors")),
        }
    }

    fn resource(&mut self, body: &Map<String, Value>, at: &Location) -> Resource {
        let mut resource = Resource::default();
        for (field, into_properties) in [("identifiers", false), ("properties", true)] {
            let Some(value) = body.get(field) else { continue };
            let field_at = at.key(field);
            let Some(entries) = self.object(value, &field_at, field) else { continue };
            for (name, value) in entries {
                if let Some(reference) = self.reference(Some(value), &field_at.key(name)) {
                    let map = if into_properties {
                        &mut resource.properties
                    } else {
                        &mut resource.identifiers
                    };
                    map.insert(name.clone(), reference);
                }
            }
        }
        for field in ["create", "put", "read", "update", "delete", "list"] {
            if let Some(reference) = body.get(field) {
                resource.operations.extend(self.reference(Some(reference), &at.key(field)));
            }
        }
        for field in ["operations", "collectionOperations"] {
            let found = self.references(body.get(field), &at.key(field));
            resource.operations.extend(found);
        }
        resource.resources = self.references(body.get("resources"), &at.key("resources"));
        resource
    }

    fn references(&mut self, value: Option<&Value>, at: &Location) -> Vec<Reference> {
        let Some(value) = value else {
            return Vec::new();
        };
        let Some(items) = value.as_array() else {
            self.problem(at, "expected an array of `{\"target\": ...}` objects");
            return Vec::new();
        };
        items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| self.reference(Some(item), &at.index(i)))
            .collect()
    }

    fn reference(&mut self, value: Option<&Value>, at: &Location) -> Option<Reference> {
        let value = value?;
        // Member targets are bare strings; other references are objects.
        let target = match value {
            Value::String(text) => text.as_str(),
            Value::Object(map) => match map.get("target") {
                Some(Value::String(text)) => text.as_str(),
                _ => {
                    self.problem(at, "missing or non-string `target`");
                    return None;
                }
            },
            _ => {
                self.problem(at, "expected a shape id string or `{\"target\": ...}`");
                return None;
            }
        };
        match ShapeId::parse(target) {
            Ok(target) => Some(Reference {
                target,
                location: at.clone(),
            }),
            Err(reason) => {
                self.problem(at, reason);
                None
            }
        }
    }

    fn traits(&mut self, value: Option<&Value>, at: &Location) -> Traits {
        let mut traits = Traits::default();
        let Some(value) = value else {
            return traits;
        };
        let Some(entries) = self.object(value, at, "`traits`") else {
            return traits;
        };
        for (id, value) in entries {
            match ShapeId::parse(id) {
                Ok(trait_id) => traits.insert(&trait_id, value.clone(), at.key(id)),
                Err(reason) => self.problem(&at.key(id), format!("invalid trait id: {reason}")),
            }
        }
        traits
    }

    fn object<'v>(&mut self, value: &'v Value, at: &Location, what: &str) -> Option<&'v Map<String, Value>> {
        match value {
            Value::Object(map) => Some(map),
            other => {
                self.problem(at, format!("{what} must be a JSON object, found {}", json_type(other)));
                None
            }
        }
    }
}

/// Returns the JSON type name of `value` for messages.
pub(crate) fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
