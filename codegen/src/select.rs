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
    /// Every shape the operations reach, operations excluded, ordered by id.
    pub shapes: BTreeSet<ShapeId>,
}

/// Selects the only service of `model`, or the one named `service`.
pub fn select<'m>(model: &'m Model, service: Option<&str>, model_location: &Location) -> Result<Selection<'m>, Diagnostics> {
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

    let operations: Vec<&Shape> = operation_ids.iter().filter_map(|id| model.shape(id)).collect();

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
        shapes,
    })
}
