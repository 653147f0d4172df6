//! Broken models: each must fail with a message that names the problem and
//! where it is, never a panic.

use std::path::PathBuf;

use ingot_codegen::{generate, Error, Options};
use serde_json::{json, Value};

/// A small valid model; each case breaks one thing in it.
fn valid_model() -> Value {
    json!({
        "smithy": "2.0",
        "shapes": {
            "example#Service": {
                "type": "service",
                "version": "1",
                "operations": [{"target": "example#Start"}],
                "traits": {
                    "aws.protocols#restJson1": {},
                    "aws.auth#sigv4": {"name": "example"},
                    "aws.api#service": {"sdkId": "Example"}
                }
            },
            "example#Start": {
                "type": "operation",
                "input": {"target": "example#StartInput"},
                "output": {"target": "example#StartOutput"},
                "traits": {"smithy.api#http": {"method": "POST", "uri": "/things/{name}"}}
            },
            "example#StartInput": {
                "type": "structure",
                "members": {
                    "name": {"target": "smithy.api#String", "traits": {"smithy.api#httpLabel": {}, "smithy.api#required": {}}},
                    "count": {"target": "smithy.api#Integer"}
                },
                "traits": {"smithy.api#input": {}}
            },
            "example#StartOutput": {
                "type": "structure",
                "members": {"id": {"target": "smithy.api#String"}}
            }
        }
    })
}

fn options_for(path: PathBuf, name: &str) -> Options {
    Options {
        models: vec![path],
        service: None,
        operations: None,
        crate_name: "example".into(),
        crate_version: "0.1.0".into(),
        runtime_path: "../runtime".into(),
        source_names: vec![name.into()],
    }
}

