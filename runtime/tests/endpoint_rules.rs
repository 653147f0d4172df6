//! The endpoint rules engine against real data. Every `endpointTests` case
//! of every AWS model in the shared corpus and of the project's own models
//! runs, and the partitions table is compared with the published partitions
//! data. Further tests check the errors for broken rule sets and parameters.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use ingot_runtime::endpoint::{partitions, testing, Params, RuleSet};
use ingot_runtime::env::Env;
use ingot_runtime::{Config, ErrorKind};
use serde_json::Value;

/// Returns the `*.json` files of `folder`, sorted.
fn json_files(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(folder)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", folder.display()))
        .map(|entry| entry.expect("read a folder entry").path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "json")
        })
        .collect();
    files.sort();
    files
}

fn run_and_report(models: &[PathBuf], what: &str) -> testing::Report {
    assert!(!models.is_empty(), "no models for {what}");
    let report = testing::run_model_files(models);
    for failure in &report.failures {
        eprintln!("FAILED {failure}");
    }
    println!(
        "{what}: {} models, {} ({} of the passed only with the earlier partitions data)",
        models.len(),
        report.summary(),
        report.passed_with_earlier_partitions
    );
    report
}

#[test]
fn corpus_endpoint_tests_pass() {
    let Some(folder) = ingot_test_data::require("models/aws", "endpoint tests of the AWS models")
    else {
        return;
    };
    let report = run_and_report(&json_files(&folder), "AWS model corpus");

    assert!(report.passed > 0, "no case ran");
    assert_eq!(
        report.failed, 0,
        "{} endpoint test cases of the corpus failed; they are listed above",
        report.failed
    );
}

#[test]
fn project_models_endpoint_tests_pass() {
    let folder = ingot_test_data::workspace_root().join("model");
    let report = run_and_report(&json_files(&folder), "model/");

    assert!(report.passed > 0, "no case ran");
    assert_eq!(report.failed, 0, "{:#?}", report.failures);
    assert_eq!(
        report.passed_with_earlier_partitions, 0,
        "the project's own cases must pass with the current partitions data"
    );
}

#[test]
fn partitions_match_published_data() {
    let Some(path) = ingot_test_data::require(
        "smithy/endpoints/partitions.json",
        "the partitions table check",
    ) else {
        return;
    };
    let text = fs::read_to_string(&path).expect("read the partitions data");
    let data: Value = serde_json::from_str(&text).expect("the partitions data is JSON");
    let published = data["partitions"].as_array().expect("a partitions array");

    let table = partitions::all();
    let published_ids: Vec<&str> = published
        .iter()
        .map(|p| p["id"].as_str().expect("an id"))
        .collect();
    let table_ids: Vec<&str> = table.iter().map(|p| p.id).collect();
    assert_eq!(table_ids, published_ids, "partition ids in lookup order");

    for (entry, partition) in published.iter().zip(table) {
        let id = partition.id;
        assert_eq!(
            partition.region_pattern.to_regex(),
            entry["regionRegex"].as_str().expect("a region regex"),
            "{id}: region pattern"
        );

        let mut published_regions: Vec<&str> = entry["regions"]
            .as_object()
            .expect("a regions object")
            .keys()
            .map(String::as_str)
            .collect();
        published_regions.sort_unstable();
        let mut regions = partition.regions.to_vec();
        regions.sort_unstable();
        assert_eq!(regions, published_regions, "{id}: explicit regions");
        for region in &regions {
            assert_eq!(partitions::find(region).id, id, "partition of {region}");
        }

        let outputs = entry["outputs"].as_object().expect("an outputs object");
        let mut keys: Vec<&str> = outputs.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "dnsSuffix",
                "dualStackDnsSuffix",
                "implicitGlobalRegion",
                "name",
                "supportsDualStack",
                "supportsFIPS"
            ],
            "{id}: the outputs the table knows"
        );
        let ours = &partition.outputs;
        assert_eq!(outputs["name"], ours.name, "{id}: name");
        assert_eq!(outputs["dnsSuffix"], ours.dns_suffix, "{id}: dnsSuffix");
        assert_eq!(
            outputs["dualStackDnsSuffix"], ours.dual_stack_dns_suffix,
            "{id}: dualStackDnsSuffix"
        );
        assert_eq!(
            outputs["supportsFIPS"], ours.supports_fips,
            "{id}: supportsFIPS"
        );
        assert_eq!(
            outputs["supportsDualStack"], ours.supports_dual_stack,
            "{id}: supportsDualStack"
        );
        assert_eq!(
            outputs["implicitGlobalRegion"], ours.implicit_global_region,
            "{id}: implicitGlobalRegion"
        );
    }
}

