//! A model file as a JSON AST value: what a `.json` file contains, and what an
//! IDL file is converted to, so both kinds go through the same steps.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{Map, Value};

use crate::diagnostics::{Location, Positions};

/// One model file in JSON AST form, with the positions of its parts.
#[derive(Clone, Debug)]
pub struct Document {
    pub path: PathBuf,
    /// The JSON AST: an object with `smithy`, and optionally `metadata` and
    /// `shapes`.
    pub value: Value,
    /// The line and column of JSON paths, for files converted from IDL;
    /// empty for JSON AST files.
    pub positions: Arc<Positions>,
}

impl Document {
    /// Creates a document for a JSON AST value read from `path`.
    pub fn new(path: &Path, value: Value) -> Self {
        Self {
            path: path.to_path_buf(),
            value,
            positions: Arc::default(),
        }
    }

    /// Returns the location of the document root, `$`, from which the
    /// locations of its parts are derived.
    pub fn root(&self) -> Location {
        let root = Location::new(&self.path, "$");
        if self.positions.is_empty() {
            root
        } else {
            root.with_positions(self.positions.clone())
        }
    }

    /// Returns the location of shape `id`.
    pub fn shape_location(&self, id: &str) -> Location {
        self.root().key("shapes").key(id)
    }

    /// Returns whether the document declares Smithy version 1.
    pub fn is_version_1(&self) -> bool {
        self.value
            .get("smithy")
            .and_then(Value::as_str)
            .is_some_and(|v| v == "1" || v.starts_with("1."))
    }

    /// Returns the shapes, by id.
    pub fn shapes(&self) -> Option<&Map<String, Value>> {
        self.value.get("shapes").and_then(Value::as_object)
    }

    /// Returns the shapes, by id, for changing them.
    pub fn shapes_mut(&mut self) -> Option<&mut Map<String, Value>> {
        self.value.get_mut("shapes").and_then(Value::as_object_mut)
    }
}

/// Merges `new` into the value of a trait or metadata key set twice. Equal
/// values are kept and anything else is a conflict, except two arrays,
/// which are concatenated.
///
/// NOTE: the Smithy specification concatenates the values of list traits
/// and metadata arrays. This function also concatenates two arrays of a
/// `document` trait, which the specification reports as a conflict.
pub fn merge_values(existing: &Value, new: &Value) -> Result<Value, String> {
    match (existing, new) {
        (a, b) if a == b => Ok(a.clone()),
        (Value::Array(a), Value::Array(b)) => {
            Ok(Value::Array(a.iter().chain(b).cloned().collect()))
        }
        (a, b) => Err(format!(
            "conflicting values {} and {}",
            short_json(a),
            short_json(b)
        )),
    }
}

/// Returns `value` as compact JSON, cut to 80 characters, for messages.
pub fn short_json(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(80) {
        Some((end, _)) => format!("{}...", &text[..end]),
        None => text,
    }
}

/// Returns the `traits` object of a shape or member, creating it if needed.
pub fn traits_mut(body: &mut Map<String, Value>) -> &mut Map<String, Value> {
    let traits = body
        .entry("traits")
        .or_insert_with(|| Value::Object(Map::new()));
    if !traits.is_object() {
        *traits = Value::Object(Map::new());
    }
    traits.as_object_mut().expect("set to an object above")
}

/// Returns the target of a member or reference object (`{"target": id}`).
pub fn target_of(value: &Value) -> Option<&str> {
    value.get("target").and_then(Value::as_str)
}

/// Returns the type name of a shape, such as `structure`.
pub fn type_of(shape: &Value) -> Option<&str> {
    shape.get("type").and_then(Value::as_str)
}

/// An index from shape id to the document that defines it.
#[derive(Clone, Debug, Default)]
pub struct ShapeIndex(HashMap<String, usize>);

impl ShapeIndex {
    /// Indexes every shape (not `apply` entries) of `documents`; a later
    /// document wins when two define the same id.
    pub fn new<'d>(documents: impl IntoIterator<Item = &'d Document>) -> Self {
        let mut index = HashMap::new();
        for (i, document) in documents.into_iter().enumerate() {
            for (id, shape) in document.shapes().into_iter().flatten() {
                if type_of(shape) != Some("apply") {
                    index.insert(id.clone(), i);
                }
            }
        }
        Self(index)
    }

    /// Returns the index of the document defining `id`.
    pub fn get(&self, id: &str) -> Option<usize> {
        self.0.get(id).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merge_keeps_equal_and_concatenates_arrays() {
        assert_eq!(merge_values(&json!({}), &json!({})), Ok(json!({})));
        assert_eq!(
            merge_values(&json!(["a"]), &json!(["b"])),
            Ok(json!(["a", "b"]))
        );
        assert!(merge_values(&json!("a"), &json!("b")).is_err());
    }
}
