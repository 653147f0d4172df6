//! A runner for the `smithy.rules#endpointTests` cases of Smithy models in
//! the JSON AST format, shared by the runtime's test suite and
//! `cargo xtask endpoint-tests`.
//!
//! Each case's `params` go through [`RuleSet::resolve`]. The case passes
//! when the URL, the headers and the properties equal the expected ones, or
//! when resolution fails with exactly the expected error message. The
//! `operationInputs` of a case are not read: its `params` already contain the
//! values that the operation input binds.
//!
//! A case that fails with this runtime's partitions table runs again with
//! [`earlier_partitions`], the table of earlier releases of the partitions
//! data, and passes if it matches there. Test cases are generated with the
//! partitions data of their day, and the AWS models carry cases from before
//! the isolated partitions gained dual-stack endpoints. The report counts
//! such cases in [`Report::passed_with_earlier_partitions`], so that the
//! fallback can be removed once the models' cases are regenerated.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use serde_json::{Map, Value as Json};

use super::partitions::{self, Partition};
use super::{Endpoint, ParamValue, Params, RuleSet};

const RULE_SET_TRAIT: &str = "smithy.rules#endpointRuleSet";
const TESTS_TRAIT: &str = "smithy.rules#endpointTests";

/// One failed case, or a model that could not be run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The model file's name, or the name given to [`run_model`].
    pub model: String,
    /// The case's `documentation`, or what could not be run.
    pub documentation: String,
    /// The difference from the expected result, or the reason the model
    /// could not be run.
    pub message: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {}",
            self.model, self.documentation, self.message
        )
    }
}

/// The outcome of running test cases.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// The number of cases that passed.
    pub passed: usize,
    /// How many of the passed cases passed only with
    /// [`earlier_partitions`].
    pub passed_with_earlier_partitions: usize,
    /// The number of cases that failed, plus one for each model that could
    /// not be run.
    pub failed: usize,
    /// The failures, in model order and then case order.
    pub failures: Vec<Failure>,
}

impl Report {
    /// Adds the counts and failures of `other`.
    pub fn merge(&mut self, other: Report) {
        self.passed += other.passed;
        self.passed_with_earlier_partitions += other.passed_with_earlier_partitions;
        self.failed += other.failed;
        self.failures.extend(other.failures);
    }

    /// Returns `N passed, M failed`.
    pub fn summary(&self) -> String {
        format!("{} passed, {} failed", self.passed, self.failed)
    }

    fn fail(&mut self, model: &str, documentation: &str, message: impl Into<String>) {
        self.failed += 1;
        self.failures.push(Failure {
            model: model.to_owned(),
            documentation: documentation.to_owned(),
            message: message.into(),
        });
    }
}

/// Runs the endpoint tests of several model files on all available cores.
/// The report lists failures in the order of `paths`.
pub fn run_model_files(paths: &[PathBuf]) -> Report {
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(paths.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let reports: Mutex<Vec<(usize, Report)>> = Mutex::new(Vec::with_capacity(paths.len()));

    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(path) = paths.get(index) else {
                    break;
                };
                let report = run_model_file(path);
                // A poisoned lock means another worker panicked, which the
                // scope re-raises when it ends; keep this report regardless.
                let mut reports = reports.lock().unwrap_or_else(|poison| poison.into_inner());
                reports.push((index, report));
            });
        }
    });

    let mut reports = reports
        .into_inner()
        .unwrap_or_else(|poison| poison.into_inner());
    reports.sort_by_key(|(index, _)| *index);
    let mut total = Report::default();
    for (_, report) in reports {
        total.merge(report);
    }
    total
}

/// Runs the endpoint tests of every service with a rule set in the model
/// file at `path`.
pub fn run_model_file(path: &Path) -> Report {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    let mut report = Report::default();

    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) => {
            report.fail(
                &name,
                "(model)",
                format!("cannot read {}: {error}", path.display()),
            );
            return report;
        }
    };
    match serde_json::from_str::<Json>(&text) {
        Ok(model) => run_model(&name, &model),
        Err(error) => {
            report.fail(&name, "(model)", format!("not a JSON model: {error}"));
            report
        }
    }
}