/// A rule set with a region, FIPS and a custom endpoint, written for these
/// tests.
const RULES: &str = r#"{
    "version": "1.0",
    "parameters": {
        "Region": {"type": "String", "builtIn": "AWS::Region", "required": false},
        "UseFIPS": {"type": "Boolean", "builtIn": "AWS::UseFIPS", "required": true, "default": false},
        "UseDualStack": {"type": "Boolean", "builtIn": "AWS::UseDualStack", "required": true, "default": false},
        "Endpoint": {"type": "String", "builtIn": "SDK::Endpoint", "required": false},
        "Tags": {"type": "stringArray", "required": false}
    },
    "rules": [
        {
            "type": "endpoint",
            "conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}],
            "endpoint": {"url": {"ref": "Endpoint"}}
        },
        {
            "type": "tree",
            "conditions": [
                {"fn": "isSet", "argv": [{"ref": "Region"}]},
                {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "p"}
            ],
            "rules": [
                {
                    "type": "error",
                    "conditions": [{"fn": "stringEquals", "argv": [{"ref": "Region"}, "forbidden"]}],
                    "error": "Region {Region} is not allowed"
                },
                {
                    "type": "endpoint",
                    "conditions": [
                        {"fn": "isSet", "argv": [{"ref": "Tags"}]},
                        {"fn": "getAttr", "argv": [{"ref": "Tags"}, "[1]"], "assign": "second"}
                    ],
                    "endpoint": {
                        "url": "https://{second}.{Region}.{p#dnsSuffix}",
                        "headers": {"x-tag": ["{second}", "fixed"]},
                        "properties": {
                            "authSchemes": [{"name": "sigv4", "signingName": "svc-{second}", "signingRegion": "{p#implicitGlobalRegion}"}],
                            "literal": "{{braces}}",
                            "nested": {"count": 2, "flag": true}
                        }
                    }
                },
                {
                    "type": "endpoint",
                    "conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]}],
                    "endpoint": {"url": "https://svc-fips.{Region}.{p#dnsSuffix}"}
                },
                {
                    "type": "endpoint",
                    "conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseDualStack"}, true]}],
                    "endpoint": {"url": "https://svc.{Region}.{p#dualStackDnsSuffix}"}
                },
                {
                    "type": "endpoint",
                    "conditions": [{"fn": "stringEquals", "argv": ["{p#name}", "aws"]}],
                    "endpoint": {"url": "https://svc.{Region}.{p#dnsSuffix}"}
                }
            ]
        }
    ]
}"#;

fn rules() -> RuleSet {
    RuleSet::from_json(RULES).expect("the test rule set loads")
}

#[test]
fn resolve_applies_defaults_and_templates() {
    let rules = rules();

    let endpoint = rules
        .resolve(&Params::new().with("Region", "eu-west-1"))
        .expect("resolves");
    assert_eq!(endpoint.url, "https://svc.eu-west-1.amazonaws.com");
    assert!(endpoint.headers.is_empty());
    assert!(endpoint.properties.is_empty());

    let fips = Params::new()
        .with("Region", "cn-north-1")
        .with("UseFIPS", true);
    assert_eq!(
        rules.resolve(&fips).expect("resolves").url,
        "https://svc-fips.cn-north-1.amazonaws.com.cn"
    );

    let dual_stack = Params::new()
        .with("Region", "us-gov-east-1")
        .with("UseDualStack", true);
    assert_eq!(
        rules.resolve(&dual_stack).expect("resolves").url,
        "https://svc.us-gov-east-1.api.aws"
    );
}

