//! Property tests: every data type of the full Entity Resolution client
//! reads any JSON value that conforms to its shape and writes it back
//! unchanged, and reading what it wrote gives the same value.
//!
//! The values come from the Smithy model itself: a proptest strategy is
//! built for each shape from its type, members and traits, so one strategy
//! builder covers every type without a hand-written strategy per type.
//! `TYPES` lists the generated types, and `type_list_matches_generated_module`
//! fails when the generated `types` module gains or loses one.

use std::collections::BTreeSet;
use std::path::Path;

use base64::Engine as _;
use ingot_runtime::json::{JsonWriter, ReadJson, WriteJson};
use proptest::prelude::*;
use proptest::test_runner::{Config as RunnerConfig, TestCaseError, TestRunner};
use serde_json::{Map, Value};

/// Cases per type: enough to reach every member and union variant of the
/// largest structures, and few enough for the whole test to take seconds
/// in a debug build.
const CASES_PER_TYPE: u32 = 64;

/// Nesting of lists, maps, structures and documents stops here, so that
/// recursive shapes produce finite values.
const MAX_DEPTH: u32 = 4;

/// Reads `input` as `T`, writes it, and checks that the written JSON equals
/// the input and reads back as the same value.
fn round_trip<T: ReadJson + WriteJson + PartialEq + std::fmt::Debug>(
    input: &Value,
) -> Result<(), String> {
    let value = T::read_json(input).map_err(|e| format!("read failed: {e}\ninput: {input}"))?;

    let mut writer = JsonWriter::new();
    value.write_json(&mut writer);
    let bytes = writer.finish();
    let written: Value = serde_json::from_slice(&bytes).map_err(|e| {
        format!(
            "wrote invalid JSON ({e}): {}",
            String::from_utf8_lossy(&bytes)
        )
    })?;
    if !same_json(input, &written) {
        return Err(format!(
            "written JSON differs\ninput:   {input}\nwritten: {written}"
        ));
    }

    let again = T::read_json(&written)
        .map_err(|e| format!("reading the written JSON failed: {e}\nwritten: {written}"))?;
    if again != value {
        return Err(format!(
            "read back a different value\nfirst:  {value:?}\nsecond: {again:?}"
        ));
    }
    Ok(())
}

/// Compares JSON values with numbers by value, so that `1` equals `1.0`.
/// Object key order never matters, because `serde_json` maps are sorted.
fn same_json(left: &Value, right: &Value) -> bool {
    match (left, right) {
        (Value::Number(a), Value::Number(b)) => a == b || a.as_f64() == b.as_f64(),
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_json(x, y))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(key, x)| b.get(key).is_some_and(|y| same_json(x, y)))
        }
        _ => left == right,
    }
}

type Check = fn(&Value) -> Result<(), String>;

/// Lists the generated types by name with their round-trip check.
macro_rules! types {
    ($($name:ident),* $(,)?) => {
        &[$((stringify!($name), round_trip::<entityresolution_full::types::$name> as Check)),*]
    };
}

/// Every type of `entityresolution_full::types`.
const TYPES: &[(&str, Check)] = types![
    AttributeMatchingModel,
    DeleteUniqueIdError,
    DeleteUniqueIdErrorType,
    DeleteUniqueIdStatus,
    DeletedUniqueId,
    ErrorDetails,
    IdMappingJobMetrics,
    IdMappingJobOutputSource,
    IdMappingRuleBasedProperties,
    IdMappingTechniques,
    IdMappingType,
    IdMappingWorkflowInputSource,
    IdMappingWorkflowOutputSource,
    IdMappingWorkflowRuleDefinitionType,
    IdMappingWorkflowSummary,
    IdNamespaceIdMappingWorkflowMetadata,
    IdNamespaceIdMappingWorkflowProperties,
    IdNamespaceInputSource,
    IdNamespaceSummary,
    IdNamespaceType,
    IncrementalRunConfig,
    IncrementalRunType,
    InputSource,
    IntermediateSourceConfiguration,
    JobMetrics,
    JobOutputSource,
    JobStatus,
    JobSummary,
    MatchPurpose,
    MatchingWorkflowSummary,
    NamespaceProviderProperties,
    NamespaceRuleBasedProperties,
    OutputAttribute,
    OutputSource,
    ProviderComponentSchema,
    ProviderEndpointConfiguration,
    ProviderIdNameSpaceConfiguration,
    ProviderIntermediateDataAccessConfiguration,
    ProviderMarketplaceConfiguration,
    ProviderProperties,
    ProviderSchemaAttribute,
    ProviderServiceSummary,
    RecordMatchingModel,
    ResolutionTechniques,
    ResolutionType,
    Rule,
    RuleBasedProperties,
    SchemaAttributeType,
    SchemaInputAttribute,
    SchemaMappingSummary,
    ServiceType,
    StatementEffect,
];

/// The shapes of a Smithy JSON AST model, enough to build values.
struct Model {
    shapes: Map<String, Value>,
}

