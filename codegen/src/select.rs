//! Picks the service to generate and the shapes its operations reach.

use std::collections::BTreeSet;

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::model::{Model, Shape, ShapeId, ShapeKind};

/// The service and everything a client for it needs.
#[derive(Clone, Debug)]
pub struct Selection<'m> {
    pub service: &'m Shape,
    /// The operations, ordered by id.
    pub operations: Vec<&'m Shape>,
    /// Operations left out, by name, with the reason.
    pub skipped: Vec<(String, String)>,
    /// Every shape the operations reach, operations excluded, ordered by id.
    pub shapes: BTreeSet<ShapeId>,
}

/// Selects the only service of `model`, or the one named `service`, with
/// all its operations or only those named in `only`.
pub fn select<'m>(
    model: &'m Model,
    service: Option<&str>,
    only: Option<&[String]>,
    model_location: &Location,
) -> Result<Selection<'m>, Diagnostics> {
    let services: Vec<&Shape> = model
        .shapes()
        .filter(|s| matches!(s.kind, ShapeKind::Service(_)))
        .collect();

    let chosen = match service {
        Some(name) => services
            .iter()
            .find(|s| s.id.to_string() == name || s.id.name() == name)
            .copied()
            .ok_or_else(|| Diagnostic::new(model_location.clone(), format!("service {name} is not in the model"))),
        None => match services.as_slice() {
            [only] => Ok(*only),
            [] => Err(Diagnostic::new(model_location.clone(), "the model has no service shape")
                .hint("add a shape of type \"service\" listing the operations to generate")),
            many => {
                let names: Vec<String> = many.iter().map(|s| s.id.to_string()).collect();
                Err(Diagnostic::new(
                    model_location.clone(),
                    format!("the model has several services ({}); name one", names.join(", ")),
                ))
            }
        },
    }?;

    let ShapeKind::Service(service_body) = &chosen.kind else {
        unreachable!("filtered to services above");
    };

    let mut operation_ids = BTreeSet::new();
    let mut pending_resources: Vec<ShapeId> = service_body.resources.iter().map(|r| r.target.clone()).collect();
    operation_ids.extend(service_body.operations.iter().map(|r| r.target.clone()));
    let mut seen_resources = BTreeSet::new();
    while let Some(resource) = pending_resources.pop() {
        if !seen_resources.insert(resource.clone()) {
            continue;
        }
        if let Some(Shape { kind: ShapeKind::Resource(body), .. }) = model.shape(&resource) {
            operation_ids.extend(body.operations.iter().map(|r| r.target.clone()));
            pending_resources.extend(body.resources.iter().map(|r| r.target.clone()));
        }
    }

    let mut operations: Vec<&Shape> = operation_ids.iter().filter_map(|id| model.shape(id)).collect();
    if let Some(only) = only {
        operations = keep_named(operations, only, model_location)?;
    }
    let mut skipped = Vec::new();
    operations.retain(|operation| match event_stream_member(model, operation) {
        Some(member) => {
            let reason = format!("its member `{member}` is an event stream, which this version of ingot does not generate");
            skipped.push((operation.id.name().to_string(), reason));
            false
        }
        None => true,
    });

    let mut shapes = BTreeSet::new();
    let mut pending: Vec<ShapeId> = service_body.errors.iter().map(|r| r.target.clone()).collect();
    for operation in &operations {
        if let ShapeKind::Operation(body) = &operation.kind {
            pending.extend(body.input.iter().chain(&body.output).chain(&body.errors).map(|r| r.target.clone()));
        }
    }
    while let Some(id) = pending.pop() {
        if !shapes.insert(id.clone()) {
            continue;
        }
        if let Some(shape) = model.shape(&id) {
            pending.extend(shape.kind.members().into_iter().map(|m| m.target.clone()));
        }
    }

    Ok(Selection {
        service: chosen,
        operations,
        skipped,
        shapes,
    })
}

/// Keeps the operations whose names are in `names`, reporting each name
/// that matches none.
fn keep_named<'m>(operations: Vec<&'m Shape>, names: &[String], at: &Location) -> Result<Vec<&'m Shape>, Diagnostics> {
    let mut problems = Diagnostics::default();
    for name in names {
        if !operations.iter().any(|op| op.id.name() == name) {
            let known: Vec<&str> = operations.iter().map(|op| op.id.name()).take(10).collect();
            problems.push(
                Diagnostic::new(at.clone(), format!("operation {name} is not in the service"))
                    .hint(format!("operation names are case-sensitive, such as {}", known.join(", "))),
            );
        }
    }
    problems.into_result(operations.into_iter().filter(|op| names.iter().any(|n| n == op.id.name())).collect())
}

/// Returns the name of an input or output member that targets an event
/// stream: a union with `@streaming`.
fn event_stream_member(model: &Model, operation: &Shape) -> Option<String> {
    let ShapeKind::Operation(body) = &operation.kind else {
        return None;
    };
    for reference in body.input.iter().chain(&body.output) {
        let Some(structure) = model.shape(&reference.target) else { continue };
        for member in structure.kind.members() {
            let streaming_union = model
                .shape(&member.target)
                .is_some_and(|t| matches!(t.kind, ShapeKind::Union(_)) && t.traits.streaming());
            if streaming_union {
                return Some(member.name.clone());
            }
        }
    }
    None
}