/// Runs the endpoint tests of every service with a rule set in `model`, a
/// Smithy JSON AST. `name` identifies the model in failures.
pub fn run_model(name: &str, model: &Json) -> Report {
    let mut report = Report::default();
    let services: Vec<(&String, &Map<String, Json>)> = model
        .get("shapes")
        .and_then(Json::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(id, shape)| {
            let traits = shape.get("traits")?.as_object()?;
            traits.contains_key(RULE_SET_TRAIT).then_some((id, traits))
        })
        .collect();
    if services.is_empty() {
        report.fail(
            name,
            "(model)",
            format!("no service shape has the {RULE_SET_TRAIT} trait"),
        );
        return report;
    }

    for (id, traits) in services {
        let cases = traits
            .get(TESTS_TRAIT)
            .and_then(|tests| tests.get("testCases"))
            .and_then(Json::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        if cases.is_empty() {
            report.fail(
                name,
                "(model)",
                format!("{id} has no {TESTS_TRAIT} cases to run"),
            );
            continue;
        }

        let rule_set = match RuleSet::from_value(&traits[RULE_SET_TRAIT]) {
            Ok(rule_set) => rule_set,
            Err(error) => {
                // Every case fails with the load error, so the counts stay
                // comparable between runs.
                for case in cases {
                    report.fail(name, documentation(case), format!("{id}: {error}"));
                }
                continue;
            }
        };
        let earlier = rule_set.clone().with_partitions(earlier_partitions());
        for case in cases {
            match run_case(&rule_set, case) {
                Ok(()) => report.passed += 1,
                Err(message) => match run_case(&earlier, case) {
                    Ok(()) => {
                        report.passed += 1;
                        report.passed_with_earlier_partitions += 1;
                    }
                    // The difference with this runtime's table is the one
                    // that matters.
                    Err(_) => report.fail(name, documentation(case), message),
                },
            }
        }
    }
    report
}

/// The partitions that earlier releases of the partitions data described
/// without dual-stack endpoints: their `supportsDualStack` was `false` and
/// their `dualStackDnsSuffix` equal to their `dnsSuffix`.
const PARTITIONS_WITHOUT_DUAL_STACK: [&str; 4] = ["aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f"];

/// Returns this runtime's partitions table as earlier releases of the
/// partitions data had it, which differ only for the isolated partitions
/// in `PARTITIONS_WITHOUT_DUAL_STACK`.
pub fn earlier_partitions() -> &'static [Partition] {
    static TABLE: OnceLock<Vec<Partition>> = OnceLock::new();
    TABLE.get_or_init(|| {
        partitions::all()
            .iter()
            .map(|partition| {
                let mut partition = partition.clone();
                if PARTITIONS_WITHOUT_DUAL_STACK.contains(&partition.id) {
                    partition.outputs.supports_dual_stack = false;
                    partition.outputs.dual_stack_dns_suffix = partition.outputs.dns_suffix;
                }
                partition
            })
            .collect()
    })
}

/// Runs one test case. The error describes the difference from the
/// expected result.
pub fn run_case(rule_set: &RuleSet, case: &Json) -> Result<(), String> {
    let params = case_params(case)?;
    let expect = case
        .get("expect")
        .and_then(Json::as_object)
        .ok_or("the case has no `expect` object")?;
    let result = rule_set.resolve(&params);

    if let Some(expected) = expect.get("error") {
        let expected = expected.as_str().ok_or("`expect.error` is not a string")?;
        return match result {
            Err(error) if error.message() == expected => Ok(()),
            Err(error) => Err(format!(
                "expected error {expected:?}, got error {:?}",
                error.message()
            )),
            Ok(endpoint) => Err(format!(
                "expected error {expected:?}, got endpoint {:?}",
                endpoint.url
            )),
        };
    }

    let expected = expect
        .get("endpoint")
        .and_then(Json::as_object)
        .ok_or("`expect` has neither `endpoint` nor `error`")?;
    let endpoint =
        result.map_err(|error| format!("expected an endpoint, got error {:?}", error.message()))?;
    compare_endpoint(expected, &endpoint)
}

fn compare_endpoint(expected: &Map<String, Json>, endpoint: &Endpoint) -> Result<(), String> {
    let url = expected
        .get("url")
        .and_then(Json::as_str)
        .ok_or("`expect.endpoint.url` is missing")?;
    if endpoint.url != url {
        return Err(format!("expected URL {url:?}, got {:?}", endpoint.url));
    }

    let expected_headers: BTreeMap<&str, Vec<&str>> = match expected.get("headers") {
        Some(headers) => headers
            .as_object()
            .ok_or("`expect.endpoint.headers` is not an object")?
            .iter()
            .map(|(name, values)| {
                let values = values
                    .as_array()
                    .map(|values| values.iter().filter_map(Json::as_str).collect());
                values
                    .map(|values| (name.as_str(), values))
                    .ok_or("a header's values are not an array")
            })
            .collect::<Result<_, _>>()?,
        None => BTreeMap::new(),
    };
    let headers: BTreeMap<&str, Vec<&str>> = endpoint
        .headers
        .iter()
        .map(|(name, values)| (name.as_str(), values.iter().map(String::as_str).collect()))
        .collect();
    if headers != expected_headers {
        return Err(format!(
            "expected headers {expected_headers:?}, got {headers:?}"
        ));
    }

    let empty = Map::new();
    let expected_properties = match expected.get("properties") {
        Some(properties) => properties
            .as_object()
            .ok_or("`expect.endpoint.properties` is not an object")?,
        None => &empty,
    };
    if &endpoint.properties != expected_properties {
        return Err(format!(
            "expected properties {}, got {}",
            Json::Object(expected_properties.clone()),
            Json::Object(endpoint.properties.clone())
        ));
    }
    Ok(())
}

fn case_params(case: &Json) -> Result<Params, String> {
    let mut params = Params::new();
    let Some(values) = case.get("params") else {
        return Ok(params);
    };
    let values = values.as_object().ok_or("`params` is not an object")?;
    for (name, value) in values {
        let value = match value {
            Json::String(text) => ParamValue::String(text.clone()),
            Json::Bool(value) => ParamValue::Bool(*value),
            Json::Array(items) => ParamValue::StringArray(
                items
                    .iter()
                    .map(|item| item.as_str().map(str::to_owned))
                    .collect::<Option<_>>()
                    .ok_or_else(|| format!("parameter `{name}` is an array of non-strings"))?,
            ),
            other => {
                return Err(format!(
                    "parameter `{name}` has the unsupported value {other}"
                ))
            }
        };
        params.set(name, value);
    }
    Ok(params)
}

fn documentation(case: &Json) -> &str {
    case.get("documentation")
        .and_then(Json::as_str)
        .unwrap_or("(no documentation)")
}
