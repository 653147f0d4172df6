//! Smithy IDL models, broken and whole: each problem must be reported at
//! its file, line and column, a model must generate the same client from
//! IDL as from JSON AST, and no input may make the loader panic.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use ingot_codegen::idl::{self, Document, MixinMode, Source};
use ingot_codegen::{generate, model, Error, Options};

/// A temporary folder that is removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let path = std::env::temp_dir().join(format!("ingot-idl-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        Self(path)
    }

    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Loads and assembles `text` as `model.smithy`; returns each problem as
/// `(line, column, message)`.
fn problems(name: &str, text: &str) -> Vec<(u32, u32, String)> {
    let dir = TempDir::new(name);
    let path = dir.write("model.smithy", text.as_bytes());
    let result = model::load_paths(&[path]).and_then(model::assemble);
    let Err(problems) = result else {
        panic!("{name}: the model loaded without error");
    };
    problems
        .iter()
        .map(|p| {
            let line = p
                .location
                .line
                .unwrap_or_else(|| panic!("{name}: no line for {p}"));
            (line.line, line.column, p.message.clone())
        })
        .collect()
}

const HEADER: &str = "$version: \"2.0\"\nnamespace example\n";

#[test]
fn idl_problems_name_line_and_column() {
    // (case, model after the two header lines, line, column, part of the message)
    let cases: &[(&str, &str, u32, u32, &str)] = &[
        (
            "unknown-type",
            "strukture A {}\n",
            3,
            1,
            "unknown shape type `strukture`",
        ),
        (
            "missing-brace",
            "structure A {\n    a: String\n",
            5,
            1,
            "expected a member name or `}`",
        ),
        (
            "no-line-break",
            "string A string B\n",
            3,
            10,
            "expected a line break",
        ),
        (
            "bad-escape",
            "@documentation(\"a\\qb\")\nstring A\n",
            3,
            16,
            "invalid escape `\\q`",
        ),
        (
            "unclosed-text-block",
            "@documentation(\"\"\"\n    abc\nstring A\n",
            6,
            1,
            "starts at line 3, column 16",
        ),
        (
            "undefined-target",
            "structure A {\n    b: Missing\n}\n",
            4,
            8,
            "example#Missing, which is not defined",
        ),
        (
            "unquoted-string",
            "@documentation(hello)\nstring A\n",
            3,
            16,
            "`hello` is read as a shape id",
        ),
        (
            "enum-value",
            "enum E {\n    A = 1\n}\n",
            4,
            9,
            "needs a string value",
        ),
        (
            "elided-nothing",
            "structure A {\n    $b\n}\n",
            4,
            6,
            "member `$b` of example#A is elided",
        ),
        (
            "mixin-not-mixin",
            "structure M {}\nstructure A with [M] {}\n",
            4,
            19,
            "has no `@mixin` trait",
        ),
        (
            "mixin-cycle",
            "@mixin\nstructure M with [N] {}\n@mixin\nstructure N with [M] {}\n",
            6,
            19,
            "cycle",
        ),
        (
            "trait-conflict",
            "@documentation(\"a\")\nstring A\napply A @documentation(\"b\")\n",
            5,
            9,
            "conflicting values",
        ),
        (
            "duplicate-shape",
            "string A\nstring A\n",
            4,
            8,
            "defined twice",
        ),
        (
            "nesting",
            &format!("@tags({}{})\nstring A\n", "[".repeat(500), "]".repeat(500)),
            3,
            136,
            "nested more than 128",
        ),
    ];

    let mut failures = Vec::new();
    for (name, body, line, column, fragment) in cases {
        let found = problems(name, &format!("{HEADER}{body}"));
        let matched = found
            .iter()
            .any(|(l, c, message)| l == line && c == column && message.contains(fragment));
        if !matched {
            failures.push(format!(
                "{name}: expected {line}:{column} containing {fragment:?}, found {found:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn locations_display_as_file_line_column() {
    let dir = TempDir::new("display");
    let path = dir.write(
        "model.smithy",
        format!("{HEADER}strukture A {{}}\n").as_bytes(),
    );
    let message = model::load_paths(&[path]).unwrap_err().to_string();
    assert!(message.contains("model.smithy:3:1"), "{message}");
}

#[test]
fn non_utf8_idl_names_the_byte() {
    let dir = TempDir::new("utf8");
    let path = dir.write("model.smithy", b"namespace a\nstring \xff\n");
    let problems = model::load_paths(&[path]).unwrap_err();
    let problem = problems.iter().next().unwrap();
    assert!(problem.message.contains("not valid UTF-8"), "{problem}");
    assert_eq!(
        problem.location.line.map(|l| (l.line, l.column)),
        Some((2, 8))
    );
}

#[test]
fn unsupported_files_and_empty_folders_are_rejected() {
    let dir = TempDir::new("files");
    let text = dir.write("model.txt", b"namespace a\n");
    let message = model::load_paths(&[text]).unwrap_err().to_string();
    assert!(message.contains("unsupported model file"), "{message}");

    let empty = dir.0.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let message = model::load_paths(&[empty]).unwrap_err().to_string();
    assert!(
        message.contains("the folder has no model files"),
        "{message}"
    );
}

/// A small restJson1 service, in IDL, with a mixin, an inline input and
/// output, a default, an enum and a doc comment.
const SERVICE_IDL: &str = r#"$version: "2.0"

namespace example

use aws.api#service
use aws.auth#sigv4
use aws.protocols#restJson1

@restJson1
@sigv4(name: "example")
@service(sdkId: "Example")
service Example {
    version: "1"
    operations: [Start]
}

/// Starts a thing.
@http(method: "POST", uri: "/things/{name}")
operation Start {
    input := with [NameMixin] {
        count: Integer = 1
        kind: Kind
    }
    output := {
        id: String
    }
}

@mixin
structure NameMixin {
    @required
    @httpLabel
    name: String
}

enum Kind {
    SMALL
    LARGE = "large"
}
"#;

/// The same service as JSON AST, mixin flattened by hand.
const SERVICE_JSON: &str = r#"{
  "smithy": "2.0",
  "shapes": {
    "example#Example": {
      "type": "service", "version": "1",
      "operations": [{"target": "example#Start"}],
      "traits": {"aws.protocols#restJson1": {}, "aws.auth#sigv4": {"name": "example"}, "aws.api#service": {"sdkId": "Example"}}
    },
    "example#Start": {
      "type": "operation",
      "input": {"target": "example#StartInput"},
      "output": {"target": "example#StartOutput"},
      "traits": {"smithy.api#documentation": "Starts a thing.", "smithy.api#http": {"method": "POST", "uri": "/things/{name}"}}
    },
    "example#StartInput": {
      "type": "structure",
      "members": {
        "name": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}, "smithy.api#httpLabel": {}}},
        "count": {"target": "smithy.api#Integer", "traits": {"smithy.api#default": 1}},
        "kind": {"target": "example#Kind"}
      },
      "traits": {"smithy.api#input": {}}
    },
    "example#StartOutput": {
      "type": "structure",
      "members": {"id": {"target": "smithy.api#String"}},
      "traits": {"smithy.api#output": {}}
    },
    "example#Kind": {
      "type": "enum",
      "members": {
        "SMALL": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "SMALL"}},
        "LARGE": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "large"}}
      }
    }
  }
}"#;