fn run(name: &str, bytes: &[u8]) -> Result<(), String> {
    let path = std::env::temp_dir().join(format!("ingot-bad-model-{name}-{}.json", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    let options = options_for(PathBuf::from(&path), name);
    let result = generate(&options);
    let _ = std::fs::remove_file(&path);
    match result {
        Ok(_) => Ok(()),
        Err(Error::Model(diagnostics)) => Err(diagnostics.to_string()),
        Err(other) => panic!("{name}: expected a model error, got {other}"),
    }
}

fn edit(change: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut model = valid_model();
    change(&mut model);
    serde_json::to_vec(&model).unwrap()
}

#[test]
fn valid_model_generates() {
    assert_eq!(run("valid", &serde_json::to_vec(&valid_model()).unwrap()), Ok(()));
}

#[test]
fn broken_models_are_reported() {
    let cases: Vec<(&str, Vec<u8>, &[&str])> = vec![
        ("empty", Vec::new(), &["the model file is empty"]),
        ("not-utf8", vec![b'{', 0xff, 0xfe, b'}'], &["not valid UTF-8"]),
        ("invalid-json", b"{\"smithy\": \"2.0\", \"shapes\": {".to_vec(), &["invalid JSON", ":"]),
        ("not-object", b"[1, 2]".to_vec(), &["must be a JSON object"]),
        ("no-version", edit(|m| { m.as_object_mut().unwrap().remove("smithy"); }), &["missing `smithy` version"]),
        ("bad-shape-id", edit(|m| { m["shapes"]["not a shape id"] = json!({"type": "string"}); }), &["invalid shape id"]),
        ("unknown-type", edit(|m| { m["shapes"]["example#X"] = json!({"type": "strukture"}); }), &["unknown shape type \"strukture\"", "example#X"]),
        ("dangling-target", edit(|m| { m["shapes"]["example#StartOutput"]["members"]["id"]["target"] = json!("example#Nope"); }), &["example#Nope", "is not defined", "example#StartOutput"]),
        ("bad-trait-value", edit(|m| { m["shapes"]["example#Start"]["traits"]["smithy.api#http"] = json!({"method": 1}); }), &["invalid value for trait `smithy.api#http`"]),
        ("bad-documentation", edit(|m| { m["shapes"]["example#StartOutput"]["traits"] = json!({"smithy.api#documentation": 5}); }), &["smithy.api#documentation"]),
        ("unknown-protocol", edit(|m| { m["shapes"]["example#Service"]["traits"].as_object_mut().unwrap().remove("aws.protocols#restJson1"); m["shapes"]["example#Service"]["traits"]["aws.protocols#awsQuery"] = json!({}); }), &["unsupported protocol aws.protocols#awsQuery"]),
        ("label-not-required", edit(|m| { m["shapes"]["example#StartInput"]["members"]["name"]["traits"].as_object_mut().unwrap().remove("smithy.api#required"); }), &["label member `name` must be `smithy.api#required`"]),
        ("label-without-member", edit(|m| { m["shapes"]["example#Start"]["traits"]["smithy.api#http"]["uri"] = json!("/things/{other}"); }), &["URI label {other} names no member"]),
        ("label-not-in-uri", edit(|m| { m["shapes"]["example#Start"]["traits"]["smithy.api#http"]["uri"] = json!("/things"); }), &["has `smithy.api#httpLabel` but is not in the URI"]),
        ("operation-as-member", edit(|m| { m["shapes"]["example#StartOutput"]["members"]["id"]["target"] = json!("example#Start"); }), &["members must target data shapes"]),
        ("input-not-structure", edit(|m| { m["shapes"]["example#Start"]["input"] = json!({"target": "smithy.api#String"}); }), &["input smithy.api#String is a string"]),
        ("no-service", edit(|m| { m["shapes"].as_object_mut().unwrap().remove("example#Service"); }), &["the model has no service shape"]),
        ("no-http-trait", edit(|m| { m["shapes"]["example#Start"]["traits"].as_object_mut().unwrap().remove("smithy.api#http"); }), &["has no `smithy.api#http` trait"]),
        ("mixin-not-mixin", edit(|m| { m["shapes"]["example#StartOutput"]["mixins"] = json!([{"target": "example#StartInput"}]); }), &["mixin"]),
        ("apply-missing", edit(|m| { m["shapes"]["example#Gone"] = json!({"type": "apply", "traits": {"smithy.api#documentation": "x"}}); }), &["`apply` targets example#Gone"]),
        ("label-twice", edit(|m| { m["shapes"]["example#Start"]["traits"]["smithy.api#http"]["uri"] = json!("/things/{name}/{name}"); }), &["URI label {name} appears twice"]),
        ("label-segment-mixed", edit(|m| { m["shapes"]["example#Start"]["traits"]["smithy.api#http"]["uri"] = json!("/things/x{name}"); }), &["must be a whole `{label}`"]),
        ("uri-without-slash", edit(|m| { m["shapes"]["example#Start"]["traits"]["smithy.api#http"]["uri"] = json!("things/{name}"); }), &["must start with `/`"]),
        ("label-in-uri-not-bound", edit(|m| { m["shapes"]["example#StartInput"]["members"]["name"]["traits"].as_object_mut().unwrap().remove("smithy.api#httpLabel"); }), &["is in the URI but lacks `smithy.api#httpLabel`"]),
        ("two-payloads", edit(|m| {
            m["shapes"]["example#StartInput"]["members"]["a"] = json!({"target": "smithy.api#Blob", "traits": {"smithy.api#httpPayload": {}}});
            m["shapes"]["example#StartInput"]["members"]["b"] = json!({"target": "smithy.api#String", "traits": {"smithy.api#httpPayload": {}}});
        }), &["are all `httpPayload`"]),
        ("payload-and-body", edit(|m| {
            m["shapes"]["example#StartInput"]["members"]["a"] = json!({"target": "smithy.api#Blob", "traits": {"smithy.api#httpPayload": {}}});
        }), &["member `count` is not bound", "`a` is already the whole body"]),
        ("header-on-structure", edit(|m| {
            m["shapes"]["example#StartInput"]["members"]["nested"] = json!({"target": "example#StartOutput", "traits": {"smithy.api#httpHeader": "X-Nested"}});
        }), &["`httpHeader` needs a scalar"]),
        ("greedy-label-number", edit(|m| {
            m["shapes"]["example#Start"]["traits"]["smithy.api#http"]["uri"] = json!("/things/{count+}");
            m["shapes"]["example#StartInput"]["members"]["count"]["traits"] = json!({"smithy.api#httpLabel": {}, "smithy.api#required": {}});
            m["shapes"]["example#StartInput"]["members"]["name"]["traits"].as_object_mut().unwrap().remove("smithy.api#httpLabel");
        }), &["greedy label {count+} must target a string"]),
        ("bad-timestamp-format", edit(|m| {
            m["shapes"]["example#StartOutput"]["members"]["at"] = json!({"target": "smithy.api#Timestamp", "traits": {"smithy.api#timestampFormat": "unix"}});
        }), &["invalid value for trait `smithy.api#timestampFormat`", "unix"]),
        ("default-wrong-type", edit(|m| {
            m["shapes"]["example#StartOutput"]["members"]["count"] = json!({"target": "smithy.api#Integer", "traits": {"smithy.api#default": "ten"}});
        }), &["default value \"ten\" does not fit the integer target"]),
        ("int-enum-string-value", edit(|m| {
            m["shapes"]["example#Level"] = json!({"type": "intEnum", "members": {"LOW": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "low"}}}});
            m["shapes"]["example#StartOutput"]["members"]["level"] = json!({"target": "example#Level"});
        }), &["LOW", "enumValue"]),
        ("map-with-number-keys", edit(|m| {
            m["shapes"]["example#Counts"] = json!({"type": "map", "key": {"target": "smithy.api#Integer"}, "value": {"target": "smithy.api#String"}});
            m["shapes"]["example#StartOutput"]["members"]["counts"] = json!({"target": "example#Counts"});
        }), &["map", "key"]),
        ("host-label-unknown", edit(|m| {
            m["shapes"]["example#Start"]["traits"]["smithy.api#endpoint"] = json!({"hostPrefix": "{account}."});
        }), &["host prefix label {account} names no string member"]),
        ("host-prefix-unclosed", edit(|m| {
            m["shapes"]["example#Start"]["traits"]["smithy.api#endpoint"] = json!({"hostPrefix": "{name."});
        }), &["unclosed `{`"]),
        ("cyclic-mixins", edit(|m| {
            m["shapes"]["example#A"] = json!({"type": "structure", "members": {}, "mixins": [{"target": "example#B"}], "traits": {"smithy.api#mixin": {}}});
            m["shapes"]["example#B"] = json!({"type": "structure", "members": {}, "mixins": [{"target": "example#A"}], "traits": {"smithy.api#mixin": {}}});
        }), &["example#A", "example#B"]),
        ("no-sigv4", edit(|m| { m["shapes"]["example#Service"]["traits"].as_object_mut().unwrap().remove("aws.auth#sigv4"); }), &["no `aws.auth#sigv4` trait"]),
        ("service-error-missing", edit(|m| { m["shapes"]["example#Service"]["errors"] = json!([{"target": "example#Missing"}]); }), &["example#Missing"]),
        ("member-target-number", edit(|m| { m["shapes"]["example#StartOutput"]["members"]["id"]["target"] = json!(5); }), &["target"]),
        ("bad-member-name", edit(|m| { m["shapes"]["example#StartOutput"]["members"]["not valid"] = json!({"target": "smithy.api#String"}); }), &["not valid"]),
        ("bad-http-method", edit(|m| { m["shapes"]["example#Start"]["traits"]["smithy.api#http"]["method"] = json!("GET /"); }), &["method"]),
        ("duplicate-shape-in-file", b"{\"smithy\": \"2.0\", \"shapes\": {\n\"example#A\": {\"type\": \"string\"},\n\"example#A\": {\"type\": \"integer\"}}}".to_vec(), &["duplicate key `example#A`", "line 3"]),
        ("whitespace-only", b" \n\t\n".to_vec(), &["the model file is empty"]),
        ("shapes-not-object", b"{\"smithy\": \"2.0\", \"shapes\": 5}".to_vec(), &["shapes"]),
        ("deeply-nested", format!("{{\"smithy\": \"2.0\", \"metadata\": {}{}}}", "[".repeat(100_000), "]".repeat(100_000)).into_bytes(), &["invalid JSON", "recursion limit"]),
    ];

    let mut failures = Vec::new();
    for (name, bytes, expected) in cases {
        match run(name, &bytes) {
            Ok(()) => failures.push(format!("{name}: generated without error")),
            Err(message) => {
                for fragment in expected {
                    if !message.contains(fragment) {
                        failures.push(format!("{name}: message lacks {fragment:?}:\n{message}"));
                    }
                }
                if !message.contains(name) && !message.contains("ingot-bad-model") {
                    failures.push(format!("{name}: message does not name the file:\n{message}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn duplicate_shape_across_files_is_reported() {
    let dir = std::env::temp_dir().join(format!("ingot-bad-model-duplicate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let first = dir.join("first.json");
    let second = dir.join("second.json");
    std::fs::write(&first, serde_json::to_vec(&valid_model()).unwrap()).unwrap();
    let other = json!({"smithy": "2.0", "shapes": {"example#StartOutput": {"type": "string"}}});
    std::fs::write(&second, serde_json::to_vec(&other).unwrap()).unwrap();

    let mut options = options_for(first.clone(), "duplicate");
    options.models.push(second);
    let result = generate(&options);
    let _ = std::fs::remove_dir_all(&dir);

    let Err(Error::Model(diagnostics)) = result else {
        panic!("expected a model error, got {result:?}");
    };
    let message = diagnostics.to_string();
    assert!(message.contains("example#StartOutput"), "{message}");
    assert!(message.contains("second.json"), "{message}");
}

#[test]
fn huge_file_is_reported_without_panic() {
    // 50 MB of a valid JSON string inside the documentation of a shape that
    // is otherwise broken: the loader must read it and still report the
    // dangling target.
    let mut model = valid_model();
    model["shapes"]["example#StartOutput"]["traits"] = json!({"smithy.api#documentation": "x".repeat(50 * 1024 * 1024)});
    model["shapes"]["example#StartOutput"]["members"]["id"]["target"] = json!("example#Nope");
    let bytes = serde_json::to_vec(&model).unwrap();
    assert!(bytes.len() > 50 * 1024 * 1024);

    let message = run("huge", &bytes).expect_err("the target is dangling");
    assert!(message.contains("example#Nope"), "{message}");
}

#[test]
fn unknown_operation_filter_is_reported() {
    let path = std::env::temp_dir().join(format!("ingot-bad-model-operations-{}.json", std::process::id()));
    std::fs::write(&path, serde_json::to_vec(&valid_model()).unwrap()).unwrap();
    let mut options = options_for(path.clone(), "operations");
    options.operations = Some(vec!["Stop".into()]);
    let result = generate(&options);
    let _ = std::fs::remove_file(&path);

    let Err(Error::Model(diagnostics)) = result else {
        panic!("expected a model error, got {result:?}");
    };
    let message = diagnostics.to_string();
    assert!(message.contains("operation Stop is not in the service"), "{message}");
    assert!(message.contains("Start"), "{message}");
}

#[test]
fn crate_name_outside_output_rejected() {
    let path = std::env::temp_dir().join(format!("ingot-bad-model-crate-name-{}.json", std::process::id()));
    std::fs::write(&path, serde_json::to_vec(&valid_model()).unwrap()).unwrap();

    let mut failures = Vec::new();
    for name in ["../evil", "a/b", "..", "/absolute", "a\\b", "", "9lives", "name with space"] {
        let mut options = options_for(path.clone(), "crate-name");
        options.crate_name = name.into();
        match generate(&options) {
            Err(Error::Model(diagnostics)) if diagnostics.to_string().contains("invalid crate name") => {}
            other => failures.push(format!("{name:?}: expected `invalid crate name`, got {other:?}")),
        }
    }
    let _ = std::fs::remove_file(&path);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn byte_order_mark_is_ignored() {
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(edit(|_| {}));
    run("byte-order-mark", &bytes).expect("a model that starts with a byte order mark generates");
}