impl Model {
    fn load(path: &Path) -> Model {
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let mut root: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
        let Some(Value::Object(shapes)) = root.get_mut("shapes").map(Value::take) else {
            panic!("{} has no `shapes` object", path.display());
        };
        Model { shapes }
    }

    /// Returns the id of the shape whose name is `name`, in any namespace.
    fn shape_id(&self, name: &str) -> Option<&str> {
        self.shapes
            .keys()
            .find(|id| id.rsplit('#').next() == Some(name))
            .map(String::as_str)
    }

    /// Returns the shape type of `id`; prelude shapes are named after
    /// their type, such as `smithy.api#String`.
    fn shape_type(&self, id: &str) -> String {
        match self.shapes.get(id) {
            Some(shape) => shape["type"].as_str().unwrap_or_default().to_owned(),
            None => id.trim_start_matches("smithy.api#").to_ascii_lowercase(),
        }
    }

    /// Builds a strategy for JSON values of shape `id`, with the traits of
    /// the member that targets it.
    fn strategy(&self, id: &str, member_traits: &Value, depth: u32) -> BoxedStrategy<Value> {
        let shape = self.shapes.get(id).cloned().unwrap_or(Value::Null);
        let traits = &shape["traits"];
        match self.shape_type(id).as_str() {
            "string" => match traits.get("smithy.api#enum") {
                Some(Value::Array(values)) => {
                    let values: Vec<Value> = values.iter().map(|v| v["value"].clone()).collect();
                    prop_oneof![
                        proptest::sample::select(values),
                        any::<String>().prop_map(Value::from)
                    ]
                    .boxed()
                }
                _ => any::<String>().prop_map(Value::from).boxed(),
            },
            "enum" => {
                let values: Vec<Value> = members(&shape)
                    .map(|(name, member)| {
                        member["traits"]
                            .get("smithy.api#enumValue")
                            .cloned()
                            .unwrap_or(Value::from(name.as_str()))
                    })
                    .collect();
                prop_oneof![3 => proptest::sample::select(values), 1 => any::<String>().prop_map(Value::from)].boxed()
            }
            "intenum" => any::<i32>().prop_map(Value::from).boxed(),
            "boolean" => any::<bool>().prop_map(Value::from).boxed(),
            "byte" => any::<i8>().prop_map(Value::from).boxed(),
            "short" => any::<i16>().prop_map(Value::from).boxed(),
            "integer" => any::<i32>().prop_map(Value::from).boxed(),
            "long" => any::<i64>().prop_map(Value::from).boxed(),
            "float" => any::<f32>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(|f| Value::from(f64::from(f)))
                .boxed(),
            "double" => any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(Value::from)
                .boxed(),
            "blob" => proptest::collection::vec(any::<u8>(), 0..16)
                .prop_map(|bytes| {
                    Value::from(base64::engine::general_purpose::STANDARD.encode(bytes))
                })
                .boxed(),
            "timestamp" => timestamp(
                member_traits
                    .get("smithy.api#timestampFormat")
                    .or(traits.get("smithy.api#timestampFormat")),
            ),
            "document" => document(depth),
            "list" | "set" => {
                let item = self.strategy(
                    target(&shape["member"]),
                    &shape["member"]["traits"],
                    depth + 1,
                );
                let size = if depth >= MAX_DEPTH { 0..1 } else { 0..3 };
                proptest::collection::vec(item, size)
                    .prop_map(Value::from)
                    .boxed()
            }
            "map" => {
                let value = self.strategy(
                    target(&shape["value"]),
                    &shape["value"]["traits"],
                    depth + 1,
                );
                let size = if depth >= MAX_DEPTH { 0..1 } else { 0..3 };
                proptest::collection::btree_map(any::<String>(), value, size)
                    .prop_map(|entries| Value::Object(entries.into_iter().collect()))
                    .boxed()
            }
            "structure" => self.structure(&shape, depth),
            "union" => {
                let variants: Vec<BoxedStrategy<Value>> = members(&shape)
                    .map(|(name, member)| {
                        let key = json_name(name, member);
                        self.strategy(target(member), &member["traits"], depth + 1)
                            .prop_map(move |value| {
                                Value::Object(Map::from_iter([(key.clone(), value)]))
                            })
                            .boxed()
                    })
                    .collect();
                proptest::strategy::Union::new(variants).boxed()
            }
            other => panic!("no strategy for shape {id} of type {other:?}"),
        }
    }

    /// Builds objects whose required and defaulted members are always
    /// present and whose other members are present or absent. Past
    /// `MAX_DEPTH`, optional members are left out, so that recursion ends.
    fn structure(&self, shape: &Value, depth: u32) -> BoxedStrategy<Value> {
        let mut fields: Vec<BoxedStrategy<Option<(String, Value)>>> = Vec::new();
        for (name, member) in members(shape) {
            let key = json_name(name, member);
            let always = member["traits"].get("smithy.api#required").is_some()
                || member["traits"].get("smithy.api#default").is_some();
            if !always && depth >= MAX_DEPTH {
                continue;
            }
            let value = self.strategy(target(member), &member["traits"], depth + 1);
            let field = value.prop_map(move |value| Some((key.clone(), value)));
            fields.push(if always {
                field.boxed()
            } else {
                prop_oneof![Just(None), field].boxed()
            });
        }
        fields
            .prop_map(|fields| Value::Object(fields.into_iter().flatten().collect()))
            .boxed()
    }
}

