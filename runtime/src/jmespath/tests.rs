//! One test per feature of the subset, the error messages for features
//! outside it, and every waiter expression of the shared AWS models.

use serde_json::{json, Value};

use super::{Expression, ToJmespath};

fn search(expression: &str, data: &Value) -> Value {
    let parsed = Expression::parse(expression).unwrap_or_else(|e| panic!("{e}"));
    parsed
        .search(data)
        .unwrap_or_else(|e| panic!("{expression}: {e}"))
}

fn parse_error(expression: &str) -> String {
    Expression::parse(expression)
        .expect_err("the expression is rejected")
        .to_string()
}

#[test]
fn field_and_subexpression() {
    let data = json!({"Table": {"TableStatus": "ACTIVE"}, "count": 3});
    assert_eq!(search("Table.TableStatus", &data), json!("ACTIVE"));
    assert_eq!(search("count", &data), json!(3));
    assert_eq!(search("Table.Missing", &data), Value::Null);
    assert_eq!(search("Missing.TableStatus", &data), Value::Null);
    assert_eq!(
        search("count.inner", &data),
        Value::Null,
        "a field of a number is null"
    );
}

#[test]
fn flatten_projection() {
    let data = json!({"Groups": [
        {"Status": "ok", "Tags": ["a", "b"]},
        {"Status": "bad", "Tags": ["c"]},
        {"Other": 1}
    ]});
    assert_eq!(
        search("Groups[].Status", &data),
        json!(["ok", "bad"]),
        "null results are dropped"
    );
    assert_eq!(search("Groups[].Tags[]", &data), json!(["a", "b", "c"]));
    assert_eq!(search("Groups[].Tags", &data), json!([["a", "b"], ["c"]]));
    assert_eq!(search("Groups[]", &data).as_array().map(Vec::len), Some(3));
    assert_eq!(search("Missing[].Status", &data), Value::Null);
}

#[test]
fn value_projection() {
    let data = json!({"VerificationAttributes": {
        "a.example": {"VerificationStatus": "Success"},
        "b.example": {"VerificationStatus": "Pending"}
    }});
    let mut statuses = search("VerificationAttributes.*.VerificationStatus", &data);
    statuses
        .as_array_mut()
        .expect("an array")
        .sort_by_key(|v| v.as_str().map(str::to_string));
    assert_eq!(statuses, json!(["Pending", "Success"]));
    assert_eq!(search("Missing.*.VerificationStatus", &data), Value::Null);
    assert_eq!(search("VerificationAttributes.*.Missing", &data), json!([]));
}

#[test]
fn filter_projection() {
    let data = json!({"Instances": [
        {"Id": "i-1", "LifecycleState": "InService"},
        {"Id": "i-2", "LifecycleState": "Pending"},
        {"Id": "i-3", "LifecycleState": "InService"}
    ]});
    assert_eq!(
        search("Instances[?LifecycleState=='InService'].Id", &data),
        json!(["i-1", "i-3"])
    );
    assert_eq!(
        search("length(Instances[?LifecycleState=='InService'])", &data),
        json!(2)
    );
    assert_eq!(search("Instances[?Missing].Id", &data), json!([]));
    assert_eq!(search("Missing[?Id].Id", &data), Value::Null);
}

#[test]
fn multiselect_list_in_projection() {
    // The shape of the Auto Scaling `GroupInService` waiter.
    let expression =
        "contains(AutoScalingGroups[].[length(Instances[?LifecycleState=='InService']) >= MinSize][], `false`)";
    let healthy = json!({"AutoScalingGroups": [
        {"MinSize": 1, "Instances": [{"LifecycleState": "InService"}]},
        {"MinSize": 0, "Instances": []}
    ]});
    let short = json!({"AutoScalingGroups": [
        {"MinSize": 2, "Instances": [{"LifecycleState": "InService"}, {"LifecycleState": "Pending"}]}
    ]});
    assert_eq!(search(expression, &healthy), json!(false));
    assert_eq!(search(expression, &short), json!(true));
    assert_eq!(
        search("AutoScalingGroups[].[MinSize, length(Instances)]", &healthy),
        json!([[1, 1], [0, 0]])
    );
    assert_eq!(
        search("[MinSize]", &Value::Null),
        Value::Null,
        "a multiselect of null is null"
    );
}

