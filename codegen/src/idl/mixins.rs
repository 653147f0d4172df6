//! Applies `apply` entries and mixins across all documents of a model, for
//! JSON AST and IDL files alike.
//!
//! A shape with mixins gets their members first, in mixin order, then its
//! own. A member it redefines must keep the target. Traits come from the
//! mixins in order, later ones winning, except the `@mixin` trait and the
//! mixin's `localTraits`. The shape's own traits win over all of them.
//! Traits applied with `apply` win over inherited ones but must agree with
//! the shape's own, following the trait conflict rules of the Smithy
//! specification.

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;
use serde_json::{json, Map, Value};

use super::document::{merge_values, target_of, traits_mut, type_of, Document, ShapeIndex};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};

const MIXIN_TRAIT: &str = "smithy.api#mixin";
const UNIT: &str = "smithy.api#Unit";

/// Maximum nesting of mixins, so that a long chain cannot overflow the
/// stack.
const MAX_MIXIN_DEPTH: usize = 256;

/// The treatment of mixins once their members and traits are copied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MixinMode {
    /// Keep the `mixins` lists and the mixin shapes, as the semantic model
    /// does; used to compare two files that define the same model.
    Keep,
    /// Remove the `mixins` lists and every shape with the `@mixin` trait,
    /// leaving the model a generator reads.
    Flatten,
}

/// Applies the `apply` entries and mixins of `documents`, which may refer
/// to shapes of `others` (such as the prelude), leaving `others` unchanged.
pub fn resolve(documents: &mut [Document], others: &[Document], mode: MixinMode) -> Diagnostics {
    let mut applies: HashMap<String, Vec<Apply>> = HashMap::new();
    for (document_index, document) in documents.iter_mut().enumerate() {
        let root = document.root();
        let Some(shapes) = document.shapes_mut() else {
            continue;
        };
        let apply_ids: Vec<String> = shapes
            .iter()
            .filter(|(_, shape)| type_of(shape) == Some("apply"))
            .map(|(id, _)| id.clone())
            .collect();
        for id in apply_ids {
            let Some(entry) = shapes.shift_remove(&id) else {
                continue;
            };
            let traits = entry
                .get("traits")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            let (shape, member) = match id.split_once('$') {
                Some((shape, member)) => (shape.to_string(), Some(member.to_string())),
                None => (id.clone(), None),
            };
            applies.entry(shape).or_default().push(Apply {
                target: id.clone(),
                member,
                traits,
                document: document_index,
                at: root.key("shapes").key(&id),
            });
        }
    }

    let mut resolver = Resolver {
        index: ShapeIndex::new(documents.iter().chain(others)),
        documents,
        others,
        applies,
        resolved: HashMap::new(),
        visiting: HashSet::new(),
        problems: Diagnostics::default(),
        mode,
    };
    let ids: Vec<(usize, String)> = resolver
        .documents
        .iter()
        .enumerate()
        .flat_map(|(i, d)| {
            d.shapes()
                .into_iter()
                .flatten()
                .map(move |(id, _)| (i, id.clone()))
        })
        .collect();
    for (_, id) in &ids {
        resolver.visit(id, 0);
    }
    resolver.check_mixin_shapes(&ids);

    let Resolver {
        documents,
        resolved,
        applies,
        mut problems,
        ..
    } = resolver;
    for (document_index, id) in &ids {
        let Some(shapes) = documents[*document_index].shapes_mut() else {
            continue;
        };
        if let Some(value) = resolved.get(id) {
            shapes.insert(id.clone(), value.clone());
        }
        let is_mixin = shapes
            .get(id)
            .is_some_and(|shape| has_trait(shape, MIXIN_TRAIT));
        if mode == MixinMode::Flatten && is_mixin {
            shapes.shift_remove(id);
        }
    }

    // `apply` entries whose target is in no document stay, for assembly to
    // apply to a built-in shape or report.
    for apply in applies.into_values().flatten() {
        let Some(shapes) = documents[apply.document].shapes_mut() else {
            problems.push(Diagnostic::new(
                apply.at,
                "`apply` entry in a model without `shapes`",
            ));
            continue;
        };
        shapes.insert(
            apply.target,
            json!({ "type": "apply", "traits": apply.traits }),
        );
    }
    problems
}

