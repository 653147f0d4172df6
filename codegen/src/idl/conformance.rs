//! Runs the Smithy IDL loader conformance suite. Its `valid/` folder has
//! models `X.smithy`, each beside the `X.json` JSON AST it must load to or
//! the `X.flattened.smithy` it must equal once mixins are flattened. Its
//! `invalid/` folder has models that must be rejected, each starting with a
//! comment that gives the reference implementation's message.
//!
//! Both sides of a comparison are loaded the same way and compared as
//! models: every document's shapes and metadata merged, `apply` entries
//! applied, mixins resolved, then normalised so that equivalent spellings
//! compare equal (the `smithy` version key dropped, empty member lists and
//! empty property lists removed, `input` and `output` of `smithy.api#Unit`
//! removed, since they are the defaults). The valid models must also
//! assemble, with `valid/__shared.json` loaded beside each, as some refer
//! to its shapes.
//!
//! A valid model that fails only because it contains a number beyond the range
//! of a 64-bit float is counted as failed but listed apart as unsupported:
//! ingot keeps model values as serde_json values, which cannot hold such
//! numbers from a JSON AST file either.

use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::document::merge_values;
use super::{Document, MixinMode};
use crate::diagnostics::Diagnostics;
use crate::model;

/// How many cases of one kind passed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub passed: usize,
    pub total: usize,
}

/// The result of a conformance run.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Valid models that loaded to the expected model.
    pub valid: Tally,
    /// Invalid models that were rejected at the expected line.
    pub invalid: Tally,
    /// Each failed case, named by its file, with what went wrong.
    pub failures: Vec<String>,
    /// Valid cases that failed only on numbers beyond the range ingot's
    /// model values hold, with the reason.
    pub unsupported: Vec<String>,
    /// For each invalid model, the reference message and ingot's first
    /// message, to compare by eye.
    pub rejections: Vec<String>,
}

impl Report {
    /// Returns whether every case passed.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "valid: {}/{} loaded equal, invalid: {}/{} rejected",
            self.valid.passed, self.valid.total, self.invalid.passed, self.invalid.total
        )?;
        for failure in &self.failures {
            write!(f, "\nFAILED {failure}")?;
        }
        for case in &self.unsupported {
            write!(f, "\nUNSUPPORTED {case}")?;
        }
        Ok(())
    }
}

/// Runs the suite in folder `suite` (holding `valid/` and `invalid/`).
pub fn run(suite: &Path) -> Report {
    let mut report = Report::default();
    run_valid(suite, &suite.join("valid"), &mut report);
    run_invalid(suite, &suite.join("invalid"), &mut report);
    report
}

fn run_valid(suite: &Path, folder: &Path, report: &mut Report) {
    let shared = folder.join("__shared.json");
    let with_shared = |path: &Path| {
        let mut paths = vec![path.to_path_buf()];
        if shared.exists() {
            paths.push(shared.clone());
        }
        paths
    };

    let models = files_below(folder)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "smithy"))
        .filter(|p| !p.to_string_lossy().ends_with(".flattened.smithy"));
    for model in models {
        let name = relative(suite, &model);
        let assembled = model::load_paths(&with_shared(&model))
            .and_then(model::assemble)
            .map(|_| ());

        let json = model.with_extension("json");
        let flattened = model.with_extension("flattened.smithy");
        let mut cases: Vec<(String, Result<(), String>)> = Vec::new();
        if json.exists() {
            let result = compare(&with_shared(&model), &with_shared(&json), MixinMode::Keep);
            cases.push((format!("{name} = {}", relative(suite, &json)), result));
        }
        if flattened.exists() {
            let result = compare(
                &with_shared(&model),
                &with_shared(&flattened),
                MixinMode::Flatten,
            );
            cases.push((
                format!("{name} flattened = {}", relative(suite, &flattened)),
                result,
            ));
        }
        if cases.is_empty() {
            cases.push((format!("{name} loads"), Ok(())));
        }

        for (case, result) in cases {
            report.valid.total += 1;
            let result = match (&assembled, result) {
                (Err(problems), _) if only_number_range(problems) => {
                    report
                        .unsupported
                        .push(format!("{case}: {}", first_message(problems)));
                    continue;
                }
                (Err(problems), _) => Err(format!("the model does not load:\n{problems}")),
                (Ok(()), result) => result,
            };
            match result {
                Ok(()) => report.valid.passed += 1,
                Err(reason) => report.failures.push(format!("{case}: {reason}")),
            }
        }
    }
}

