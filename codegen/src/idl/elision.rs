//! Gives elided members (`$name`) their target, once every file of the
//! model is converted: the identifier or property of that name of the
//! resource bound with `for`, else the member of that name of a mixin.

use std::path::PathBuf;

use serde_json::{json, Value};

use super::document::{target_of, type_of, Document, ShapeIndex};
use crate::diagnostics::{Diagnostic, Diagnostics, LineColumn, Location};

/// The place of an elided member in its shape.
#[derive(Clone, Debug)]
pub enum MemberSlot {
    /// In `members`, for structures and unions.
    Members(String),
    /// A top-level key: `member` of a list, `key` or `value` of a map.
    Fixed(String),
}

impl MemberSlot {
    fn name(&self) -> &str {
        match self {
            Self::Members(name) | Self::Fixed(name) => name,
        }
    }
}

/// A member written as `$name`, waiting for its target.
#[derive(Clone, Debug)]
pub struct Elided {
    /// The index of its document among the converted ones.
    pub document: usize,
    pub path: PathBuf,
    pub shape: String,
    pub slot: MemberSlot,
    pub at: LineColumn,
    /// The resource bound with `for`.
    pub resource: Option<String>,
    pub mixins: Vec<String>,
}

/// A shape bound to a resource with `for`.
#[derive(Clone, Debug)]
pub struct Binding {
    pub path: PathBuf,
    pub shape: String,
    pub resource: String,
    pub at: LineColumn,
}

/// Maximum depth of the mixin chain searched for a member. Deeper chains
/// are cycles, which mixin flattening reports.
const MAX_MIXIN_DEPTH: usize = 64;

/// Sets the target of every elided member of `documents`, looking shapes
/// up in `documents` and `others`.
pub fn resolve(
    documents: &mut [Document],
    others: &[Document],
    elided: Vec<Elided>,
    bindings: &[Binding],
) -> Diagnostics {
    let mut problems = Diagnostics::default();
    let index = ShapeIndex::new(documents.iter().chain(others));
    let count = documents.len();

    for binding in bindings {
        let found = index.get(&binding.resource).and_then(|i| {
            let document = if i < count {
                &documents[i]
            } else {
                &others[i - count]
            };
            document
                .shapes()
                .and_then(|s| s.get(&binding.resource))
                .and_then(type_of)
                .map(str::to_string)
        });
        let problem = match found.as_deref() {
            Some("resource") => None,
            Some(other) => Some(format!(
                "{} is bound with `for` to {}, which is a {other}, not a resource",
                binding.shape, binding.resource
            )),
            None => Some(format!(
                "{} is bound with `for` to {}, which is not defined",
                binding.shape, binding.resource
            )),
        };
        if let Some(message) = problem {
            problems.push(Diagnostic::new(
                Location::at_line(&binding.path, binding.at),
                message,
            ));
        }
    }

    // A mixin's member may itself be elided, so resolve in rounds until no
    // more targets can be found.
    let mut pending = elided;
    loop {
        let mut unresolved = Vec::new();
        let mut found_any = false;
        for member in pending {
            let target = {
                let lookup = Lookup {
                    documents,
                    others,
                    index: &index,
                };
                lookup.target(&member)
            };
            match target {
                Some(target) => {
                    set_target(&mut documents[member.document], &member, &target);
                    found_any = true;
                }
                None => unresolved.push(member),
            }
        }
        if unresolved.is_empty() || !found_any {
            pending = unresolved;
            break;
        }
        pending = unresolved;
    }

    for member in pending {
        let source = match (&member.resource, member.mixins.is_empty()) {
            (Some(resource), true) => format!("the resource {resource}"),
            (Some(resource), false) => format!("the resource {resource} nor its mixins"),
            (None, false) => "its mixins".to_string(),
            (None, true) => "anything: the shape has neither `for` nor mixins".to_string(),
        };
        problems.push(
            Diagnostic::new(
                Location::at_line(&member.path, member.at),
                format!(
                    "member `${}` of {} is elided, but its target comes from {source}, which has no member `{}`",
                    member.slot.name(),
                    member.shape,
                    member.slot.name()
                ),
            )
            .hint("write the member with its target, `name: Target`"),
        );
    }
    problems
}

struct Lookup<'a> {
    documents: &'a [Document],
    others: &'a [Document],
    index: &'a ShapeIndex,
}

impl Lookup<'_> {
    fn shape(&self, id: &str) -> Option<&Value> {
        let i = self.index.get(id)?;
        let document = match self.documents.get(i) {
            Some(document) => document,
            None => self.others.get(i - self.documents.len())?,
        };
        document.shapes()?.get(id)
    }

    fn target(&self, member: &Elided) -> Option<String> {
        let name = member.slot.name();
        if let Some(resource) = member.resource.as_deref().and_then(|r| self.shape(r)) {
            for field in ["identifiers", "properties"] {
                let found = resource
                    .get(field)
                    .and_then(|f| f.get(name))
                    .and_then(target_of);
                if let Some(target) = found {
                    return Some(target.to_string());
                }
            }
        }
        member
            .mixins
            .iter()
            .find_map(|mixin| self.member_target(mixin, name, 0))
    }

    /// Returns the target of member `name` of shape `id`, defined there or
    /// inherited from its mixins.
    fn member_target(&self, id: &str, name: &str, depth: usize) -> Option<String> {
        if depth > MAX_MIXIN_DEPTH {
            return None;
        }
        let shape = self.shape(id)?;
        let local = shape.get("members").and_then(|m| m.get(name)).or_else(|| {
            shape
                .get(name)
                .filter(|_| ["member", "key", "value"].contains(&name))
        });
        if let Some(target) = local.and_then(target_of) {
            return Some(target.to_string());
        }
        let mixins = shape.get("mixins").and_then(Value::as_array)?;
        mixins
            .iter()
            .filter_map(target_of)
            .find_map(|mixin| self.member_target(mixin, name, depth + 1))
    }
}

fn set_target(document: &mut Document, member: &Elided, target: &str) {
    let Some(shape) = document.shapes_mut().and_then(|s| s.get_mut(&member.shape)) else {
        return;
    };
    let slot = match &member.slot {
        MemberSlot::Members(name) => shape.get_mut("members").and_then(|m| m.get_mut(name)),
        MemberSlot::Fixed(name) => shape.get_mut(name),
    };
    if let Some(Value::Object(body)) = slot {
        // Keep `target` first, as JSON AST files write it.
        let mut with_target = serde_json::Map::new();
        with_target.insert("target".into(), json!(target));
        with_target.extend(std::mem::take(body));
        *body = with_target;
    }
}