/// Traits applied to a shape or member from outside its definition.
struct Apply {
    target: String,
    member: Option<String>,
    traits: Map<String, Value>,
    document: usize,
    at: Location,
}

struct Resolver<'d> {
    documents: &'d mut [Document],
    others: &'d [Document],
    index: ShapeIndex,
    /// Unapplied `apply` entries by the shape they concern.
    applies: HashMap<String, Vec<Apply>>,
    /// Shapes with their mixins and `apply` entries applied.
    resolved: HashMap<String, Value>,
    visiting: HashSet<String>,
    problems: Diagnostics,
    mode: MixinMode,
}

impl Resolver<'_> {
    fn problem(&mut self, at: Location, message: String) {
        self.problems.push(Diagnostic::new(at, message));
    }

    /// Returns the document and the value of shape `id` as loaded.
    fn original(&self, id: &str) -> Option<(&Document, &Value)> {
        let i = self.index.get(id)?;
        let document = match self.documents.get(i) {
            Some(document) => document,
            None => self.others.get(i - self.documents.len())?,
        };
        Some((document, document.shapes()?.get(id)?))
    }

    /// Returns shape `id` with its mixins applied, once visited.
    fn lookup(&self, id: &str) -> Option<&Value> {
        self.resolved
            .get(id)
            .or_else(|| self.original(id).map(|(_, value)| value))
    }

    fn visit(&mut self, id: &str, depth: usize) {
        if self.resolved.contains_key(id) {
            return;
        }
        let is_document_shape = self.index.get(id).is_some_and(|i| i < self.documents.len());
        let Some((document, original)) = self.original(id) else {
            return;
        };
        // Most shapes have neither mixins nor `apply` entries; leaving them
        // untouched avoids copying large models.
        if !is_document_shape || (mixin_ids(original).is_empty() && !self.applies.contains_key(id))
        {
            return;
        }
        let original = original.clone();
        let at = document.shape_location(id);
        if depth > MAX_MIXIN_DEPTH {
            self.problem(
                at,
                format!("the mixins of {id} are nested more than {MAX_MIXIN_DEPTH} levels deep"),
            );
            return;
        }

        self.visiting.insert(id.to_string());
        let mut cyclic = HashSet::new();
        for (i, mixin) in mixin_ids(&original).into_iter().enumerate() {
            if self.visiting.contains(&mixin) {
                let message = format!("mixins form a cycle: {id} mixes in {mixin}, which mixes in {id} directly or through other mixins");
                self.problem(at.key("mixins").index(i), message);
                cyclic.insert(mixin);
            } else {
                self.visit(&mixin, depth + 1);
            }
        }
        self.visiting.remove(id);

        let composed = self.compose(id, &original, &at, &cyclic);
        self.resolved.insert(id.to_string(), composed);
    }

    /// Returns shape `id` with the members, traits and properties of its
    /// mixins, and its `apply` entries applied.
    fn compose(
        &mut self,
        id: &str,
        original: &Value,
        at: &Location,
        cyclic: &HashSet<String>,
    ) -> Value {
        let applies = self.applies.remove(id).unwrap_or_default();
        let mixins = mixin_ids(original);
        let Some(body) = original.as_object() else {
            return original.clone();
        };
        if mixins.is_empty() && applies.is_empty() {
            return original.clone();
        }
        let shape_type = type_of(original).unwrap_or_default().to_string();

        let mut inherited: IndexMap<String, (Value, String)> = IndexMap::new();
        let mut traits = Map::new();
        let mut used = Vec::new();
        for (i, mixin_id) in mixins.iter().enumerate() {
            let mixin_at = at.key("mixins").index(i);
            if cyclic.contains(mixin_id) {
                continue;
            }
            let Some(mixin) = self.lookup(mixin_id).cloned() else {
                self.problem(mixin_at, format!("mixin {mixin_id} of {id} is not defined"));
                continue;
            };
            if !has_trait(&mixin, MIXIN_TRAIT) {
                self.problem(
                    mixin_at,
                    format!("{id} uses {mixin_id} as a mixin, but {mixin_id} has no `@mixin` trait; add it to {mixin_id}"),
                );
                continue;
            }
            let mixin_type = type_of(&mixin).unwrap_or_default();
            if mixin_type != shape_type {
                self.problem(
                    mixin_at,
                    format!("a mixin must have the type of the shape it is mixed into, but {id} is a {shape_type} and {mixin_id} is a {mixin_type}"),
                );
                continue;
            }

            for (name, member) in members(&mixin) {
                match inherited.get_mut(&name) {
                    Some((existing, from)) if target_of(existing) != target_of(&member) => {
                        let message = format!(
                            "{id} inherits member `{name}` from {from} (targeting {}) and from {mixin_id} (targeting {}); \
                             a member must have one target",
                            target_of(existing).unwrap_or("nothing"),
                            target_of(&member).unwrap_or("nothing"),
                        );
                        self.problem(mixin_at.clone(), message);
                    }
                    Some((existing, _)) => overlay_traits(existing, &member),
                    None => {
                        inherited.insert(name, (member, mixin_id.clone()));
                    }
                }
            }

            let local = local_traits(&mixin);
            for (trait_id, value) in mixin
                .get("traits")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                if !local.contains(trait_id) {
                    traits.insert(trait_id.clone(), value.clone());
                }
            }
            used.push(mixin);
        }

        // The shape's own members, after the inherited ones.
        let mut merged: IndexMap<String, Value> = inherited
            .iter()
            .map(|(n, (m, _))| (n.clone(), m.clone()))
            .collect();
        let mut own_traits: HashMap<String, HashSet<String>> = HashMap::new();
        for (name, member) in members(original) {
            own_traits.insert(name.clone(), trait_ids(&member));
            match merged.get_mut(&name) {
                Some(existing) if target_of(existing) != target_of(&member) => {
                    let from = inherited
                        .get(&name)
                        .map(|(_, from)| from.clone())
                        .unwrap_or_default();
                    let message = format!(
                        "member {id}${name} targets {}, but it redefines the member inherited from {from}, which targets {}",
                        target_of(&member).unwrap_or("nothing"),
                        target_of(existing).unwrap_or("nothing"),
                    );
                    self.problem(member_location(original, at, &name), message);
                }
                Some(existing) => overlay_traits(existing, &member),
                None => {
                    merged.insert(name, member);
                }
            }
        }

        let shape_own = trait_ids(original);
        for (trait_id, value) in body
            .get("traits")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            traits.insert(trait_id.clone(), value.clone());
        }

        let mut result = body.clone();
        inherit_properties(&shape_type, &mut result, &used);

        let mut shape_own = shape_own;
        for apply in applies {
            match &apply.member {
                None => self.apply_traits(&mut traits, &mut shape_own, &apply),
                Some(name) => match merged.get_mut(name) {
                    Some(member) => {
                        let own = own_traits.entry(name.clone()).or_default();
                        let mut member_traits = member
                            .get("traits")
                            .and_then(Value::as_object)
                            .cloned()
                            .unwrap_or_default();
                        self.apply_traits(&mut member_traits, own, &apply);
                        if let Some(body) = member.as_object_mut() {
                            body.insert("traits".into(), Value::Object(member_traits));
                        }
                    }
                    None => self.applies.entry(id.to_string()).or_default().push(apply),
                },
            }
        }

        set_members(&mut result, &shape_type, merged);
        if traits.is_empty() {
            result.remove("traits");
        } else {
            result.insert("traits".into(), Value::Object(traits));
        }
        if self.mode == MixinMode::Flatten {
            result.remove("mixins");
        }
        Value::Object(result)
    }

    /// Adds the traits of `apply` to `traits`: they replace inherited
    /// values, and must agree with the shape's own (`own`).
    fn apply_traits(
        &mut self,
        traits: &mut Map<String, Value>,
        own: &mut HashSet<String>,
        apply: &Apply,
    ) {
        for (trait_id, value) in &apply.traits {
            let merged = match traits.get(trait_id) {
                Some(existing) if own.contains(trait_id) => match merge_values(existing, value) {
                    Ok(merged) => merged,
                    Err(reason) => {
                        let message = format!("`apply` sets trait `{trait_id}` of {} to a value that conflicts with its own: {reason}", apply.target);
                        self.problem(apply.at.key("traits").key(trait_id), message);
                        continue;
                    }
                },
                _ => value.clone(),
            };
            traits.insert(trait_id.clone(), merged);
            own.insert(trait_id.clone());
        }
    }

    /// Reports mixins that define what the specification forbids them to:
    /// input or output on operation mixins, identifiers or properties on
    /// resource mixins.
    fn check_mixin_shapes(&mut self, ids: &[(usize, String)]) {
        for (document_index, id) in ids {
            let Some(shape) = self.lookup(id) else {
                continue;
            };
            if !has_trait(shape, MIXIN_TRAIT) {
                continue;
            }
            let at = self.documents[*document_index].shape_location(id);
            let message = match type_of(shape) {
                Some("operation") => {
                    let io: Vec<&str> = ["input", "output"]
                        .into_iter()
                        .filter(|k| shape.get(*k).and_then(target_of).is_some_and(|t| t != UNIT))
                        .collect();
                    (!io.is_empty()).then(|| {
                        format!(
                            "operation mixin {id} defines {}; operation mixins must leave input and output unset (smithy.api#Unit)",
                            io.join(" and ")
                        )
                    })
                }
                Some("resource") => {
                    let defined: Vec<&str> = ["identifiers", "properties"]
                        .into_iter()
                        .filter(|k| {
                            shape
                                .get(*k)
                                .and_then(Value::as_object)
                                .is_some_and(|m| !m.is_empty())
                        })
                        .collect();
                    (!defined.is_empty()).then(|| {
                        format!(
                            "resource mixin {id} defines {}; resource mixins may not define them",
                            defined.join(" and ")
                        )
                    })
                }
                _ => None,
            };
            if let Some(message) = message {
                self.problem(at, message);
            }
        }
    }
}