fn options(model: PathBuf) -> Options {
    Options {
        models: vec![model],
        service: None,
        operations: None,
        crate_name: "example".into(),
        crate_version: "0.1.0".into(),
        runtime_path: "../runtime".into(),
        source_names: vec!["example model".into()],
    }
}

#[test]
fn idl_and_json_generate_the_same_client() {
    let dir = TempDir::new("generate");
    let idl_folder = dir.0.join("idl");
    std::fs::create_dir_all(&idl_folder).unwrap();
    std::fs::write(idl_folder.join("service.smithy"), SERVICE_IDL).unwrap();
    let json = dir.write("service.json", SERVICE_JSON.as_bytes());

    let from_idl = match generate(&options(idl_folder)) {
        Ok(generated) => generated,
        Err(Error::Model(problems)) => panic!("the IDL model failed:\n{problems}"),
        Err(other) => panic!("{other}"),
    };
    let from_json =
        generate(&options(json)).unwrap_or_else(|e| panic!("the JSON model failed:\n{e}"));
    assert_eq!(from_idl.operation_count, 1);
    assert_eq!(from_idl.shape_count, from_json.shape_count);
    assert_eq!(from_idl.files, from_json.files);
}

/// Returns `text` cut or changed in many places: every seventh prefix, and
/// at every thirteenth character one of the characters the grammar treats
/// specially.
fn variants(text: &str) -> Vec<String> {
    let boundaries: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let mut out: Vec<String> = boundaries
        .iter()
        .step_by(7)
        .map(|&end| text[..end].to_string())
        .collect();
    for window in boundaries.windows(2).step_by(13) {
        for replacement in [
            "{", "}", "[", "\"", "\"\"\"", "@", "$", "#", ":=", "\n", "\\u", "é",
        ] {
            out.push(format!(
                "{}{replacement}{}",
                &text[..window[0]],
                &text[window[1]..]
            ));
        }
    }
    out
}