#[test]
fn comparators() {
    let data = json!({"a": 1, "b": 2, "s": "x", "f": 1.0});
    let cases = [
        ("a == `1`", true),
        ("a == f", true),
        ("a != b", true),
        ("a < b", true),
        ("a <= `1`", true),
        ("a > b", false),
        ("b >= `2`", true),
        ("s == 'x'", true),
        ("s != 'x'", false),
        ("Missing == Other", true),
    ];
    for (expression, expected) in cases {
        assert_eq!(search(expression, &data), json!(expected), "{expression}");
    }
    assert_eq!(
        search("s > `1`", &data),
        Value::Null,
        "only numbers have an order"
    );
}

#[test]
fn and_not_and_parentheses() {
    // The shape of the ECS `ServicesStable` waiter.
    let expression =
        "length(services[?!(length(deployments) == `1` && runningCount == desiredCount)]) == `0`";
    let stable = json!({"services": [{"deployments": [{}], "runningCount": 2, "desiredCount": 2}]});
    let rolling =
        json!({"services": [{"deployments": [{}, {}], "runningCount": 2, "desiredCount": 2}]});
    let starting =
        json!({"services": [{"deployments": [{}], "runningCount": 1, "desiredCount": 2}]});
    assert_eq!(search(expression, &stable), json!(true));
    assert_eq!(search(expression, &rolling), json!(false));
    assert_eq!(search(expression, &starting), json!(false));

    let status = "status != 'CANCELLING' && status != 'CANCELLED'";
    assert_eq!(search(status, &json!({"status": "RUNNING"})), json!(true));
    assert_eq!(
        search(status, &json!({"status": "CANCELLED"})),
        json!(false)
    );
    assert_eq!(
        search("a && b", &json!({"a": "", "b": 1})),
        json!(""),
        "&& returns a false left side"
    );
    assert_eq!(search("!a", &json!({"a": []})), json!(true));
}

#[test]
fn literals() {
    let data = json!({});
    assert_eq!(search("`0`", &data), json!(0));
    assert_eq!(search("`false`", &data), json!(false));
    assert_eq!(search("`\"text\"`", &data), json!("text"));
    assert_eq!(search("`[1, 2]`", &data), json!([1, 2]));
    assert_eq!(search("'it\\'s'", &data), json!("it's"));
    assert_eq!(search("'a\\\\b'", &data), json!("a\\b"));
}

#[test]
fn functions() {
    let data = json!({"list": [1, 2, 3], "text": "héllo", "map": {"a": 1}, "number": 4});
    assert_eq!(search("length(list)", &data), json!(3));
    assert_eq!(
        search("length(text)", &data),
        json!(5),
        "length counts characters"
    );
    assert_eq!(search("length(map)", &data), json!(1));
    assert_eq!(search("contains(list, `2`)", &data), json!(true));
    assert_eq!(search("contains(list, `5`)", &data), json!(false));
    assert_eq!(
        search("contains(text, 'ell')", &data),
        json!(false),
        "é is not e"
    );
    assert_eq!(search("contains(text, 'llo')", &data), json!(true));

    let error = Expression::parse("length(number)")
        .unwrap()
        .search(&data)
        .expect_err("a number has no length");
    assert!(
        error
            .to_string()
            .contains("length() takes a string, array or object, not a number"),
        "{error}"
    );
    let error = Expression::parse("contains(number, `1`)")
        .unwrap()
        .search(&data)
        .expect_err("not searchable");
    assert!(error.to_string().contains("not a number"), "{error}");
}

