//! Plans the waiters of each operation with `smithy.waiters#waitable`:
//! their acceptors, checked against the Smithy waiters specification, and
//! the types whose values the acceptors' JMESPath paths read.
//!
//! Only the fields whose member name appears as an identifier in some path
//! of the service are converted for JMESPath, which keeps the generated
//! conversion small. A path with a `*` wildcard keeps every field.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use serde_json::Value;

use super::build::Planner;
use super::names::snake;
use super::{EnumPlan, NamedKind, OperationPlan, RustType, StructPlan, TypeModule, UnionPlan};
use crate::diagnostics::{Diagnostic, Location};
use crate::model::Shape;

/// One waiter of an operation.
#[derive(Clone, Debug)]
pub struct WaiterPlan {
    /// The name in the model, such as `TableExists`.
    pub name: String,
    /// The `Client` method, such as `wait_until_table_exists`.
    pub method: String,
    /// The name of the `static` that contains the acceptors.
    pub static_name: String,
    pub docs: Option<String>,
    /// Seconds.
    pub min_delay: u64,
    /// Seconds.
    pub max_delay: u64,
    pub acceptors: Vec<AcceptorPlan>,
}

impl WaiterPlan {
    /// Returns whether an acceptor reads the output with a path.
    pub fn reads_output(&self) -> bool {
        self.acceptors.iter().any(|a| {
            matches!(
                a.matcher,
                MatcherPlan::Output(_) | MatcherPlan::InputOutput(_)
            )
        })
    }

    /// Returns whether an acceptor reads the input with a path.
    pub fn reads_input(&self) -> bool {
        self.acceptors
            .iter()
            .any(|a| matches!(a.matcher, MatcherPlan::InputOutput(_)))
    }
}

