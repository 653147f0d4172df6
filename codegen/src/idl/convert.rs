//! Converts parsed IDL files into JSON AST documents: relative shape ids are
//! resolved against the whole model, `///` comments become documentation,
//! `= value` becomes a default or enum value, and inline operation input
//! and output become structures of their own.
//!
//! A relative id resolves, in order, to the shape a `use` statement
//! imports, a shape of the file's namespace defined in any loaded file, a
//! prelude shape, or else the file's namespace (a reference that later
//! stages report as undefined).

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{json, Map, Value};

use super::document::{merge_values, traits_mut, Document};
use super::elision::{Binding, Elided, MemberSlot};
use super::syntax::*;
use crate::diagnostics::{Diagnostic, Diagnostics, LineColumn, Location, Positions};

const PRELUDE: &str = "smithy.api";

/// A trait to apply: its absolute id, its value and where it was written.
type TraitEntry = (String, Value, LineColumn);

/// The shapes every file can refer to, with their types.
#[derive(Default)]
pub struct Known {
    types: HashMap<String, String>,
}

impl Known {
    /// Collects the shapes of the IDL `files` and of the other `documents`
    /// (JSON AST files and the built-in prelude).
    pub fn new<'d>(files: &[&IdlFile], documents: impl IntoIterator<Item = &'d Document>) -> Self {
        let mut types = HashMap::new();
        for document in documents {
            for (id, shape) in document.shapes().into_iter().flatten() {
                if let Some(shape_type) = shape.get("type").and_then(Value::as_str) {
                    if shape_type != "apply" {
                        types.insert(id.clone(), shape_type.to_string());
                    }
                }
            }
        }
        for file in files {
            let Some(namespace) = &file.namespace else {
                continue;
            };
            for statement in &file.statements {
                let Statement::Shape(shape) = statement else {
                    continue;
                };
                types.insert(
                    format!("{namespace}#{}", shape.name),
                    shape.shape_type.name().to_string(),
                );
                let Body::Operation(properties) = &shape.body else {
                    continue;
                };
                for property in properties {
                    if let OperationValue::Inline(_) = property.value {
                        let suffix = if property.name == "input" {
                            &file.input_suffix
                        } else {
                            &file.output_suffix
                        };
                        types.insert(
                            format!("{namespace}#{}{suffix}", shape.name),
                            "structure".to_string(),
                        );
                    }
                }
            }
        }
        Self { types }
    }

    fn contains(&self, id: &str) -> bool {
        self.types.contains_key(id)
    }

    fn type_of(&self, id: &str) -> Option<&str> {
        self.types.get(id).map(String::as_str)
    }
}

/// The document converted from an IDL file, with the elided members and
/// `for` bindings left for [`super::elision`] to resolve.
pub struct Converted {
    pub document: Document,
    pub elided: Vec<Elided>,
    pub bindings: Vec<Binding>,
    pub problems: Diagnostics,
}

/// Converts `file`, which will be document number `document_index` of the
/// model; `known` lists every shape of the model.
pub fn convert(file: &IdlFile, known: &Known, document_index: usize) -> Converted {
    let mut converter = Converter {
        file,
        known,
        namespace: file.namespace.clone().unwrap_or_default(),
        uses: HashMap::new(),
        shapes: Map::new(),
        applies: Vec::new(),
        positions: Positions::default(),
        root: Location::new(&file.path, "$"),
        problems: Diagnostics::default(),
        elided: Vec::new(),
        bindings: Vec::new(),
        document_index,
    };
    let value = converter.run();
    Converted {
        document: Document {
            path: file.path.clone(),
            value,
            positions: Arc::new(converter.positions),
        },
        elided: converter.elided,
        bindings: converter.bindings,
        problems: converter.problems,
    }
}

struct Converter<'a> {
    file: &'a IdlFile,
    known: &'a Known,
    namespace: String,
    /// Names imported by `use`, to their absolute ids.
    uses: HashMap<String, String>,
    shapes: Map<String, Value>,
    /// `apply` statements: the target id and the traits.
    applies: Vec<(String, Vec<TraitEntry>)>,
    positions: Positions,
    root: Location,
    problems: Diagnostics,
    elided: Vec<Elided>,
    bindings: Vec<Binding>,
    document_index: usize,
}