#[test]
fn resolve_builds_headers_and_properties() {
    let params = Params::new()
        .with("Region", "us-west-2")
        .with("Tags", vec!["a".to_owned(), "beta".to_owned()]);
    let endpoint = rules().resolve(&params).expect("resolves");

    assert_eq!(endpoint.url, "https://beta.us-west-2.amazonaws.com");
    assert_eq!(
        endpoint.headers,
        vec![(
            "x-tag".to_owned(),
            vec!["beta".to_owned(), "fixed".to_owned()]
        )]
    );
    assert_eq!(endpoint.properties["literal"], "{braces}");
    assert_eq!(
        endpoint.properties["nested"],
        serde_json::json!({"count": 2, "flag": true})
    );

    let sigv4 = endpoint.sigv4().expect("a sigv4 scheme");
    assert_eq!(sigv4.signing_name, Some("svc-beta"));
    assert_eq!(sigv4.signing_region, Some("us-east-1"));
}

#[test]
fn resolve_falls_through_when_index_is_missing() {
    // `Tags[1]` does not exist, so the rule does not match and the next one
    // applies.
    let params = Params::new()
        .with("Region", "us-west-2")
        .with("Tags", vec!["only".to_owned()]);
    assert_eq!(
        rules().resolve(&params).expect("resolves").url,
        "https://svc.us-west-2.amazonaws.com"
    );
}

#[test]
fn error_rule_message_is_returned_unchanged() {
    let error = rules()
        .resolve(&Params::new().with("Region", "forbidden"))
        .expect_err("the error rule applies");

    assert_eq!(error.kind(), ErrorKind::Config);
    assert_eq!(error.message(), "Region forbidden is not allowed");
}

#[test]
fn no_matching_rule_is_an_error() {
    // Neither an endpoint nor a region: no top-level rule matches.
    let error = rules()
        .resolve(&Params::new())
        .expect_err("nothing matches");
    assert_eq!(error.kind(), ErrorKind::Config);
    assert!(error.message().contains("matched no rule"), "{error}");

    // The tree matches but none of its rules: the rules after it are not
    // tried, and the parameters are named.
    let error = rules()
        .resolve(&Params::new().with("Region", "cn-north-1"))
        .expect_err("the tree is exhausted");
    assert!(error.message().contains("Region=\"cn-north-1\""), "{error}");
}

#[test]
fn invalid_params_are_rejected() {
    let rules = rules();

    let error = rules
        .resolve(&Params::new().with("Regoin", "us-east-1"))
        .expect_err("unknown");
    assert!(
        error
            .message()
            .contains("unknown endpoint parameter `Regoin`"),
        "{error}"
    );
    assert!(error.message().contains("Region"), "{error}");

    let error = rules
        .resolve(&Params::new().with("UseFIPS", "yes"))
        .expect_err("wrong type");
    assert!(
        error.message().contains("`UseFIPS` is a boolean"),
        "{error}"
    );

    let required = r#"{"version": "1.0",
        "parameters": {"Name": {"type": "string", "required": true}},
        "rules": [{"type": "endpoint", "conditions": [], "endpoint": {"url": "https://{Name}"}}]}"#;
    let error = RuleSet::from_json(required)
        .expect("loads")
        .resolve(&Params::new())
        .expect_err("missing");
    assert!(
        error
            .message()
            .contains("missing required endpoint parameter `Name`"),
        "{error}"
    );
}

/// Loads `rules` wrapped in a rule set with the parameters `Region`
/// (string) and `Flag` (boolean) and returns the load error.
fn load_error(rules: &str) -> String {
    let text = format!(
        r#"{{"version": "1.0",
            "parameters": {{"Region": {{"type": "string"}}, "Flag": {{"type": "boolean"}}}},
            "rules": {rules}}}"#
    );
    let error = RuleSet::from_json(&text).expect_err("the rule set is invalid");
    assert_eq!(error.kind(), ErrorKind::Config);
    error.to_string()
}