fn run_invalid(suite: &Path, folder: &Path, report: &mut Report) {
    let models = files_below(folder)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "smithy" || e == "json"));
    for model in models {
        report.invalid.total += 1;
        let name = relative(suite, &model);
        let expected = expected_message(&model);
        let result = model::load_paths(std::slice::from_ref(&model)).and_then(model::assemble);
        let problems = match result {
            Ok(_) => {
                report.failures.push(format!(
                    "{name}: loaded without error; expected: {}",
                    expected.unwrap_or_default()
                ));
                continue;
            }
            Err(problems) => problems,
        };
        report.rejections.push(format!(
            "{name}\n  expected: {}\n  found:    {}",
            expected.as_deref().unwrap_or("(no reference message)"),
            first_message(&problems)
        ));
        let expected_line = expected.as_deref().and_then(line_number);
        match expected_line {
            Some(line)
                if !problems
                    .iter()
                    .any(|p| p.location.line.is_some_and(|l| l.line == line)) =>
            {
                report.failures.push(format!(
                    "{name}: rejected, but not at line {line}; expected: {}\n{problems}",
                    expected.unwrap_or_default()
                ));
            }
            _ => report.invalid.passed += 1,
        }
    }
}

/// Returns whether every problem is a number beyond the range of model
/// values, in IDL or in JSON.
fn only_number_range(problems: &Diagnostics) -> bool {
    !problems.is_empty()
        && problems
            .iter()
            .all(|p| p.message.contains("number") && p.message.contains("out of range"))
}

/// Returns the first problem as `location: message`.
fn first_message(problems: &Diagnostics) -> String {
    problems
        .iter()
        .next()
        .map_or_else(String::new, |p| format!("{}: {}", p.location, p.message))
}

/// Returns the reference message of an invalid model: the text of its
/// first line when that is a `//` comment.
fn expected_message(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    let first = text.lines().next()?.trim();
    first.strip_prefix("//").map(|m| m.trim().to_string())
}