impl Converter<'_> {
    fn problem(&mut self, at: LineColumn, message: impl Into<String>) {
        self.problems.push(Diagnostic::new(
            Location::at_line(&self.file.path, at),
            message,
        ));
    }

    fn record(&mut self, location: &Location, at: LineColumn) {
        self.positions.insert(location.position.clone(), at);
    }

    fn run(&mut self) -> Value {
        let mut document = Map::new();
        document.insert("smithy".into(), json!(self.file.version.as_str()));

        let metadata = self.metadata();
        if !metadata.is_empty() {
            document.insert("metadata".into(), Value::Object(metadata));
        }

        for (id, at) in &self.file.uses {
            let name = id.rsplit('#').next().unwrap_or(id).to_string();
            match self.uses.get(&name) {
                Some(existing) if existing != id => {
                    let message = format!(
                        "cannot import `{id}`: the name `{name}` already refers to `{existing}`"
                    );
                    self.problem(*at, message);
                }
                _ => {
                    self.uses.insert(name, id.clone());
                }
            }
        }

        for statement in &self.file.statements {
            match statement {
                Statement::Shape(shape) => self.shape(shape, shape.name.clone()),
                Statement::Apply(apply) => self.apply(apply),
            }
        }
        self.merge_applies();

        document.insert(
            "shapes".into(),
            Value::Object(std::mem::take(&mut self.shapes)),
        );
        Value::Object(document)
    }

    // ---- shape ids ----

    /// Resolves a shape id used as a reference (a member target, an
    /// operation's input, a mixin, a trait name).
    fn resolve(&self, id: &IdRef) -> String {
        if id.text.contains('#') {
            return id.text.clone();
        }
        let (root, member) = match id.text.split_once('$') {
            Some((root, member)) => (root, Some(member)),
            None => (id.text.as_str(), None),
        };
        let mut absolute = self
            .resolve_root(root)
            .unwrap_or_else(|| format!("{}#{root}", self.namespace));
        if let Some(member) = member {
            absolute.push('$');
            absolute.push_str(member);
        }
        absolute
    }

    /// Resolves a relative shape name to a `use` import, a shape of the
    /// namespace or a prelude shape.
    fn resolve_root(&self, name: &str) -> Option<String> {
        if let Some(imported) = self.uses.get(name) {
            return Some(imported.clone());
        }
        let local = format!("{}#{name}", self.namespace);
        if !self.namespace.is_empty() && self.known.contains(&local) {
            return Some(local);
        }
        let prelude = format!("{PRELUDE}#{name}");
        self.known.contains(&prelude).then_some(prelude)
    }

    /// Resolves an unquoted shape id in a trait or metadata value, which
    /// must name a shape when relative, since it is more likely a string
    /// missing its quotes than a reference to nothing.
    fn resolve_value_id(&mut self, text: &str, at: LineColumn) -> String {
        if text.contains('#') {
            return text.to_string();
        }
        let (root, member) = match text.split_once('$') {
            Some((root, member)) => (root, Some(member)),
            None => (text, None),
        };
        let Some(mut absolute) = self.resolve_root(root) else {
            let tried = if self.namespace.is_empty() {
                format!("{PRELUDE}#{root}")
            } else {
                format!("{}#{root}", self.namespace)
            };
            self.problem(
                at,
                format!(
                    "the unquoted value `{text}` is read as a shape id, but no shape `{tried}` is defined; \
                     quote it if it is meant as a string"
                ),
            );
            return text.to_string();
        };
        if let Some(member) = member {
            absolute.push('$');
            absolute.push_str(member);
        }
        absolute
    }

    // ---- node values and traits ----

    fn node(&mut self, node: &Node) -> Value {
        match &node.value {
            NodeValue::Null => Value::Null,
            NodeValue::Bool(value) => Value::Bool(*value),
            NodeValue::Number(number) => Value::Number(number.clone()),
            NodeValue::String(text) => Value::String(text.clone()),
            NodeValue::ShapeId(text) => Value::String(self.resolve_value_id(text, node.at)),
            NodeValue::Array(items) => {
                Value::Array(items.iter().map(|item| self.node(item)).collect())
            }
            NodeValue::Object(entries) => {
                let mut map = Map::new();
                for (key, value) in entries {
                    let value = self.node(value);
                    map.insert(key.text.clone(), value);
                }
                Value::Object(map)
            }
        }
    }

    /// Returns the value of an annotation trait written without one: an
    /// empty list for list traits, an empty object for the others.
    fn annotation_value(&self, trait_id: &str) -> Value {
        match self.known.type_of(trait_id) {
            Some("list" | "set") => json!([]),
            _ => json!({}),
        }
    }

    /// Converts the traits of a statement, with its `///` documentation,
    /// into `(id, value, where)` entries.
    fn trait_entries(
        &mut self,
        documentation: &Option<(String, LineColumn)>,
        traits: &[TraitApplication],
    ) -> Vec<TraitEntry> {
        let mut entries = Vec::new();
        if let Some((text, at)) = documentation {
            entries.push((format!("{PRELUDE}#documentation"), json!(text), *at));
        }
        for application in traits {
            let id = self.resolve(&application.id);
            if id.contains('$') {
                self.problem(
                    application.at,
                    format!(
                        "trait `@{}` names a member; a trait must be a shape",
                        application.id.text
                    ),
                );
                continue;
            }
            let value = match &application.value {
                Some(node) => self.node(node),
                None => self.annotation_value(&id),
            };
            if id == format!("{PRELUDE}#mixin") && self.file.version == Version::V1 {
                self.problem(
                    application.at,
                    "the `@mixin` trait can only be used with Smithy IDL version 2.0",
                );
            }
            entries.push((id, value, application.at));
        }
        entries
    }

    /// Adds trait entries to `traits`, recording their positions below
    /// `at` (the JSON path of the traits object).
    fn add_traits(
        &mut self,
        traits: &mut Map<String, Value>,
        entries: Vec<TraitEntry>,
        at: &Location,
    ) {
        for (id, value, line) in entries {
            self.record(&at.key(&id), line);
            match traits.get(&id) {
                None => {
                    traits.insert(id, value);
                }
                Some(existing) => match merge_values(existing, &value) {
                    Ok(merged) => {
                        traits.insert(id, merged);
                    }
                    Err(reason) => {
                        self.problem(line, format!("trait `{id}` is applied twice with {reason}"))
                    }
                },
            }
        }
    }

    fn metadata(&mut self) -> Map<String, Value> {
        let mut metadata = Map::new();
        for (key, node) in &self.file.metadata {
            let value = self.node(node);
            match metadata.get(&key.text) {
                None => {
                    metadata.insert(key.text.clone(), value);
                }
                Some(existing) => match merge_values(existing, &value) {
                    Ok(merged) => {
                        metadata.insert(key.text.clone(), merged);
                    }
                    Err(reason) => self.problem(
                        key.at,
                        format!("metadata key {:?} is set twice with {reason}", key.text),
                    ),
                },
            }
        }
        metadata
    }

    // ---- shapes ----

    fn shape(&mut self, shape: &ShapeDef, name: String) {
        let id = format!("{}#{name}", self.namespace);
        if let Some(imported) = self.uses.get(&name) {
            if *imported != id {
                let message =
                    format!("shape name `{name}` conflicts with the imported shape `{imported}`");
                self.problem(shape.name_at, message);
                return;
            }
        }
        if self.shapes.contains_key(&id) {
            self.problem(
                shape.name_at,
                format!("shape `{id}` is defined twice in this file"),
            );
            return;
        }
        let at = self.root.key("shapes").key(&id);
        self.record(&at, shape.name_at);

        let mut body = Map::new();
        body.insert("type".into(), json!(shape.shape_type.name()));

        let mixins: Vec<String> = shape.mixins.iter().map(|m| self.resolve(m)).collect();
        if !mixins.is_empty() {
            for (i, mixin) in shape.mixins.iter().enumerate() {
                self.record(&at.key("mixins").index(i), mixin.at);
            }
            let list: Vec<Value> = mixins.iter().map(|m| json!({ "target": m })).collect();
            body.insert("mixins".into(), Value::Array(list));
        }

        let resource = shape.for_resource.as_ref().map(|r| {
            let resource = self.resolve(r);
            self.bindings.push(Binding {
                path: self.file.path.clone(),
                shape: id.clone(),
                resource: resource.clone(),
                at: r.at,
            });
            resource
        });

        let entries = self.trait_entries(&shape.documentation, &shape.traits);
        let mut traits = Map::new();
        self.add_traits(&mut traits, entries, &at.key("traits"));

        match &shape.body {
            Body::None => {}
            Body::Members(members) => {
                let context = MemberContext {
                    shape: &id,
                    at: &at,
                    resource: resource.as_deref(),
                    mixins: &mixins,
                };
                self.members(shape.shape_type, members, &context, &mut body);
            }
            Body::Properties(node) => {
                self.entity_properties(shape.shape_type, &id, node, &at, &mut body)
            }
            Body::Operation(properties) => self.operation(&name, properties, &at, &mut body),
        }

        if !traits.is_empty() {
            body.insert("traits".into(), Value::Object(traits));
        }
        self.shapes.insert(id, Value::Object(body));
    }

    fn members(
        &mut self,
        shape_type: ShapeType,
        members: &[MemberDef],
        context: &MemberContext<'_>,
        body: &mut Map<String, Value>,
    ) {
        let fixed: &[&str] = match shape_type {
            ShapeType::List | ShapeType::Set => &["member"],
            ShapeType::Map => &["key", "value"],
            _ => &[],
        };
        let mut named = Map::new();
        for member in members {
            if !fixed.is_empty() && !fixed.contains(&member.name.as_str()) {
                let expected: Vec<String> = fixed.iter().map(|n| format!("`{n}`")).collect();
                self.problem(
                    member.name_at,
                    format!(
                        "a {} shape has no member `{}`: its members are {}",
                        shape_type.name(),
                        member.name,
                        expected.join(" and ")
                    ),
                );
                continue;
            }
            let (at, slot) = if fixed.is_empty() {
                (
                    context.at.key("members").key(&member.name),
                    MemberSlot::Members(member.name.clone()),
                )
            } else {
                (
                    context.at.key(&member.name),
                    MemberSlot::Fixed(member.name.clone()),
                )
            };
            let value = match shape_type {
                ShapeType::Enum | ShapeType::IntEnum => self.enum_member(shape_type, member, &at),
                _ => self.member(member, &at, slot, context),
            };
            if fixed.is_empty() {
                named.insert(member.name.clone(), value);
            } else {
                body.insert(member.name.clone(), value);
            }
        }
        if fixed.is_empty() {
            body.insert("members".into(), Value::Object(named));
        }
    }

    fn member(
        &mut self,
        member: &MemberDef,
        at: &Location,
        slot: MemberSlot,
        context: &MemberContext<'_>,
    ) -> Value {
        self.record(at, member.name_at);
        let mut body = Map::new();
        match &member.target {
            Some(target) => {
                self.record(&at.key("target"), target.at);
                body.insert("target".into(), json!(self.resolve(target)));
            }
            None => self.elided.push(Elided {
                document: self.document_index,
                path: self.file.path.clone(),
                shape: context.shape.to_string(),
                slot,
                at: member.name_at,
                resource: context.resource.map(str::to_string),
                mixins: context.mixins.to_vec(),
            }),
        }

        let mut entries = self.trait_entries(&member.documentation, &member.traits);
        if let Some(value) = &member.value {
            let default = self.node(value);
            entries.push((format!("{PRELUDE}#default"), default, value.at));
        }
        if !entries.is_empty() {
            let mut traits = Map::new();
            self.add_traits(&mut traits, entries, &at.key("traits"));
            body.insert("traits".into(), Value::Object(traits));
        }
        Value::Object(body)
    }

    /// Converts an enum member, whose `= value` is its `enumValue`: a string
    /// for `enum` (the member name when omitted), a 32-bit integer for
    /// `intEnum`.
    fn enum_member(&mut self, shape_type: ShapeType, member: &MemberDef, at: &Location) -> Value {
        self.record(at, member.name_at);
        let mut entries = self.trait_entries(&member.documentation, &member.traits);
        let enum_value_id = format!("{PRELUDE}#enumValue");
        let has_enum_value = entries.iter().any(|(id, _, _)| *id == enum_value_id);

        match (&member.value, shape_type) {
            (Some(node), ShapeType::Enum) => match &node.value {
                NodeValue::String(text) => entries.push((enum_value_id, json!(text), node.at)),
                other => self.problem(
                    node.at,
                    format!("enum member `{}` needs a string value, found {}", member.name, other.describe()),
                ),
            },
            (None, ShapeType::Enum) if !has_enum_value => {
                entries.push((enum_value_id, json!(member.name), member.name_at));
            }
            (Some(node), _) => match &node.value {
                NodeValue::Number(number) => match number.as_i64() {
                    Some(value) if i32::try_from(value).is_ok() => entries.push((enum_value_id, json!(value), node.at)),
                    Some(value) => self.problem(
                        node.at,
                        format!("intEnum member `{}` has value {value}, which does not fit a 32-bit integer", member.name),
                    ),
                    None if number.is_f64() => self.problem(
                        node.at,
                        format!("intEnum member `{}` has value {number}: intEnum values must be integers", member.name),
                    ),
                    None => self.problem(
                        node.at,
                        format!("intEnum member `{}` has value {number}, which does not fit a 32-bit integer", member.name),
                    ),
                },
                other => self.problem(
                    node.at,
                    format!("intEnum member `{}` needs an integer value, found {}", member.name, other.describe()),
                ),
            },
            (None, _) => {}
        }

        let mut body = Map::new();
        body.insert("target".into(), json!(format!("{PRELUDE}#Unit")));
        if !entries.is_empty() {
            let mut traits = Map::new();
            self.add_traits(&mut traits, entries, &at.key("traits"));
            body.insert("traits".into(), Value::Object(traits));
        }
        Value::Object(body)
    }

    // ---- services, resources and operations ----

    fn reference(&mut self, node: &Node, at: &Location) -> Option<Value> {
        let text = match &node.value {
            NodeValue::ShapeId(text) | NodeValue::String(text) => text.clone(),
            other => {
                self.problem(
                    node.at,
                    format!("expected a shape id, found {}", other.describe()),
                );
                return None;
            }
        };
        self.record(at, node.at);
        let id = self.resolve(&IdRef { text, at: node.at });
        Some(json!({ "target": id }))
    }

    fn references(&mut self, node: &Node, at: &Location) -> Option<Value> {
        let NodeValue::Array(items) = &node.value else {
            self.problem(
                node.at,
                format!(
                    "expected a list of shape ids, found {}",
                    node.value.describe()
                ),
            );
            return None;
        };
        self.record(at, node.at);
        let list = items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| self.reference(item, &at.index(i)))
            .collect();
        Some(Value::Array(list))
    }

    fn entity_properties(
        &mut self,
        shape_type: ShapeType,
        id: &str,
        node: &Node,
        at: &Location,
        body: &mut Map<String, Value>,
    ) {
        let NodeValue::Object(entries) = &node.value else {
            self.problem(
                node.at,
                format!("expected the properties of {id} in `{{ }}`"),
            );
            return;
        };
        for (key, value) in entries {
            let property_at = at.key(&key.text);
            let converted = match (shape_type, key.text.as_str()) {
                (ShapeType::Service, "version") => match &value.value {
                    NodeValue::String(text) => Some(json!(text)),
                    other => {
                        self.problem(
                            value.at,
                            format!(
                                "the service version must be a string, found {}",
                                other.describe()
                            ),
                        );
                        None
                    }
                },
                (ShapeType::Service, "operations" | "resources" | "errors")
                | (ShapeType::Resource, "operations" | "collectionOperations" | "resources") => {
                    self.references(value, &property_at)
                }
                (ShapeType::Service, "rename") => self.rename(value),
                (ShapeType::Resource, "identifiers" | "properties") => {
                    self.named_references(value, &property_at)
                }
                (ShapeType::Resource, "create" | "put" | "read" | "update" | "delete" | "list") => {
                    self.reference(value, &property_at)
                }
                (_, other) => {
                    self.problem(
                        key.at,
                        format!("unknown {} property `{other}` of {id}", shape_type.name()),
                    );
                    None
                }
            };
            if let Some(converted) = converted {
                self.record(&property_at, key.at);
                body.insert(key.text.clone(), converted);
            }
        }
    }

    fn rename(&mut self, node: &Node) -> Option<Value> {
        let NodeValue::Object(entries) = &node.value else {
            self.problem(
                node.at,
                "expected `rename` to map shape ids to names in `{ }`",
            );
            return None;
        };
        let mut map = Map::new();
        for (key, value) in entries {
            match &value.value {
                NodeValue::String(name) => {
                    map.insert(key.text.clone(), json!(name));
                }
                other => self.problem(
                    value.at,
                    format!("expected a string name, found {}", other.describe()),
                ),
            }
        }
        Some(Value::Object(map))
    }

    fn named_references(&mut self, node: &Node, at: &Location) -> Option<Value> {
        let NodeValue::Object(entries) = &node.value else {
            self.problem(node.at, "expected names mapped to shape ids in `{ }`");
            return None;
        };
        let mut map = Map::new();
        for (key, value) in entries {
            if let Some(reference) = self.reference(value, &at.key(&key.text)) {
                map.insert(key.text.clone(), reference);
            }
        }
        Some(Value::Object(map))
    }

    fn operation(
        &mut self,
        name: &str,
        properties: &[OperationProperty],
        at: &Location,
        body: &mut Map<String, Value>,
    ) {
        for property in properties {
            let property_at = at.key(&property.name);
            self.record(&property_at, property.at);
            let value = match &property.value {
                OperationValue::Target(target) => {
                    self.record(&property_at, target.at);
                    json!({ "target": self.resolve(target) })
                }
                OperationValue::Errors(errors) => {
                    let list: Vec<Value> = errors
                        .iter()
                        .enumerate()
                        .map(|(i, error)| {
                            self.record(&property_at.index(i), error.at);
                            json!({ "target": self.resolve(error) })
                        })
                        .collect();
                    Value::Array(list)
                }
                OperationValue::Inline(structure) => {
                    let file = self.file;
                    let (suffix, marker) = if property.name == "input" {
                        (&file.input_suffix, "input")
                    } else {
                        (&file.output_suffix, "output")
                    };
                    let structure_name = format!("{name}{suffix}");
                    let mut structure = (**structure).clone();
                    structure.traits.push(TraitApplication {
                        id: IdRef {
                            text: format!("{PRELUDE}#{marker}"),
                            at: structure.type_at,
                        },
                        at: structure.type_at,
                        value: None,
                    });
                    self.shape(&structure, structure_name.clone());
                    json!({ "target": format!("{}#{structure_name}", self.namespace) })
                }
            };
            body.insert(property.name.clone(), value);
        }
    }

    // ---- apply ----

    fn apply(&mut self, apply: &Apply) {
        let target = self.resolve(&apply.target);
        let entries = self.trait_entries(&None, &apply.traits);
        self.applies.push((target, entries));
    }

    /// Adds the traits of `apply` statements to the shapes and members of
    /// this file they target. The others stay `apply` entries, which are
    /// resolved once every file is loaded.
    fn merge_applies(&mut self) {
        for (target, entries) in std::mem::take(&mut self.applies) {
            let (shape_id, member) = match target.split_once('$') {
                Some((shape, member)) => (shape.to_string(), Some(member.to_string())),
                None => (target.clone(), None),
            };
            let shape_at = self.root.key("shapes").key(&shape_id);
            let local = self
                .shapes
                .get(&shape_id)
                .is_some_and(|shape| match &member {
                    None => true,
                    Some(member) => local_member(shape, member).is_some(),
                });

            let (at, key) = if local {
                let at = match &member {
                    None => shape_at.clone(),
                    Some(member) => member_location(&self.shapes[&shape_id], &shape_at, member),
                };
                (at, shape_id.clone())
            } else {
                (self.root.key("shapes").key(&target), target.clone())
            };

            let mut shape = self
                .shapes
                .remove(&key)
                .unwrap_or_else(|| json!({ "type": "apply" }));
            let body = match (&member, local) {
                (Some(member), true) => {
                    local_member_mut(&mut shape, member).expect("checked above")
                }
                _ => shape.as_object_mut().expect("shapes are objects"),
            };
            let mut traits = std::mem::take(traits_mut(body));
            self.add_traits(&mut traits, entries, &at.key("traits"));
            body.insert("traits".into(), Value::Object(traits));
            self.shapes.insert(key, shape);
        }
    }
}

/// The context of a member conversion: its shape, bound resource and
/// mixins.
struct MemberContext<'a> {
    shape: &'a str,
    at: &'a Location,
    resource: Option<&'a str>,
    mixins: &'a [String],
}

/// Returns member `name` of a converted shape.
fn local_member<'v>(shape: &'v Value, name: &str) -> Option<&'v Value> {
    shape.get("members").and_then(|m| m.get(name)).or_else(|| {
        ["member", "key", "value"]
            .contains(&name)
            .then(|| shape.get(name))
            .flatten()
    })
}

fn local_member_mut<'v>(shape: &'v mut Value, name: &str) -> Option<&'v mut Map<String, Value>> {
    let in_members = shape.get("members").and_then(|m| m.get(name)).is_some();
    let member = if in_members {
        shape.get_mut("members")?.get_mut(name)?
    } else {
        shape.get_mut(name)?
    };
    member.as_object_mut()
}

fn member_location(shape: &Value, shape_at: &Location, name: &str) -> Location {
    if shape.get("members").and_then(|m| m.get(name)).is_some() {
        shape_at.key("members").key(name)
    } else {
        shape_at.key(name)
    }
}