fn members(shape: &Value) -> impl Iterator<Item = (&String, &Value)> {
    shape["members"].as_object().into_iter().flatten()
}

fn target(member: &Value) -> &str {
    member["target"].as_str().unwrap_or_default()
}

/// Returns the key of a member in JSON bodies.
fn json_name(name: &str, member: &Value) -> String {
    match member["traits"].get("smithy.api#jsonName") {
        Some(Value::String(json_name)) => json_name.clone(),
        _ => name.to_owned(),
    }
}

/// Builds timestamps in `format` between 1970 and 2100; epoch seconds get
/// whole seconds or milliseconds, written as decimal text so that the
/// number is exactly the one a service would send.
fn timestamp(format: Option<&Value>) -> BoxedStrategy<Value> {
    let seconds = 0i64..4_102_444_800;
    match format.and_then(Value::as_str) {
        Some("date-time") => seconds
            .prop_map(|s| {
                Value::from(
                    ingot_runtime::DateTime::from_secs(s)
                        .format(ingot_runtime::TimestampFormat::DateTime),
                )
            })
            .boxed(),
        Some("http-date") => seconds
            .prop_map(|s| {
                Value::from(
                    ingot_runtime::DateTime::from_secs(s)
                        .format(ingot_runtime::TimestampFormat::HttpDate),
                )
            })
            .boxed(),
        _ => (
            seconds,
            prop_oneof![Just(None), (0u32..1000).prop_map(Some)],
        )
            .prop_map(|(s, millis)| match millis {
                None => Value::from(s),
                Some(millis) => {
                    serde_json::from_str(&format!("{s}.{millis:03}")).expect("a decimal number")
                }
            })
            .boxed(),
    }
}

/// Builds any JSON value for a `document` member. Only nested values may be
/// `null`, because a member that is `null` reads as unset.
fn document(depth: u32) -> BoxedStrategy<Value> {
    let levels = MAX_DEPTH.saturating_sub(depth);
    let nested = prop_oneof![Just(Value::Null), scalar()].prop_recursive(levels, 16, 3, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..3).prop_map(Value::from),
            proptest::collection::btree_map(any::<String>(), inner, 0..3)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    });
    prop_oneof![
        scalar(),
        proptest::collection::vec(nested.clone(), 0..3).prop_map(Value::from),
        proptest::collection::btree_map(any::<String>(), nested, 0..3)
            .prop_map(|entries| Value::Object(entries.into_iter().collect())),
    ]
    .boxed()
}

/// Builds a JSON value that is neither `null`, an array nor an object.
fn scalar() -> BoxedStrategy<Value> {
    prop_oneof![
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        any::<String>().prop_map(Value::from),
    ]
    .boxed()
}

#[test]
fn every_type_round_trips() {
    let Some(path) = ingot_test_data::require(
        "models/aws/entityresolution.json",
        "round trips of the Entity Resolution types",
    ) else {
        return;
    };
    let model = Model::load(&path);

    let mut failures = Vec::new();
    for (name, check) in TYPES {
        let Some(id) = model.shape_id(name) else {
            failures.push(format!(
                "{name}: no shape of that name in {}",
                path.display()
            ));
            continue;
        };
        let strategy = model.strategy(id, &Value::Null, 0);
        let mut runner = TestRunner::new(RunnerConfig {
            cases: CASES_PER_TYPE,
            failure_persistence: None,
            ..RunnerConfig::default()
        });
        let result = runner.run(&strategy, |value| {
            check(&value).map_err(TestCaseError::fail)
        });
        if let Err(error) = result {
            failures.push(format!("{name}: {error}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn type_list_matches_generated_module() {
    let module = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("generated/entityresolution_full/src/types/mod.rs");
    let text = std::fs::read_to_string(&module).expect("the generated types module");

    let mut generated = BTreeSet::new();
    for statement in text.split(';') {
        let Some((_, names)) = statement
            .trim()
            .strip_prefix("pub use ")
            .and_then(|s| s.split_once("::"))
        else {
            continue;
        };
        for name in names.split(|c: char| !c.is_alphanumeric() && c != '_') {
            if !name.is_empty() && !name.ends_with("Builder") {
                generated.insert(name.to_owned());
            }
        }
    }
    let listed: BTreeSet<String> = TYPES.iter().map(|(name, _)| (*name).to_owned()).collect();

    let missing: Vec<_> = generated.difference(&listed).collect();
    let extra: Vec<_> = listed.difference(&generated).collect();
    assert!(
        missing.is_empty(),
        "add these generated types to TYPES in {}: {missing:?}",
        file!()
    );
    assert!(
        extra.is_empty(),
        "remove these types, no longer generated, from TYPES in {}: {extra:?}",
        file!()
    );
}