/// Returns N from "... line N, column M ..." in a reference message.
fn line_number(message: &str) -> Option<u32> {
    let rest = &message[message.find("line ")? + "line ".len()..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// Loads `actual` and `expected` with mixins resolved as `mode` selects and
/// compares the models.
fn compare(actual: &[PathBuf], expected: &[PathBuf], mode: MixinMode) -> Result<(), String> {
    let actual = model_view(actual, mode).map_err(|p| format!("the model does not load:\n{p}"))?;
    let expected = model_view(expected, mode)
        .map_err(|p| format!("the expected model does not load:\n{p}"))?;
    if actual == expected {
        return Ok(());
    }
    Err(describe_difference(&actual, &expected))
}

/// Returns the normalised model of the files at `paths`: their metadata
/// and shapes merged.
fn model_view(paths: &[PathBuf], mode: MixinMode) -> Result<Value, Diagnostics> {
    let documents = model::load_documents(paths, mode)?;
    Ok(merge(&documents))
}

fn merge(documents: &[Document]) -> Value {
    let mut metadata = Map::new();
    let mut shapes = Map::new();
    for document in documents {
        for (key, value) in document
            .value
            .get("metadata")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let merged = match metadata.get(key) {
                Some(existing) => merge_values(existing, value).unwrap_or_else(Value::String),
                None => value.clone(),
            };
            metadata.insert(key.clone(), merged);
        }
        for (id, shape) in document.shapes().into_iter().flatten() {
            let mut shape = shape.clone();
            if let Some(body) = shape.as_object_mut() {
                normalize_shape(body);
            }
            shapes.insert(id.clone(), shape);
        }
    }
    let mut view = Map::new();
    view.insert("metadata".into(), Value::Object(metadata));
    view.insert("shapes".into(), Value::Object(shapes));
    sorted(Value::Object(view))
}

/// Removes what is the same as its absence: empty lists of members,
/// traits, mixins and service, resource or operation properties, and an
/// operation `input` or `output` of `smithy.api#Unit`.
fn normalize_shape(shape: &mut Map<String, Value>) {
    for member in ["member", "key", "value"] {
        if let Some(Value::Object(body)) = shape.get_mut(member) {
            remove_empty(body, &["traits"]);
        }
    }
    if let Some(Value::Object(members)) = shape.get_mut("members") {
        for member in members.values_mut() {
            if let Value::Object(body) = member {
                remove_empty(body, &["traits"]);
            }
        }
    }
    remove_empty(
        shape,
        &[
            "members",
            "traits",
            "mixins",
            "errors",
            "operations",
            "resources",
            "collectionOperations",
            "identifiers",
            "properties",
            "rename",
        ],
    );
    for key in ["input", "output"] {
        let is_unit = shape
            .get(key)
            .and_then(|r| r.get("target"))
            .and_then(Value::as_str)
            == Some("smithy.api#Unit");
        if is_unit {
            shape.remove(key);
        }
    }
}

fn remove_empty(map: &mut Map<String, Value>, keys: &[&str]) {
    for key in keys {
        let empty = match map.get(*key) {
            Some(Value::Object(inner)) => inner.is_empty(),
            Some(Value::Array(inner)) => inner.is_empty(),
            _ => false,
        };
        if empty {
            map.remove(*key);
        }
    }
}

/// Returns `value` with the keys of every object sorted, so that printed
/// differences line up.
fn sorted(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().map(|(k, v)| (k, sorted(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

/// Names the shapes and metadata keys that differ, with both values.
fn describe_difference(actual: &Value, expected: &Value) -> String {
    let mut lines = Vec::new();
    for section in ["metadata", "shapes"] {
        let empty = Map::new();
        let actual = actual
            .get(section)
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let expected = expected
            .get(section)
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let mut keys: Vec<&String> = actual.keys().chain(expected.keys()).collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            let (a, e) = (actual.get(key), expected.get(key));
            if a != e {
                let show = |v: Option<&Value>| v.map_or("(absent)".to_string(), short_json_long);
                lines.push(format!(
                    "  {section} {key}:\n    loaded:   {}\n    expected: {}",
                    show(a),
                    show(e)
                ));
            }
        }
    }
    let total = lines.len();
    lines.truncate(8);
    if total > lines.len() {
        lines.push(format!("  and {} more", total - lines.len()));
    }
    format!("the models differ:\n{}", lines.join("\n"))
}

/// Returns `value` as compact JSON, cut to 400 characters.
fn short_json_long(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() <= 400 {
        return text;
    }
    let cut: String = text.chars().take(400).collect();
    format!("{cut}...")
}

/// Returns the files below `folder`, sorted by path.
fn files_below(folder: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![folder.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_line_numbers_of_reference_messages() {
        assert_eq!(
            line_number("Syntax error at line 12, column 3: x"),
            Some(12)
        );
        assert_eq!(line_number("Member conflicts"), None);
    }

    #[test]
    fn normalisation_drops_default_spellings() {
        let mut shape = json!({
            "type": "operation",
            "input": {"target": "smithy.api#Unit"},
            "output": {"target": "a#Out"},
            "errors": [],
            "traits": {}
        });
        normalize_shape(shape.as_object_mut().unwrap());
        assert_eq!(
            shape,
            json!({"type": "operation", "output": {"target": "a#Out"}})
        );
    }
}