/// Returns `value` with one node at a time replaced by a value of another
/// type, for every node.
fn json_variants(value: &Value) -> Vec<Value> {
    let replacements = [json!(5), json!("x"), json!([]), json!({}), Value::Null];
    let mut out: Vec<Value> = replacements.to_vec();
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                for variant in json_variants(child) {
                    let mut copy = map.clone();
                    copy.insert(key.clone(), variant);
                    out.push(Value::Object(copy));
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                for variant in json_variants(child) {
                    let mut copy = items.clone();
                    copy[i] = variant;
                    out.push(Value::Array(copy));
                }
            }
        }
        _ => {}
    }
    out
}

#[test]
fn broken_variants_of_real_models_never_panic() {
    let Some(valid) = ingot_test_data::require("smithy/idl-tests/valid", "IDL conformance models")
    else {
        return;
    };
    let mut models: Vec<PathBuf> = Vec::new();
    let mut pending = vec![valid];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path
                .extension()
                .is_some_and(|e| e == "smithy" || e == "json")
            {
                models.push(path);
            }
        }
    }
    models.sort();

    let mut runs = 0;
    for model in models
        .iter()
        .filter(|m| m.extension().is_some_and(|e| e == "json"))
    {
        // traits.json contains numbers beyond what serde_json reads, so skip it.
        let Ok(value) = serde_json::from_str::<Value>(&std::fs::read_to_string(model).unwrap())
        else {
            continue;
        };
        for variant in json_variants(&value) {
            runs += 1;
            let document = Document::new(Path::new("variant.json"), variant);
            let (documents, _) = idl::build(
                vec![Source::Json(document)],
                idl::builtin_documents(),
                MixinMode::Flatten,
            );
            for document in &documents {
                let _ = model::load_document(document);
            }
        }
    }
    for model in models
        .iter()
        .filter(|m| m.extension().is_some_and(|e| e == "smithy"))
    {
        let text = std::fs::read_to_string(model).unwrap();
        for variant in variants(&text) {
            runs += 1;
            // Any outcome but a panic is fine: the variant may be valid.
            if let Ok(file) = idl::parse(Path::new("variant.smithy"), &variant) {
                let _ = idl::build(
                    vec![Source::Idl(file)],
                    idl::builtin_documents(),
                    MixinMode::Flatten,
                );
            }
        }
    }
    assert!(runs > 1000, "only {runs} variants were tried");
}