/// Returns the mixin ids a shape lists.
fn mixin_ids(shape: &Value) -> Vec<String> {
    shape
        .get("mixins")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|m| target_of(m).map(str::to_string))
        .collect()
}

fn has_trait(shape: &Value, id: &str) -> bool {
    shape.get("traits").and_then(|t| t.get(id)).is_some()
}

fn trait_ids(shape_or_member: &Value) -> HashSet<String> {
    shape_or_member
        .get("traits")
        .and_then(Value::as_object)
        .map(|t| t.keys().cloned().collect())
        .unwrap_or_default()
}

/// Returns the traits a mixin keeps to itself: `@mixin` and those its
/// `localTraits` lists.
fn local_traits(mixin: &Value) -> HashSet<String> {
    let mut local: HashSet<String> = mixin
        .get("traits")
        .and_then(|t| t.get(MIXIN_TRAIT))
        .and_then(|m| m.get("localTraits"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect();
    local.insert(MIXIN_TRAIT.to_string());
    local
}

/// Returns the members of a shape, in order: `members` of structures,
/// unions and enums, `member` of lists, `key` and `value` of maps.
fn members(shape: &Value) -> Vec<(String, Value)> {
    if let Some(members) = shape.get("members").and_then(Value::as_object) {
        return members
            .iter()
            .map(|(n, m)| (n.clone(), m.clone()))
            .collect();
    }
    ["member", "key", "value"]
        .into_iter()
        .filter_map(|name| shape.get(name).map(|m| (name.to_string(), m.clone())))
        .collect()
}

fn set_members(shape: &mut Map<String, Value>, shape_type: &str, members: IndexMap<String, Value>) {
    match shape_type {
        "list" | "set" | "map" => {
            for (name, member) in members {
                shape.insert(name, member);
            }
        }
        "structure" | "union" | "enum" | "intEnum" => {
            shape.insert(
                "members".into(),
                Value::Object(members.into_iter().collect()),
            );
        }
        _ => {}
    }
}

fn member_location(shape: &Value, at: &Location, name: &str) -> Location {
    if shape.get("members").is_some() {
        at.key("members").key(name)
    } else {
        at.key(name)
    }
}

/// Copies the traits of `from` over those of member `into`.
fn overlay_traits(into: &mut Value, from: &Value) {
    let Some(from_traits) = from.get("traits").and_then(Value::as_object) else {
        return;
    };
    if from_traits.is_empty() {
        return;
    }
    let Some(body) = into.as_object_mut() else {
        return;
    };
    let traits = traits_mut(body);
    for (id, value) in from_traits {
        traits.insert(id.clone(), value.clone());
    }
}

/// Copies the non-member properties of the mixins `used` into `shape`.
/// These are the errors of operations, the version, operations,
/// resources, errors and renames of services, and the lifecycle
/// operations, operations and resources of resources. Lists are joined
/// with the mixins' entries first, and single values of the shape win.
fn inherit_properties(shape_type: &str, shape: &mut Map<String, Value>, used: &[Value]) {
    if used.is_empty() {
        return;
    }
    let (lists, singles): (&[&str], &[&str]) = match shape_type {
        "operation" => (&["errors"], &[]),
        "service" => (&["operations", "resources", "errors"], &["version"]),
        "resource" => (
            &["operations", "collectionOperations", "resources"],
            &["create", "put", "read", "update", "delete", "list"],
        ),
        _ => return,
    };

    for key in lists {
        let mut joined: Vec<Value> = Vec::new();
        let sources = used.iter().map(|m| m.get(*key)).chain([shape.get(*key)]);
        for list in sources.flatten().filter_map(Value::as_array) {
            for item in list {
                if !joined.contains(item) {
                    joined.push(item.clone());
                }
            }
        }
        if !joined.is_empty() {
            shape.insert(key.to_string(), Value::Array(joined));
        }
    }
    for key in singles {
        if shape.contains_key(*key) {
            continue;
        }
        if let Some(value) = used.iter().rev().find_map(|m| m.get(*key)) {
            shape.insert(key.to_string(), value.clone());
        }
    }
    if shape_type == "service" {
        let mut rename = Map::new();
        let sources = used
            .iter()
            .map(|m| m.get("rename"))
            .chain([shape.get("rename")]);
        for entries in sources.flatten().filter_map(Value::as_object) {
            for (id, name) in entries {
                rename.insert(id.clone(), name.clone());
            }
        }
        if !rename.is_empty() {
            shape.insert("rename".into(), Value::Object(rename));
        }
    }
}

/// Flattens the mixins of the JSON AST model `model`: every shape gets the
/// members and traits of its mixins, `apply` entries are applied, and the
/// `mixins` lists and mixin shapes are removed.
///
/// # Errors
///
/// Fails with every problem found: undefined or cyclic mixins, mixins of
/// another type or without the `@mixin` trait, conflicting members.
pub fn flatten_mixins(model: &Value) -> Result<Value, Diagnostics> {
    let mut documents = [Document::new(
        std::path::Path::new("<model>"),
        model.clone(),
    )];
    let problems = resolve(&mut documents, &[], MixinMode::Flatten);
    let [document] = documents;
    problems.into_result(document.value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flattens_members_and_traits_in_order() {
        let model = json!({
            "smithy": "2.0",
            "shapes": {
                "a#A": {"type": "structure", "members": {"x": {"target": "smithy.api#String", "traits": {"smithy.api#documentation": "A"}}}, "traits": {"smithy.api#mixin": {}, "smithy.api#sensitive": {}}},
                "a#B": {"type": "structure", "mixins": [{"target": "a#A"}], "members": {"y": {"target": "smithy.api#String"}}},
                "a#B$x": {"type": "apply", "traits": {"smithy.api#documentation": "B"}}
            }
        });
        let flat = flatten_mixins(&model).unwrap();
        let b = &flat["shapes"]["a#B"];
        assert!(
            flat["shapes"].get("a#A").is_none(),
            "mixin shapes are removed"
        );
        assert!(b.get("mixins").is_none());
        let names: Vec<&String> = b["members"].as_object().unwrap().keys().collect();
        assert_eq!(names, ["x", "y"]);
        assert_eq!(b["members"]["x"]["traits"]["smithy.api#documentation"], "B");
        assert_eq!(b["traits"], json!({"smithy.api#sensitive": {}}));
    }

    #[test]
    fn rejects_cycles_and_non_mixins() {
        let model = json!({
            "smithy": "2.0",
            "shapes": {
                "a#A": {"type": "structure", "mixins": [{"target": "a#B"}], "traits": {"smithy.api#mixin": {}}},
                "a#B": {"type": "structure", "mixins": [{"target": "a#A"}], "traits": {"smithy.api#mixin": {}}},
                "a#C": {"type": "structure", "mixins": [{"target": "a#D"}]},
                "a#D": {"type": "structure"}
            }
        });
        let problems = flatten_mixins(&model).unwrap_err().to_string();
        assert!(problems.contains("cycle"), "{problems}");
        assert!(problems.contains("has no `@mixin` trait"), "{problems}");
    }
}
