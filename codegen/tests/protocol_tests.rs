//! The Smithy protocol tests that `generate_with_protocol_tests` emits for
//! the awsJson1_0 test service: which cases become tests, how the skip list
//! leaves cases out, and that plain generation emits none of it.

use std::collections::BTreeMap;
use std::path::PathBuf;

use ingot_codegen::{
    generate, generate_with_protocol_tests, CaseRecord, Options, ProtocolTestOptions,
};

/// Returns the options for the JsonRpc10 test service, or `None` when the
/// shared test data is missing.
fn json_rpc10_options() -> Option<Options> {
    let aws = ingot_test_data::require("smithy/protocol-tests/aws", "protocol test generation")?;
    let traits = ingot_test_data::require("smithy/traits", "protocol test generation")?;
    let models: Vec<PathBuf> = vec![
        aws.join("awsJson1_0"),
        aws.join("shared-types.smithy"),
        aws.join("aws-config.smithy"),
        traits,
    ];
    Some(Options {
        models,
        service: Some("JsonRpc10".into()),
        operations: None,
        crate_name: "pt_json_rpc10".into(),
        crate_version: "0.1.0".into(),
        runtime_path: "../runtime".into(),
        source_names: vec!["awsJson1_0".into()],
    })
}

fn find<'c>(cases: &'c [CaseRecord], key: &str) -> Option<&'c CaseRecord> {
    cases.iter().find(|case| case.key() == key)
}

#[test]
fn client_cases_become_tests() {
    let Some(options) = json_rpc10_options() else {
        return;
    };
    let skipped = BTreeMap::from([(
        "request AwsJson10EndpointTrait".to_string(),
        "no loopback host".to_string(),
    )]);

    let generated = generate_with_protocol_tests(&options, &ProtocolTestOptions { skipped })
        .unwrap_or_else(|error| panic!("{error}"));
    let cases = &generated.protocol_tests;

    let error_case =
        find(cases, "response AwsJson10ComplexError").expect("an error's response test");
    assert_eq!(
        error_case.test_name.as_deref(),
        Some("response::AwsJson10ComplexError")
    );
    assert_eq!(error_case.skipped, None);

    let skipped_case = find(cases, "request AwsJson10EndpointTrait").expect("the skipped case");
    assert_eq!(skipped_case.test_name, None);
    assert_eq!(skipped_case.skipped.as_deref(), Some("no loopback host"));

    // A case with `appliesTo: server` is no client test.
    assert!(find(cases, "request AwsJson10MustSupportParametersInContentType").is_none());

    let tests = &generated.files["tests/protocol_tests.rs"];
    assert!(
        tests.contains("async fn AwsJson10ComplexError()"),
        "the error test is missing"
    );
    assert!(
        !tests.contains("fn AwsJson10EndpointTrait()"),
        "the skipped case was emitted"
    );
    assert!(generated.files.contains_key("tests/support/mod.rs"));
    let manifest = &generated.files["Cargo.toml"];
    assert!(
        manifest.contains(r#"features = ["test-util"]"#),
        "{manifest}"
    );
}

#[test]
fn plain_generation_has_no_protocol_tests() {
    let Some(options) = json_rpc10_options() else {
        return;
    };

    let generated = generate(&options).unwrap_or_else(|error| panic!("{error}"));

    assert!(generated.protocol_tests.is_empty());
    assert!(generated
        .files
        .keys()
        .all(|path| !path.starts_with("tests/")));
    assert!(!generated.files["Cargo.toml"].contains("test-util"));
}
