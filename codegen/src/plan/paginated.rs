//! Plans the paginator of each operation with the `smithy.api#paginated`
//! trait: the operation's values merged over the service's defaults, each
//! member path resolved to Rust fields, and every reference checked.

use serde_json::Value;

use super::build::Planner;
use super::{FieldPlan, NamedKind, OperationPlan, RustType, StructPlan};
use crate::diagnostics::{Diagnostic, Location};
use crate::model::Shape;

/// The paginator of one operation.
#[derive(Clone, Debug)]
pub struct PaginatedPlan {
    /// The input field that selects the page.
    pub input_token: PathStep,
    /// The type of both tokens: a string, or a map for tokens such as
    /// DynamoDB's `LastEvaluatedKey`.
    pub token_ty: RustType,
    /// The output fields, outermost first, that lead to the next token.
    pub output_token: Vec<PathStep>,
    /// The output fields that lead to the list or map of items, when the
    /// model names one.
    pub items: Option<ItemsPlan>,
    /// The input field that sets the maximum page size, and its type.
    pub page_size: Option<(PathStep, RustType)>,
}

/// The list or map of a page's items.
#[derive(Clone, Debug)]
pub struct ItemsPlan {
    pub path: Vec<PathStep>,
    /// The list or map type of the last field.
    pub ty: RustType,
}

/// One field on a path through nested structures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathStep {
    pub rust_name: String,
    /// Whether the field is an `Option`.
    pub optional: bool,
}

/// The members of the trait that name paths.
const PATH_MEMBERS: &[&str] = &["inputToken", "outputToken", "items", "pageSize"];

impl Planner<'_> {
    /// Adds a paginator to every operation in `operations` with the
    /// `smithy.api#paginated` trait; the service's trait supplies the
    /// members the operation leaves out. `structures` are the planned data
    /// types that nested paths pass through.
    pub(super) fn plan_pagination(
        &mut self,
        service: &Shape,
        operations: &mut [OperationPlan],
        structures: &[StructPlan],
    ) {
        let defaults = service.traits.get("smithy.api#paginated");
        for operation in operations {
            let Some(shape) = self.model.shape(&operation.id) else {
                continue;
            };
            let Some(own) = shape.traits.get("smithy.api#paginated") else {
                continue;
            };
            let location = trait_location(shape);
            let merged = merge(defaults, own);
            operation.paginated = self.paginated(shape, &location, &merged, operation, structures);
        }
    }

    fn paginated(
        &mut self,
        shape: &Shape,
        location: &Location,
        values: &serde_json::Map<String, Value>,
        operation: &OperationPlan,
        structures: &[StructPlan],
    ) -> Option<PaginatedPlan> {
        let mut problems = Vec::new();
        let mut text = |key: &str| -> Option<String> {
            match values.get(key) {
                None => None,
                Some(Value::String(path)) if !path.is_empty() => Some(path.clone()),
                Some(_) => {
                    problems.push(Diagnostic::new(
                        location.key(key),
                        format!("`{key}` of `smithy.api#paginated` must be a non-empty string"),
                    ));
                    None
                }
            }
        };
        let paths: Vec<Option<String>> = PATH_MEMBERS.iter().map(|key| text(key)).collect();
        let [input_token, output_token, items, page_size] =
            <[Option<String>; 4]>::try_from(paths).ok()?;

        // Without both tokens the trait only documents the items member,
        // which gives nothing to page through.
        let (input_token, output_token) = match (input_token, output_token) {
            (Some(input), Some(output)) => (input, output),
            (None, None) => {
                self.report(shape, problems);
                return None;
            }
            _ => {
                problems.push(
                    Diagnostic::new(
                        location.clone(),
                        "`smithy.api#paginated` sets only one of `inputToken` and `outputToken`",
                    )
                    .hint("set both, here or in the service's `smithy.api#paginated` trait"),
                );
                self.report(shape, problems);
                return None;
            }
        };

        let input_field = find_field(&operation.input, &input_token);
        let output_path = resolve(&operation.output, &output_token, structures);
        let items_path = items
            .as_ref()
            .map(|items| (items, resolve(&operation.output, items, structures)));
        let size_field = page_size
            .as_ref()
            .map(|name| (name, find_field(&operation.input, name)));

        let input_field = match input_field {
            Some(field) => Some(field),
            None => {
                problems.push(Diagnostic::new(
                    location.key("inputToken"),
                    format!("`inputToken` names `{input_token}`, which is not a member of the input of {}", operation.name),
                ));
                None
            }
        };
        let output_path = output_path
            .map_err(|reason| {
                problems.push(Diagnostic::new(
                    location.key("outputToken"),
                    format!("`outputToken` `{output_token}`: {reason}"),
                ))
            })
            .ok();

        let mut token_ty = None;
        if let (Some(field), Some((_, output_ty))) = (input_field, &output_path) {
            if !is_token_type(&field.ty) {
                problems.push(Diagnostic::new(
                    location.key("inputToken"),
                    format!(
                        "input token `{input_token}` must be a string or a map, not {:?}",
                        field.ty
                    ),
                ));
            } else if field.ty != *output_ty {
                problems.push(Diagnostic::new(
                    location.clone(),
                    format!("input token `{input_token}` and output token `{output_token}` have different types"),
                ));
            } else {
                token_ty = Some(field.ty.clone());
            }
        }

        let items = match items_path {
            None => None,
            Some((_, Ok((path, ty))))
                if matches!(ty.unboxed(), RustType::List { .. } | RustType::Map { .. }) =>
            {
                Some(ItemsPlan {
                    path,
                    ty: ty.unboxed().clone(),
                })
            }
            Some((name, Ok(_))) => {
                problems.push(Diagnostic::new(
                    location.key("items"),
                    format!("`items` `{name}` must be a list or a map"),
                ));
                None
            }
            Some((name, Err(reason))) => {
                problems.push(Diagnostic::new(
                    location.key("items"),
                    format!("`items` `{name}`: {reason}"),
                ));
                None
            }
        };

        let page_size = match size_field {
            None => None,
            Some((_, Some(field)))
                if matches!(
                    field.ty,
                    RustType::I8 | RustType::I16 | RustType::I32 | RustType::I64
                ) =>
            {
                Some((step(field), field.ty.clone()))
            }
            Some((name, Some(_))) => {
                problems.push(Diagnostic::new(
                    location.key("pageSize"),
                    format!("`pageSize` member `{name}` must be an integer"),
                ));
                None
            }
            Some((name, None)) => {
                problems.push(Diagnostic::new(
                    location.key("pageSize"),
                    format!(
                        "`pageSize` names `{name}`, which is not a member of the input of {}",
                        operation.name
                    ),
                ));
                None
            }
        };

        let complete = problems.is_empty();
        self.report(shape, problems);
        if !complete {
            return None;
        }
        Some(PaginatedPlan {
            input_token: step(input_field?),
            token_ty: token_ty?,
            output_token: output_path?.0,
            items,
            page_size,
        })
    }

    fn report(&mut self, shape: &Shape, problems: Vec<Diagnostic>) {
        for problem in problems {
            self.problems.push(problem.shape(&shape.id));
        }
    }
}

