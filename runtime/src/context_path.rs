//! Evaluates the paths of `smithy.rules#operationContextParams`, such as
//! `TableCreationParameters.TableName`, `TransactItems[*].Get.TableName`
//! or `keys(RequestItems)`, over the JSON body of a request.
//!
//! NOTE: only members in the JSON body can be reached. That covers every
//! awsJson operation, where the body is the whole input, and restJson1
//! members without an HTTP binding.

use crate::endpoint::ParamValue;
use crate::json::Value;

/// Returns the value that `path` selects in `body`: a string for a plain
/// path, a list of strings for `keys(...)` and `[*]` projections, or `None`
/// when nothing is selected.
pub fn evaluate(body: &Value, path: &str) -> Option<ParamValue> {
    if let Some(inner) = path.strip_prefix("keys(").and_then(|p| p.strip_suffix(')')) {
        let keys = select(body, inner).into_iter().filter_map(Value::as_object).flat_map(|o| o.keys().cloned());
        return Some(ParamValue::StringArray(keys.collect()));
    }
    let values = select(body, path);
    let strings: Vec<String> = values.iter().filter_map(|v| v.as_str().map(str::to_string)).collect();
    if path.contains("[*]") {
        return Some(ParamValue::StringArray(strings));
    }
    match values.first() {
        Some(Value::Bool(value)) => Some(ParamValue::Bool(*value)),
        _ => strings.into_iter().next().map(ParamValue::String),
    }
}

/// Returns the values that `path` reaches: one per item of each `[*]`.
fn select<'a>(body: &'a Value, path: &str) -> Vec<&'a Value> {
    let mut current = vec![body];
    for step in path.split('.') {
        let (name, project) = match step.strip_suffix("[*]") {
            Some(name) => (name, true),
            None => (step, false),
        };
        let mut next = Vec::new();
        for value in current {
            let Some(child) = value.get(name) else { continue };
            match (project, child) {
                (true, Value::Array(items)) => next.extend(items.iter()),
                (true, _) => {}
                (false, child) => next.push(child),
            }
        }
        current = next;
    }
    current
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body() -> Value {
        crate::json::parse(
            br#"{"TableCreationParameters":{"TableName":"t1"},
                "TransactItems":[{"Get":{"TableName":"a"}},{"Put":{}},{"Get":{"TableName":"b"}}],
                "RequestItems":{"x":[],"y":[]},
                "Flag":true}"#,
        )
        .unwrap()
    }

    #[test]
    fn dotted_path_selects_a_string() {
        assert_eq!(evaluate(&body(), "TableCreationParameters.TableName"), Some(ParamValue::String("t1".into())));
    }

    #[test]
    fn projection_collects_strings() {
        let expected = ParamValue::StringArray(vec!["a".into(), "b".into()]);
        assert_eq!(evaluate(&body(), "TransactItems[*].Get.TableName"), Some(expected));
    }

    #[test]
    fn keys_lists_object_keys() {
        let Some(ParamValue::StringArray(mut keys)) = evaluate(&body(), "keys(RequestItems)") else {
            panic!("expected a string array");
        };
        keys.sort();
        assert_eq!(keys, ["x", "y"]);
    }

    #[test]
    fn booleans_and_missing_members() {
        assert_eq!(evaluate(&body(), "Flag"), Some(ParamValue::Bool(true)));
        assert_eq!(evaluate(&body(), "Missing.Name"), None);
    }
}