/// One acceptor: the state it moves to and what it matches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AcceptorPlan {
    pub state: AcceptorState,
    pub matcher: MatcherPlan,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AcceptorState {
    Success,
    Failure,
    Retry,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MatcherPlan {
    Output(PathMatcherPlan),
    InputOutput(PathMatcherPlan),
    Success(bool),
    ErrorType(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct PathMatcherPlan {
    pub path: String,
    pub expected: String,
    pub comparator: Comparator,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Comparator {
    StringEquals,
    BooleanEquals,
    AllStringEquals,
    AnyStringEquals,
}

/// A type that waiter paths read, and the members they can reach.
#[derive(Clone, Debug)]
pub struct SearchableType {
    pub location: TypeLocation,
    pub body: SearchableBody,
}

/// The module of the generated crate that defines a searchable type.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeLocation {
    /// An operation's input or output, in `crate::operation::<module>`.
    Operation { module: String, name: String },
    /// A type in `crate::types`.
    Types(String),
    /// An error structure in `crate::error`.
    Error(String),
}

#[derive(Clone, Debug)]
pub enum SearchableBody {
    /// A structure with the fields to convert: member names and Rust
    /// names.
    Structure(Vec<(String, String)>),
    /// A union with the variants to convert: member name, Rust variant
    /// name, and whether the variant carries a value.
    Union(Vec<(String, String, bool)>),
    Enum,
    IntEnum,
}

/// The `smithy.waiters#waitable` value of one waiter.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WaiterValue {
    documentation: Option<String>,
    acceptors: Vec<AcceptorValue>,
    min_delay: Option<u64>,
    max_delay: Option<u64>,
}

#[derive(Deserialize)]
struct AcceptorValue {
    state: AcceptorState,
    matcher: MatcherValue,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
enum MatcherValue {
    Output(PathMatcherPlan),
    InputOutput(PathMatcherPlan),
    Success(bool),
    ErrorType(String),
}

/// The specification's defaults, in seconds.
const DEFAULT_MIN_DELAY: u64 = 2;
const DEFAULT_MAX_DELAY: u64 = 120;

/// The data types of a crate, for following paths into them.
pub(super) struct DataTypes<'p> {
    pub(super) structures: &'p [StructPlan],
    pub(super) unions: &'p [UnionPlan],
    pub(super) enums: &'p [EnumPlan],
}

impl Planner<'_> {
    /// Adds the waiters to every operation with `smithy.waiters#waitable`
    /// and returns the types whose values their paths read.
    pub(super) fn plan_waiters(
        &mut self,
        operations: &mut [OperationPlan],
        types: &DataTypes<'_>,
    ) -> Vec<SearchableType> {
        for operation in operations.iter_mut() {
            let Some(shape) = self.model.shape(&operation.id) else {
                continue;
            };
            let Some(value) = shape.traits.get("smithy.waiters#waitable") else {
                continue;
            };
            let location = trait_location(shape);
            operation.waiters = self.waiters(shape, &location, value, operation);
        }
        searchable_types(operations, types)
    }

    fn waiters(
        &mut self,
        shape: &Shape,
        location: &Location,
        value: &Value,
        operation: &OperationPlan,
    ) -> Vec<WaiterPlan> {
        let Value::Object(entries) = value else {
            self.problems.push(
                Diagnostic::new(
                    location.clone(),
                    "`smithy.waiters#waitable` must be a map of waiter names to waiters",
                )
                .shape(&shape.id),
            );
            return Vec::new();
        };
        let mut waiters = Vec::new();
        for (name, value) in entries {
            let at = location.key(name);
            match serde_json::from_value::<WaiterValue>(value.clone()) {
                Ok(waiter) => {
                    let problems = check_waiter(name, &waiter, operation, &at);
                    if problems.is_empty() {
                        waiters.push(plan_waiter(name, waiter));
                    }
                    for problem in problems {
                        self.problems.push(problem.shape(&shape.id));
                    }
                }
                Err(e) => self.problems.push(
                    Diagnostic::new(at, format!("invalid waiter `{name}`: {e}")).shape(&shape.id),
                ),
            }
        }
        waiters
    }
}

/// Returns where the operation's `smithy.waiters#waitable` trait was
/// written.
fn trait_location(shape: &Shape) -> Location {
    shape
        .traits
        .iter()
        .find(|(id, _)| *id == "smithy.waiters#waitable")
        .map(|(_, at)| at.clone())
        .unwrap_or_else(|| shape.location.key("traits").key("smithy.waiters#waitable"))
}

/// Checks one waiter against the rules of the Smithy waiters
/// specification that the generated code relies on.
fn check_waiter(
    name: &str,
    waiter: &WaiterValue,
    operation: &OperationPlan,
    at: &Location,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let valid_name = name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric());
    if !valid_name {
        problems.push(Diagnostic::new(
            at.clone(),
            format!("waiter name `{name}` must be UpperCamelCase letters and digits"),
        ));
    }
    let min_delay = waiter.min_delay.unwrap_or(DEFAULT_MIN_DELAY);
    let max_delay = waiter.max_delay.unwrap_or(DEFAULT_MAX_DELAY);
    if min_delay < 1 || max_delay < 1 || min_delay > max_delay {
        problems.push(
            Diagnostic::new(
                at.clone(),
                format!("waiter `{name}` has minDelay {min_delay} and maxDelay {max_delay}"),
            )
            .hint("both must be at least 1 second, and minDelay at most maxDelay"),
        );
    }
    if !waiter
        .acceptors
        .iter()
        .any(|a| a.state == AcceptorState::Success)
    {
        problems.push(Diagnostic::new(
            at.key("acceptors"),
            format!("waiter `{name}` has no acceptor with the success state"),
        ));
    }
    for (index, acceptor) in waiter.acceptors.iter().enumerate() {
        let at = at.key("acceptors").index(index).key("matcher");
        let path = match &acceptor.matcher {
            MatcherValue::Output(path) | MatcherValue::InputOutput(path) => path,
            MatcherValue::Success(_) | MatcherValue::ErrorType(_) => continue,
        };
        if matches!(acceptor.matcher, MatcherValue::Output(_)) && operation.output.fields.is_empty()
        {
            problems.push(Diagnostic::new(
                at.clone(),
                format!(
                    "waiter `{name}` matches the output of {}, which has none",
                    operation.name
                ),
            ));
        }
        if path.comparator == Comparator::BooleanEquals
            && !matches!(path.expected.as_str(), "true" | "false")
        {
            problems.push(Diagnostic::new(
                at.clone(),
                format!(
                    "`booleanEquals` expects \"true\" or \"false\", not {:?}",
                    path.expected
                ),
            ));
        }
        if let Err(reason) = identifiers(&path.path) {
            problems.push(Diagnostic::new(
                at,
                format!("invalid JMESPath expression `{}`: {reason}", path.path),
            ));
        }
    }
    problems
}

