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

fn run(name: &str, bytes: &[u8]) -> Result<(), String> {
    let path = std::env::temp_dir().join(format!("ingot-bad-model-{name}-{}.json", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    let options = Options {
        models: vec![PathBuf::from(&path)],
        service: None,
        operations: None,
        crate_name: "example".into(),
        crate_version: "0.1.0".into(),
        runtime_path: "../runtime".into(),
        source_names: vec![name.into()],
    };
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
        ("mixins", edit(|m| { m["shapes"]["example#StartOutput"]["mixins"] = json!([{"target": "example#StartInput"}]); }), &["mixins"]),
        ("apply-missing", edit(|m| { m["shapes"]["example#Gone"] = json!({"type": "apply", "traits": {"smithy.api#documentation": "x"}}); }), &["`apply` targets example#Gone"]),
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