#[test]
fn load_errors_name_the_location() {
    let cases = [
        (
            r#"[{"type": "endpoint", "conditions": [{"fn": "coalesce", "argv": []}], "endpoint": {"url": "x"}}]"#,
            "rules[0].conditions[0].fn: unknown function `coalesce`",
        ),
        (
            r#"[{"type": "endpoint", "conditions": [], "endpoint": {"url": "https://{Regoin}"}}]"#,
            "rules[0].endpoint.url: `Regoin` is neither a parameter",
        ),
        (
            r#"[{"type": "endpoint", "conditions": [{"fn": "not", "argv": [{"ref": "Region"}]}], "endpoint": {"url": "x"}}]"#,
            "rules[0].conditions[0].argv[0]: expected a boolean, found a string",
        ),
        (
            r#"[{"type": "endpoint", "conditions": [{"fn": "isSet", "argv": []}], "endpoint": {"url": "x"}}]"#,
            "`isSet` takes 1 argument(s), found 0",
        ),
        (
            r#"[{"type": "tree", "conditions": [], "rules": [{"type": "error", "conditions": [], "error": "{Region"}]}]"#,
            "rules[0].rules[0].error: unclosed `{`",
        ),
        (
            r#"[{"type": "endpoint", "conditions": [], "endpoint": {"url": "https://{Flag}"}}]"#,
            "is a boolean, but templates insert strings",
        ),
        (
            r#"[{"type": "endpoint", "conditions": [{"fn": "aws.partition", "argv": ["x"], "assign": "p"}], "endpoint": {"url": "https://{p#dnsSufix}"}}]"#,
            "a partition has no attribute `dnsSufix`",
        ),
        (
            r#"[{"type": "endpoint", "conditions": [{"fn": "isSet", "argv": [{"ref": "Region"}], "assign": "Region"}], "endpoint": {"url": "x"}}]"#,
            "rules[0].conditions[0].assign: `Region` is already a parameter",
        ),
        (
            r#"[{"type": "rule", "conditions": []}]"#,
            "rules[0].type: unknown rule type \"rule\"",
        ),
        (
            r#"[{"type": "endpoint", "conditions": []}]"#,
            "rules[0]: missing member \"endpoint\"",
        ),
        (r#"[]"#, "rules: a rule list needs at least one rule"),
    ];
    for (rules, expected) in cases {
        let error = load_error(rules);
        assert!(
            error.contains(expected),
            "expected {expected:?} in: {error}"
        );
    }
}

#[test]
fn variables_do_not_leak_out_of_their_rule() {
    let error = load_error(
        r#"[
            {"type": "endpoint", "conditions": [{"fn": "aws.partition", "argv": ["x"], "assign": "p"}],
             "endpoint": {"url": "https://{p#name}"}},
            {"type": "endpoint", "conditions": [], "endpoint": {"url": "https://{p#name}"}}
        ]"#,
    );
    assert!(
        error.contains("rules[1].endpoint.url: `p` is neither"),
        "{error}"
    );
}