fn plan_waiter(name: &str, waiter: WaiterValue) -> WaiterPlan {
    let method_stem = snake(name);
    let acceptors = waiter
        .acceptors
        .into_iter()
        .map(|acceptor| AcceptorPlan {
            state: acceptor.state,
            matcher: match acceptor.matcher {
                MatcherValue::Output(path) => MatcherPlan::Output(path),
                MatcherValue::InputOutput(path) => MatcherPlan::InputOutput(path),
                MatcherValue::Success(success) => MatcherPlan::Success(success),
                MatcherValue::ErrorType(error) => MatcherPlan::ErrorType(error),
            },
        })
        .collect();
    WaiterPlan {
        name: name.to_string(),
        method: format!("wait_until_{method_stem}"),
        static_name: method_stem.to_uppercase(),
        docs: waiter.documentation,
        min_delay: waiter.min_delay.unwrap_or(DEFAULT_MIN_DELAY),
        max_delay: waiter.max_delay.unwrap_or(DEFAULT_MAX_DELAY),
        acceptors,
    }
}

/// The identifiers of a path, and whether it uses a `*` wildcard.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct PathNames {
    pub(super) identifiers: BTreeSet<String>,
    pub(super) wildcard: bool,
}

/// Returns the identifiers of JMESPath expression `path`: every name
/// outside quoted literals, which includes function names. The runtime
/// parses the expression fully; this only needs the names it can reach.
pub(super) fn identifiers(path: &str) -> Result<PathNames, String> {
    let mut names = PathNames::default();
    let mut chars = path.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        match c {
            '`' | '\'' | '"' => {
                let mut escaped = false;
                let mut closed = false;
                for (_, inner) in chars.by_ref() {
                    if escaped {
                        escaped = false;
                    } else if inner == '\\' {
                        escaped = true;
                    } else if inner == c {
                        closed = true;
                        break;
                    }
                }
                if !closed {
                    return Err(format!("the {c} at offset {start} is not closed"));
                }
            }
            '*' => names.wildcard = true,
            c if c.is_ascii_alphabetic() || c == '_' => {
                let mut end = start + c.len_utf8();
                while let Some(&(index, next)) = chars.peek() {
                    if !(next.is_ascii_alphanumeric() || next == '_') {
                        break;
                    }
                    end = index + next.len_utf8();
                    chars.next();
                }
                names.identifiers.insert(path[start..end].to_string());
            }
            _ => {}
        }
    }
    Ok(names)
}