/// Returns where the operation's `smithy.api#paginated` trait was written.
fn trait_location(shape: &Shape) -> Location {
    shape
        .traits
        .iter()
        .find(|(id, _)| *id == "smithy.api#paginated")
        .map(|(_, at)| at.clone())
        .unwrap_or_else(|| shape.location.key("traits").key("smithy.api#paginated"))
}

/// Returns the service's values overridden by the operation's, member by
/// member, as the Smithy specification merges them.
fn merge(defaults: Option<&Value>, own: &Value) -> serde_json::Map<String, Value> {
    let mut merged = match defaults {
        Some(Value::Object(values)) => values.clone(),
        _ => serde_json::Map::new(),
    };
    if let Value::Object(values) = own {
        for (key, value) in values {
            merged.insert(key.clone(), value.clone());
        }
    }
    merged
}

fn find_field<'p>(structure: &'p StructPlan, member: &str) -> Option<&'p FieldPlan> {
    structure.fields.iter().find(|field| field.member == member)
}

fn step(field: &FieldPlan) -> PathStep {
    PathStep {
        rust_name: field.rust_name.clone(),
        optional: field.optional,
    }
}

fn is_token_type(ty: &RustType) -> bool {
    matches!(ty, RustType::String | RustType::Map { .. })
}

/// Resolves a path of member names separated by `.`, starting at
/// `structure`, to Rust fields and the type of the last one.
fn resolve(
    structure: &StructPlan,
    path: &str,
    structures: &[StructPlan],
) -> Result<(Vec<PathStep>, RustType), String> {
    let mut current = structure;
    let mut steps = Vec::new();
    let mut segments = path.split('.').peekable();
    while let Some(segment) = segments.next() {
        let Some(field) = find_field(current, segment) else {
            return Err(format!(
                "`{segment}` is not a member of {}",
                current.rust_name
            ));
        };
        steps.push(step(field));
        if segments.peek().is_none() {
            return Ok((steps, field.ty.clone()));
        }
        current = match field.ty.unboxed() {
            RustType::Named {
                name,
                kind: NamedKind::Structure,
                ..
            } => structures
                .iter()
                .find(|s| &s.rust_name == name)
                .ok_or_else(|| format!("the structure of `{segment}` is not planned"))?,
            _ => {
                return Err(format!(
                    "`{segment}` is not a structure, so the path cannot continue past it"
                ))
            }
        };
    }
    Err("the path is empty".to_string())
}