#[test]
fn load_rejects_broken_documents() {
    let error = RuleSet::from_json("{").expect_err("not JSON");
    assert!(error.to_string().contains("not valid JSON"), "{error}");

    let error = RuleSet::from_json(r#"{"version": "2.0", "parameters": {}, "rules": []}"#)
        .expect_err("version");
    assert!(
        error
            .to_string()
            .contains("unsupported rules engine version \"2.0\""),
        "{error}"
    );

    let error = RuleSet::from_json(
        r#"{"version": "1.0", "parameters": {"A": {"type": "number"}}, "rules": []}"#,
    )
    .expect_err("type");
    assert!(
        error
            .to_string()
            .contains("parameters.A.type: unknown parameter type \"number\""),
        "{error}"
    );

    let error = RuleSet::from_json(
        r#"{"version": "1.0", "parameters": {"A": {"type": "boolean", "default": "no"}}, "rules": []}"#,
    )
    .expect_err("default");
    assert!(
        error
            .to_string()
            .contains("parameters.A.default: the default \"no\" is not a boolean"),
        "{error}"
    );
}

#[test]
fn builtin_params_come_from_config() {
    let rules = rules();
    let config = Config::builder()
        .region("ap-south-1")
        .use_dual_stack(true)
        .build();

    let params = rules.builtin_params(&config, "SVC").expect("params");
    assert_eq!(params.get("Region"), Some(&"ap-south-1".into()));
    assert_eq!(params.get("UseFIPS"), Some(&false.into()));
    assert_eq!(params.get("UseDualStack"), Some(&true.into()));
    assert_eq!(params.get("Endpoint"), None);
    assert_eq!(params.get("Tags"), None);
    assert_eq!(
        rules.resolve(&params).expect("resolves").url,
        "https://svc.ap-south-1.api.aws"
    );

    let with_endpoint = config
        .to_builder()
        .endpoint_url("http://127.0.0.1:9000")
        .build();
    let params = rules.builtin_params(&with_endpoint, "SVC").expect("params");
    assert_eq!(
        rules.resolve(&params).expect("resolves").url,
        "http://127.0.0.1:9000"
    );
}

#[test]
fn builtin_params_read_environment() {
    let env = Env::from_pairs([
        ("HOME", "/nonexistent-ingot-home"),
        ("AWS_REGION", "us-gov-west-1"),
        ("AWS_USE_FIPS_ENDPOINT", "true"),
        ("AWS_ENDPOINT_URL_SVC", "http://localhost:4566"),
    ]);
    let config = Config::loader().env(env).load();

    let params = rules().builtin_params(&config, "SVC").expect("params");
    assert_eq!(params.get("UseFIPS"), Some(&true.into()));
    assert_eq!(
        params.get("Endpoint"),
        Some(&"http://localhost:4566".into())
    );
}

#[test]
fn builtin_params_report_missing_region() {
    let error = rules()
        .builtin_params(&Config::builder().build(), "SVC")
        .expect_err("no region");
    assert_eq!(error.kind(), ErrorKind::Config);
    assert!(error.message().contains("ConfigBuilder::region"), "{error}");
}

/// Measures resolution speed once; run with
/// `cargo test -p ingot-runtime --release --test endpoint_rules -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement to run by hand, not a check"]
fn resolution_speed() {
    let Some(folder) = ingot_test_data::require("models/aws", "the resolution speed measurement")
    else {
        return;
    };
    let load = |file: &str| -> (RuleSet, usize) {
        let text = fs::read_to_string(folder.join(file)).expect("read the model");
        let model: Value = serde_json::from_str(&text).expect("a JSON model");
        let rule_set = model["shapes"]
            .as_object()
            .expect("shapes")
            .values()
            .find_map(|shape| shape["traits"].get("smithy.rules#endpointRuleSet"))
            .expect("a rule set");
        let compact = serde_json::to_string(rule_set).expect("serialize");

        let started = Instant::now();
        let compiled = RuleSet::from_json(&compact).expect("the rule set loads");
        println!(
            "{file}: rule set {} bytes compact, compiled in {:?}",
            compact.len(),
            started.elapsed()
        );
        (compiled, compact.len())
    };

    let measure = |name: &str, rules: &RuleSet, params: &Params| {
        let expected = rules.resolve(params).expect("resolves").url;
        let mut samples = Vec::with_capacity(101);
        for _ in 0..101 {
            let started = Instant::now();
            for _ in 0..1000 {
                std::hint::black_box(
                    rules
                        .resolve(std::hint::black_box(params))
                        .expect("resolves"),
                );
            }
            samples.push(started.elapsed() / 1000);
        }
        samples.sort();
        println!(
            "{name}: {expected}: median {:?} per call",
            samples[samples.len() / 2]
        );
    };

    let (regional, _) = load("entityresolution.json");
    measure(
        "regional",
        &regional,
        &Params::new().with("Region", "us-west-2"),
    );

    let (s3, _) = load("s3.json");
    let bucket = Params::new()
        .with("Region", "us-west-2")
        .with("Bucket", "my-bucket")
        .with("Key", "photos/cat.jpg");
    measure("S3 virtual-hosted bucket", &s3, &bucket);
}

#[test]
fn rule_set_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync + Clone>() {}

    assert_send_sync::<RuleSet>();
    assert_send_sync::<Params>();
}