/// Returns the types that the waiters' paths can reach, starting at the
/// outputs (and inputs, for `inputOutput`) of the operations with waiters.
fn searchable_types(operations: &[OperationPlan], types: &DataTypes<'_>) -> Vec<SearchableType> {
    let mut names = PathNames::default();
    for waiter in operations.iter().flat_map(|op| &op.waiters) {
        for acceptor in &waiter.acceptors {
            if let MatcherPlan::Output(path) | MatcherPlan::InputOutput(path) = &acceptor.matcher {
                // Checked when the waiter was planned.
                let Ok(found) = identifiers(&path.path) else {
                    continue;
                };
                names.identifiers.extend(found.identifiers);
                names.wildcard |= found.wildcard;
            }
        }
    }
    let keep = |member: &str| names.wildcard || names.identifiers.contains(member);

    let mut found: BTreeMap<TypeLocation, SearchableBody> = BTreeMap::new();
    let mut pending: Vec<&RustType> = Vec::new();
    for operation in operations {
        let reads_output = operation.waiters.iter().any(WaiterPlan::reads_output);
        let reads_input = operation.waiters.iter().any(WaiterPlan::reads_input);
        for (structure, reads) in [
            (&operation.output, reads_output),
            (&operation.input, reads_input),
        ] {
            if !reads {
                continue;
            }
            let location = TypeLocation::Operation {
                module: operation.rust_name.clone(),
                name: structure.rust_name.clone(),
            };
            found.insert(location, structure_body(structure, &keep, &mut pending));
        }
    }

    while let Some(ty) = pending.pop() {
        match ty {
            RustType::List { item, .. } => pending.push(item),
            RustType::Map { value, .. } => pending.push(value),
            RustType::Boxed(inner) => pending.push(inner),
            RustType::Named { module, name, kind } => {
                let location = match module {
                    TypeModule::Types => TypeLocation::Types(name.clone()),
                    TypeModule::Error => TypeLocation::Error(name.clone()),
                };
                if found.contains_key(&location) {
                    continue;
                }
                let body = match kind {
                    NamedKind::Structure => {
                        match types.structures.iter().find(|s| &s.rust_name == name) {
                            Some(structure) => structure_body(structure, &keep, &mut pending),
                            None => continue,
                        }
                    }
                    NamedKind::Union => match types.unions.iter().find(|u| &u.rust_name == name) {
                        Some(union) => {
                            let mut variants = Vec::new();
                            for variant in union.variants.iter().filter(|v| keep(&v.member)) {
                                let has_value = variant.ty != RustType::Unit;
                                if has_value {
                                    pending.push(&variant.ty);
                                }
                                variants.push((
                                    variant.member.clone(),
                                    variant.rust_name.clone(),
                                    has_value,
                                ));
                            }
                            SearchableBody::Union(variants)
                        }
                        None => continue,
                    },
                    NamedKind::Enum | NamedKind::IntEnum
                        if !types.enums.iter().any(|e| &e.rust_name == name) =>
                    {
                        continue
                    }
                    NamedKind::Enum => SearchableBody::Enum,
                    NamedKind::IntEnum => SearchableBody::IntEnum,
                };
                found.insert(location, body);
            }
            _ => {}
        }
    }

    found
        .into_iter()
        .map(|(location, body)| SearchableType { location, body })
        .collect()
}

/// Returns the fields of `structure` that paths can reach, queuing their
/// types.
///
/// NOTE: a structure none of whose members a path names converts to an
/// empty object, which JMESPath treats as false. A path that tests such a
/// structure itself for truth (`[?Config]`) would read it wrongly; no
/// waiter of the AWS models does.
fn structure_body<'p>(
    structure: &'p StructPlan,
    keep: &dyn Fn(&str) -> bool,
    pending: &mut Vec<&'p RustType>,
) -> SearchableBody {
    let mut fields = Vec::new();
    for field in structure.fields.iter().filter(|f| keep(&f.member)) {
        pending.push(&field.ty);
        fields.push((field.member.clone(), field.rust_name.clone()));
    }
    SearchableBody::Structure(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(path: &str) -> Vec<String> {
        identifiers(path)
            .expect("the path is valid")
            .identifiers
            .into_iter()
            .collect()
    }

    #[test]
    fn identifiers_skip_literals() {
        assert_eq!(names("Table.TableStatus"), ["Table", "TableStatus"]);
        assert_eq!(
            names("status != 'CANCELLING' && status != 'CANCELLED'"),
            ["status"]
        );
        assert_eq!(names("length(DBClusters) == `0`"), ["DBClusters", "length"]);
        assert_eq!(
            names("Instances[?LifecycleState=='InService']"),
            ["Instances", "LifecycleState"]
        );
        assert_eq!(names("a == `\"quoted \\` name\"`"), ["a"]);
    }

    #[test]
    fn identifiers_note_wildcard() {
        let found = identifiers("VerificationAttributes.*.VerificationStatus").expect("valid");
        assert!(found.wildcard);
        assert!(!identifiers("a[].b").expect("valid").wildcard);
    }

    #[test]
    fn unclosed_literal_is_invalid() {
        let error = identifiers("status == 'open").expect_err("the quote is not closed");
        assert_eq!(error, "the ' at offset 10 is not closed");
    }
}