#[test]
fn truthiness() {
    for (value, expected) in [
        (json!(null), false),
        (json!(false), false),
        (json!(""), false),
        (json!([]), false),
        (json!({}), false),
        (json!(0), true),
        (json!("x"), true),
        (json!([0]), true),
        (json!({"a": null}), true),
    ] {
        assert_eq!(super::is_truthy(&value), expected, "{value}");
    }
}

#[test]
fn unsupported_features_are_named() {
    let cases = [
        ("a | b", "pipes"),
        ("a || b", "pipes"),
        ("@", "current node"),
        ("{a: b}", "multiselect hashes"),
        ("a[0]", "indexes and slices"),
        ("a[1:2]", "indexes and slices"),
        ("\"quoted\"", "quoted identifiers"),
        ("sort_by(a, &b)", "expression references"),
        ("max(a)", "function max() is not supported"),
    ];
    for (expression, feature) in cases {
        let message = parse_error(expression);
        assert!(message.contains(feature), "{expression}: {message}");
        assert!(message.contains("not supported"), "{expression}: {message}");
    }
}

#[test]
fn syntax_errors_name_offset() {
    let message = parse_error("a.");
    assert!(message.contains("at offset 2"), "{message}");
    let message = parse_error("a b");
    assert!(
        message.contains("at offset 2") && message.contains("after the end"),
        "{message}"
    );
    let message = parse_error("`1");
    assert!(message.contains("missing closing `"), "{message}");
    let message = parse_error("length(a, b)");
    assert!(
        message.contains("wrong number of arguments for length()"),
        "{message}"
    );
    let message = parse_error("a[?b");
    assert!(
        message.contains("`]` after the filter condition"),
        "{message}"
    );
    let message = parse_error("`{bad json}`");
    assert!(message.contains("invalid JSON literal"), "{message}");
}

#[test]
fn generated_values_convert() {
    use std::collections::HashMap;

    let mut map = HashMap::new();
    map.insert("k".to_string(), vec![1i32, 2]);
    assert_eq!(map.to_jmespath(), json!({"k": [1, 2]}));
    assert_eq!(Some("x".to_string()).to_jmespath(), json!("x"));
    assert_eq!(None::<String>.to_jmespath(), Value::Null);
    assert_eq!(
        crate::Blob::new(b"hi".to_vec()).to_jmespath(),
        json!("aGk=")
    );
    assert_eq!(
        crate::DateTime::from_secs_and_nanos(10, 500_000_000).to_jmespath(),
        json!(10.5)
    );
    assert_eq!(
        super::object([("Set", json!(1)), ("Unset", Value::Null)]),
        json!({"Set": 1}),
        "unset members are left out"
    );
}

/// Every `output` and `inputOutput` path of every waiter in the shared AWS
/// models parses, so no model needs a feature outside the subset.
#[test]
fn corpus_waiter_paths_parse() {
    let Some(folder) = ingot_test_data::require("models/aws", "the JMESPath corpus test") else {
        return;
    };
    let mut paths = 0;
    let mut failures = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .expect("read the models folder")
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    for file in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
    {
        let text = std::fs::read_to_string(file).expect("read a model");
        let model: Value = serde_json::from_str(&text).expect("a model is JSON");
        let Some(shapes) = model["shapes"].as_object() else {
            continue;
        };
        for (id, shape) in shapes {
            let Some(waiters) = shape["traits"]["smithy.waiters#waitable"].as_object() else {
                continue;
            };
            for (name, waiter) in waiters {
                for acceptor in waiter["acceptors"].as_array().into_iter().flatten() {
                    for kind in ["output", "inputOutput"] {
                        let Some(path) = acceptor["matcher"][kind]["path"].as_str() else {
                            continue;
                        };
                        paths += 1;
                        if let Err(e) = Expression::parse(path) {
                            failures.push(format!("{id} {name}: {e}"));
                        }
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(paths > 500, "only {paths} waiter paths found");
}
