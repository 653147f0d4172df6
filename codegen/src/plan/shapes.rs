//! Plans the data types of a client: a Rust name for every structure, union
//! and enum, their fields, variants and values, and which fields are boxed
//! to break cycles.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::build::Planner;
use super::names::{camel, dedupe, snake};
use super::{
    Binding, DefaultValue, EnumPlan, EnumValue, FieldPlan, NamedKind, RustType, StructPlan, StructRole, TypeModule,
    UnionPlan, VariantPlan,
};
use crate::diagnostics::Diagnostic;
use crate::model::{Member, Shape, ShapeId, ShapeKind};

/// Method names that builders and fluent builders define themselves; a
/// member with one of these names gets a `_value` suffix.
const BUILDER_METHODS: &[&str] = &["build", "send", "builder", "new", "customize", "config"];

/// Names an error structure uses for its own field and methods.
const ERROR_FIELDS: &[&str] = &["metadata", "meta"];

impl Planner<'_> {
    /// Gives every named type a unique UpperCamelCase name. A structure
    /// also claims `<Name>Builder`, so no other shape can take it.
    pub(super) fn name_types(&mut self, shapes: &[&Shape]) {
        let mut taken = BTreeSet::new();
        for shape in shapes {
            let base = camel(self.rename(&shape.id));
            let is_structure = matches!(shape.kind, ShapeKind::Structure(_));
            let mut name = base.clone();
            let mut counter = 2;
            loop {
                let builder = format!("{name}Builder");
                let builder_taken = is_structure && taken.contains(&builder);
                let free = !taken.contains(&name) && !builder_taken;
                if free {
                    taken.insert(name.clone());
                    if is_structure {
                        taken.insert(builder);
                    }
                    break;
                }
                name = format!("{base}{counter}");
                counter += 1;
            }
            self.type_names.insert(shape.id.clone(), name);
        }
    }

    /// Returns the name the service gives `id`: its `rename` entry, else the
    /// shape's own name.
    fn rename<'a>(&'a self, id: &'a ShapeId) -> &'a str {
        self.renames.get(id).map(String::as_str).unwrap_or(id.name())
    }

    /// Finds the members that must be boxed: those that lead back to their
    /// own structure or union without passing through a list or map, which
    /// would otherwise make the type infinitely large.
    pub(super) fn find_cycles(&mut self, shapes: &[&Shape]) {
        let mut edges: BTreeMap<&ShapeId, Vec<(ShapeId, &ShapeId)>> = BTreeMap::new();
        for shape in shapes {
            let members = match &shape.kind {
                ShapeKind::Structure(members) | ShapeKind::Union(members) => members,
                _ => continue,
            };
            for member in members.values() {
                let direct = self
                    .model
                    .shape(&member.target)
                    .is_some_and(|t| matches!(t.kind, ShapeKind::Structure(_) | ShapeKind::Union(_)));
                if direct {
                    edges.entry(&shape.id).or_default().push((shape.id.with_member(&member.name), &member.target));
                }
            }
        }

        for (owner, targets) in &edges {
            for (member_id, target) in targets {
                if reaches(&edges, target, owner) {
                    self.boxed.insert(member_id.clone());
                }
            }
        }
    }

    /// Plans a structure's fields for `role`.
    pub(super) fn structure(&mut self, shape: &Shape, rust_name: String, role: StructRole) -> StructPlan {
        let members = match &shape.kind {
            ShapeKind::Structure(members) => members.values().collect(),
            _ => Vec::new(),
        };
        let is_error = matches!(role, StructRole::Error(_));

        let names = dedupe(
            members
                .iter()
                .map(|m| {
                    let name = snake(&m.name);
                    let reserved = BUILDER_METHODS.contains(&name.as_str())
                        || (is_error && ERROR_FIELDS.contains(&name.as_str()))
                        || name.starts_with("set_");
                    if reserved { format!("{name}_value") } else { name }
                })
                .collect(),
        );
        let fields = members
            .iter()
            .zip(names)
            .filter_map(|(member, rust_name)| self.field(shape, member, rust_name, &role))
            .collect();

        StructPlan {
            id: shape.id.clone(),
            rust_name,
            module: String::new(),
            docs: shape.traits.documentation().map(str::to_string),
            role,
            fields,
        }
    }

    fn field(&mut self, shape: &Shape, member: &Member, rust_name: String, role: &StructRole) -> Option<FieldPlan> {
        let member_id = shape.id.with_member(&member.name);
        let target = self.model.shape(&member.target)?;
        let mut ty = self.rust_type(&member_id, member, target)?;
        if self.boxed.contains(&member_id) {
            ty = RustType::Boxed(Box::new(ty));
        }
        let binding = self.binding(&member_id, member, target, &ty, role)?;

        let traits = &member.traits;
        let default = match traits.default_value() {
            None | Some(Value::Null) => None,
            Some(value) => self.default_value(&member_id, member, value, target),
        };
        // A `@clientOptional` or `@addedDefault` member may be missing in
        // responses of older or newer services, so clients keep it optional.
        let relaxed = traits.client_optional() || traits.added_default();
        let non_null = (traits.required() || default.is_some()) && !relaxed;
        // Members outside the JSON body may be absent from any response
        // without a way to correct them, so they stay optional.
        let outside_body = !matches!(binding, Binding::Body { .. } | Binding::ResponseCode);
        let optional = *role == StructRole::Input || !non_null || outside_body;
        let required = traits.required() && default.is_none();

        Some(FieldPlan {
            member: member.name.clone(),
            rust_name,
            docs: traits.documentation().or(target.traits.documentation()).map(str::to_string),
            ty,
            optional,
            required,
            sensitive: traits.sensitive() || target.traits.sensitive(),
            default: if optional { None } else { default },
            idempotency_token: traits.idempotency_token(),
            binding,
        })
    }

    /// Returns the Rust type of `member`, whose target is `target`.
    pub(super) fn rust_type(&mut self, member_id: &ShapeId, member: &Member, target: &Shape) -> Option<RustType> {
        let ty = match &target.kind {
            ShapeKind::String if target.traits.enum_definitions().is_some() => self.named(target, NamedKind::Enum)?,
            ShapeKind::String => RustType::String,
            ShapeKind::Boolean => RustType::Bool,
            ShapeKind::Byte => RustType::I8,
            ShapeKind::Short => RustType::I16,
            ShapeKind::Integer => RustType::I32,
            ShapeKind::Long => RustType::I64,
            ShapeKind::Float => RustType::F32,
            ShapeKind::Double => RustType::F64,
            ShapeKind::Timestamp => {
                RustType::DateTime(member.traits.timestamp_format().or(target.traits.timestamp_format()))
            }
            ShapeKind::Blob => RustType::Blob,
            ShapeKind::Document => RustType::Document,
            ShapeKind::Enum(_) => self.named(target, NamedKind::Enum)?,
            ShapeKind::IntEnum(_) => self.named(target, NamedKind::IntEnum)?,
            ShapeKind::Union(_) => self.named(target, NamedKind::Union)?,
            ShapeKind::Structure(_) => match self.named(target, NamedKind::Structure) {
                Some(ty) => ty,
                None => {
                    self.unsupported(member, member_id, "a member that targets an operation input or output");
                    return None;
                }
            },
            ShapeKind::List(item) => {
                let item_target = self.model.shape(&item.target)?;
                let item_id = target.id.with_member("member");
                let item_ty = self.rust_type(&item_id, item, item_target)?;
                RustType::List { item: Box::new(item_ty), sparse: target.traits.sparse() }
            }
            ShapeKind::Map { key, value } => {
                let key_target = self.model.shape(&key.target)?;
                if !matches!(key_target.kind, ShapeKind::String | ShapeKind::Enum(_)) {
                    self.unsupported(member, member_id, "a map whose keys are not strings");
                    return None;
                }
                let value_target = self.model.shape(&value.target)?;
                let value_id = target.id.with_member("value");
                let value_ty = self.rust_type(&value_id, value, value_target)?;
                RustType::Map { value: Box::new(value_ty), sparse: target.traits.sparse() }
            }
            other => {
                let what = format!("{} shapes such as {}", other.type_name(), target.id);
                self.unsupported(member, member_id, &what);
                return None;
            }
        };
        Some(ty)
    }

    /// Returns the type of a generated shape, or `None` when the shape has
    /// no name because it is only an operation input or output.
    fn named(&self, target: &Shape, kind: NamedKind) -> Option<RustType> {
        let name = self.type_names.get(&target.id)?.clone();
        let module = if target.traits.error().is_some() { TypeModule::Error } else { TypeModule::Types };
        Some(RustType::Named { module, name, kind })
    }

    pub(super) fn unsupported(&mut self, member: &Member, member_id: &ShapeId, what: &str) {
        self.problems.push(
            Diagnostic::new(
                member.location.clone(),
                format!("member {member_id} uses {what}, which this version of ingot cannot generate"),
            )
            .shape(member_id)
            .hint("leave the operation out with `--operations`, or remove the member"),
        );
    }

    /// Reads a `@default` value, reporting one that does not fit the
    /// member's type.
    fn default_value(&mut self, member_id: &ShapeId, member: &Member, value: &Value, target: &Shape) -> Option<DefaultValue> {
        let parsed = match (&target.kind, value) {
            (ShapeKind::Boolean, Value::Bool(b)) => Some(DefaultValue::Bool(*b)),
            (ShapeKind::Byte | ShapeKind::Short | ShapeKind::Integer | ShapeKind::Long | ShapeKind::IntEnum(_), Value::Number(n)) => {
                n.as_i64().map(DefaultValue::Integer)
            }
            (ShapeKind::Float | ShapeKind::Double, Value::Number(n)) => n.as_f64().map(DefaultValue::Float),
            (ShapeKind::String | ShapeKind::Enum(_) | ShapeKind::Blob, Value::String(s)) => Some(DefaultValue::String(s.clone())),
            (ShapeKind::List(_) | ShapeKind::Map { .. }, Value::Array(a)) if a.is_empty() => Some(DefaultValue::Empty),
            (ShapeKind::List(_) | ShapeKind::Map { .. }, Value::Object(o)) if o.is_empty() => Some(DefaultValue::Empty),
            (ShapeKind::Timestamp, Value::Number(n)) => n.as_f64().map(DefaultValue::Timestamp),
            (ShapeKind::Document, value) => Some(DefaultValue::Document(value.to_string())),
            _ => None,
        };
        if parsed.is_none() {
            let at = member.location.key("traits").key("smithy.api#default");
            self.problems.push(
                Diagnostic::new(at, format!("default value {value} does not fit the {} target {}", target.kind.type_name(), target.id))
                    .shape(member_id),
            );
        }
        parsed
    }

    /// Plans a union and its variants.
    pub(super) fn union(&mut self, shape: &Shape) -> Option<UnionPlan> {
        let ShapeKind::Union(members) = &shape.kind else {
            return None;
        };
        let names = dedupe(
            members
                .values()
                .map(|m| {
                    let name = camel(&m.name);
                    // `Unknown` is the variant for members this client does not know.
                    if name == "Unknown" { "UnknownValue".to_string() } else { name }
                })
                .collect(),
        );
        let mut variants = Vec::new();
        for (member, rust_name) in members.values().zip(names) {
            let member_id = shape.id.with_member(&member.name);
            let target = self.model.shape(&member.target)?;
            let mut ty = if member.target.to_string() == "smithy.api#Unit" {
                RustType::Unit
            } else {
                self.rust_type(&member_id, member, target)?
            };
            if self.boxed.contains(&member_id) {
                ty = RustType::Boxed(Box::new(ty));
            }
            let json_name = self.json_name(member);
            variants.push(VariantPlan {
                member: member.name.clone(),
                rust_name,
                json_name,
                docs: member.traits.documentation().or(target.traits.documentation()).map(str::to_string),
                ty,
                sensitive: member.traits.sensitive() || target.traits.sensitive(),
            });
        }
        Some(UnionPlan {
            id: shape.id.clone(),
            rust_name: self.type_names[&shape.id].clone(),
            module: String::new(),
            docs: shape.traits.documentation().map(str::to_string),
            variants,
        })
    }

    /// Plans an enum shape, an intEnum shape or a string with the Smithy
    /// 1.0 `enum` trait.
    pub(super) fn enumeration(&mut self, shape: &Shape) -> Option<EnumPlan> {
        let (int, entries): (bool, Vec<(String, String, Option<String>)>) = match &shape.kind {
            ShapeKind::Enum(members) | ShapeKind::IntEnum(members) => {
                let int = matches!(shape.kind, ShapeKind::IntEnum(_));
                let mut entries = Vec::new();
                for member in members.values() {
                    let value = match member.traits.enum_value() {
                        Some(Value::String(text)) if !int => text.clone(),
                        Some(Value::Number(number)) if int && number.as_i64().is_some_and(|n| i32::try_from(n).is_ok()) => {
                            number.to_string()
                        }
                        // An enum member without `enumValue` has its own name as the value.
                        None if !int => member.name.clone(),
                        _ => {
                            let expected = if int { "a 32-bit integer" } else { "a string" };
                            self.problems.push(
                                Diagnostic::new(member.location.clone(), format!("enum member `{}` needs `smithy.api#enumValue` with {expected}", member.name))
                                    .shape(&shape.id),
                            );
                            return None;
                        }
                    };
                    let docs = member.traits.documentation().map(str::to_string);
                    entries.push((member.name.clone(), value, docs));
                }
                (int, entries)
            }
            ShapeKind::String => {
                let definitions = shape.traits.enum_definitions()?;
                let entries = definitions
                    .into_iter()
                    .map(|d| (d.name.unwrap_or_else(|| d.value.clone()), d.value, d.documentation))
                    .collect();
                (false, entries)
            }
            _ => return None,
        };

        // A value listed twice would make an unreachable match arm.
        let mut seen = BTreeSet::new();
        let entries: Vec<_> = entries.into_iter().filter(|(_, value, _)| seen.insert(value.clone())).collect();
        let names = dedupe(
            entries
                .iter()
                .map(|(name, _, _)| {
                    let name = camel(&name.replace(|c: char| !c.is_ascii_alphanumeric(), "_"));
                    match name.as_str() {
                        "" | "_" => "Value".to_string(),
                        "Unknown" => "UnknownValue".to_string(),
                        _ => name.trim_start_matches('_').to_string(),
                    }
                })
                .map(|name| if name.starts_with(|c: char| c.is_ascii_digit()) { format!("Value{name}") } else { name })
                .collect(),
        );
        let values = entries
            .into_iter()
            .zip(names)
            .map(|((_, value, docs), rust_name)| EnumValue { rust_name, value, docs })
            .collect();

        Some(EnumPlan {
            id: shape.id.clone(),
            rust_name: self.type_names[&shape.id].clone(),
            module: String::new(),
            docs: shape.traits.documentation().map(str::to_string),
            int,
            sensitive: shape.traits.sensitive(),
            values,
        })
    }

    /// Returns the JSON key of a body member: its `@jsonName` under
    /// restJson1, which the awsJson protocols ignore.
    pub(super) fn json_name(&self, member: &Member) -> String {
        match member.traits.json_name() {
            Some(name) if self.protocol.has_http_bindings() => name.to_string(),
            _ => member.name.clone(),
        }
    }
}

/// Returns whether `from` reaches `to` through direct structure and union
/// members.
fn reaches(edges: &BTreeMap<&ShapeId, Vec<(ShapeId, &ShapeId)>>, from: &ShapeId, to: &ShapeId) -> bool {
    let mut seen = BTreeSet::new();
    let mut pending = vec![from];
    while let Some(id) = pending.pop() {
        if id == to {
            return true;
        }
        if !seen.insert(id) {
            continue;
        }
        if let Some(targets) = edges.get(id) {
            pending.extend(targets.iter().map(|(_, target)| *target));
        }
    }
    false
}
