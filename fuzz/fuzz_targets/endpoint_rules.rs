//! Endpoint rules resolve with parameter values from the fuzz input. The
//! rule sets come from the repository's models and, when the shared test
//! data is present, from AWS models with the most involved rules (S3, S3
//! Control, DynamoDB and others). The first byte picks the rule set. Then,
//! for each declared parameter in order, one byte picks unset, `true`,
//! `false`, a string or a list of strings, whose text ends at a NUL byte.

#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use ingot_fuzz::input::Input;
use ingot_runtime::endpoint::{ParamValue, Params};
use ingot_runtime::RuleSet;
use libfuzzer_sys::fuzz_target;

/// AWS models, by file name in the shared models folder, whose rules use
/// the most functions: ARN parsing, host labels, account ids, string
/// arrays.
const SHARED_MODELS: [&str; 7] = [
    "s3.json",
    "s3-control.json",
    "dynamodb.json",
    "lambda.json",
    "sts.json",
    "eks.json",
    "entityresolution.json",
];

/// Returns the `smithy.rules#endpointRuleSet` of each service in the JSON
/// AST model at `path`, or nothing when the file cannot be read.
fn rule_sets_in(path: &Path) -> Vec<RuleSet> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let Ok(model) = serde_json::from_str::<serde_json::Value>(&text) else {
        return Vec::new();
    };
    let shapes = model
        .get("shapes")
        .and_then(|s| s.as_object())
        .into_iter()
        .flatten();
    shapes
        .filter_map(|(_, shape)| shape.pointer("/traits/smithy.rules#endpointRuleSet"))
        .filter_map(|rules| RuleSet::from_value(rules).ok())
        .collect()
}

/// Loads the rule sets once: the repository's models, then the shared ones
/// from `INGOT_TEST_DATA` or the `shared` folder beside the checkout.
fn rule_sets() -> &'static [RuleSet] {
    static RULE_SETS: OnceLock<Vec<RuleSet>> = OnceLock::new();
    RULE_SETS.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("fuzz/ is inside the checkout");
        let mut paths: Vec<PathBuf> = ["model", "tests/models"]
            .iter()
            .filter_map(|folder| std::fs::read_dir(root.join(folder)).ok())
            .flatten()
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.extension().is_some_and(|e| e == "json"))
            .collect();
        let shared = std::env::var_os("INGOT_TEST_DATA")
            .map(PathBuf::from)
            .unwrap_or_else(|| root.join("../shared"));
        paths.extend(
            SHARED_MODELS
                .iter()
                .map(|name| shared.join("models/aws").join(name)),
        );
        paths.sort();

        let rule_sets: Vec<RuleSet> = paths.iter().flat_map(|path| rule_sets_in(path)).collect();
        assert!(
            !rule_sets.is_empty(),
            "no endpoint rule set found below {}",
            root.display()
        );
        rule_sets
    })
}

fuzz_target!(|data: &[u8]| {
    let rule_sets = rule_sets();
    let mut input = Input::new(data);
    let rules = &rule_sets[input.choose(rule_sets.len())];

    let mut params = Params::new();
    for name in rules.parameter_names() {
        let value = match input.byte() % 5 {
            0 => continue,
            1 => ParamValue::Bool(true),
            2 => ParamValue::Bool(false),
            3 => ParamValue::String(input.text()),
            _ => ParamValue::StringArray((0..input.byte() % 4).map(|_| input.text()).collect()),
        };
        params.set(name, value);
    }
    match rules.resolve(&params) {
        Ok(endpoint) => ingot_fuzz::consume(format!("{endpoint:?}")),
        Err(error) => ingot_fuzz::consume(error.to_string()),
    }
});
