//! The real Smithy IDL models the generator will read: the AWS protocol
//! test models, the Smithy trait definitions and the endpoint rules test
//! models must all parse and assemble without a problem.

use std::path::{Path, PathBuf};

use ingot_codegen::model::{self, ShapeId};

/// Loads `paths` as one model and assembles it, failing with every problem.
fn assemble(paths: &[PathBuf]) -> model::Model {
    let files = model::load_paths(paths).unwrap_or_else(|problems| panic!("{problems}"));
    assert!(!files.is_empty(), "no model files in {paths:?}");
    model::assemble(files).unwrap_or_else(|problems| panic!("{problems}"))
}

fn smithy_files(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", folder.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "smithy"))
        .collect();
    files.sort();
    files
}

#[test]
fn protocol_test_models_assemble() {
    let Some(aws) =
        ingot_test_data::require("smithy/protocol-tests/aws", "IDL protocol test models")
    else {
        return;
    };
    let shared = aws.join("shared-types.smithy");
    let config = aws.join("aws-config.smithy");
    for protocol in ["restJson1", "awsJson1_0", "awsJson1_1"] {
        let model = assemble(&[aws.join(protocol), shared.clone(), config.clone()]);
        assert!(
            model.user_shape_count() > 100,
            "{protocol}: only {} shapes",
            model.user_shape_count()
        );
    }

    // Shapes read from IDL know the line they were defined on.
    let model = assemble(&[aws.join("awsJson1_0"), shared]);
    let service = ShapeId::parse("aws.protocoltests.json10#JsonRpc10").unwrap();
    let location = &model
        .shape(&service)
        .expect("the JsonRpc10 service")
        .location;
    assert!(location.file.ends_with("main.smithy"), "{location}");
    assert!(location.line.is_some(), "{location} has no line");
}

#[test]
fn trait_definition_models_assemble() {
    let Some(traits) = ingot_test_data::require("smithy/traits", "Smithy trait definition models")
    else {
        return;
    };
    let files = smithy_files(&traits);
    assert!(
        files.len() > 10,
        "expected the trait models, found {files:?}"
    );
    // These include the Smithy prelude itself, which replaces ingot's.
    let model = assemble(&files);
    let tags = ShapeId::parse("smithy.api#tags").unwrap();
    assert!(model
        .shape(&tags)
        .unwrap()
        .location
        .file
        .ends_with("prelude.smithy"));
}

#[test]
fn endpoint_rules_test_models_assemble() {
    let Some(rules) = ingot_test_data::require("smithy/rules-tests", "endpoint rules test models")
    else {
        return;
    };
    let files = smithy_files(&rules);
    assert!(
        !files.is_empty(),
        "no rules test models in {}",
        rules.display()
    );
    for file in files {
        assemble(&[file]);
    }
}
