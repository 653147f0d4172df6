//! Merges model files and the prelude into one [`Model`], applies `apply`
//! entries and checks every reference and known trait value.

use std::collections::btree_map::Entry;

use super::{prelude, Model, ModelFile, Reference, ShapeKind};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// Assembles `files` with the prelude into one model, or returns every
/// problem found.
pub fn assemble(files: Vec<ModelFile>) -> Result<Model, Diagnostics> {
    let mut model = Model::default();
    let mut problems = Diagnostics::default();

    for shape in prelude::shapes() {
        model.shapes.insert(shape.id.clone(), shape);
    }
    model.built_in = prelude::ids();

    let mut applies = Vec::new();
    for file in files {
        for shape in file.shapes {
            match model.shapes.entry(shape.id.clone()) {
                Entry::Vacant(slot) => {
                    slot.insert(shape);
                }
                // A model file may define a built-in shape itself, as when it
                // is the Smithy prelude; its definition replaces ingot's.
                Entry::Occupied(mut existing) if model.built_in.remove(&shape.id) => {
                    existing.insert(shape);
                }
                Entry::Occupied(existing) => problems.push(
                    Diagnostic::new(
                        shape.location.clone(),
                        format!("shape {} is defined twice; it was first defined at {}", shape.id, existing.get().location),
                    )
                    .shape(&shape.id)
                    .hint("remove one definition or rename one of the shapes"),
                ),
            }
        }
        applies.extend(file.applies);
    }

    for (target, traits) in applies {
        let Some(shape) = model.shapes.get_mut(&target) else {
            let at = traits.iter().next().map(|(_, at)| at.clone());
            if let Some(at) = at {
                problems.push(Diagnostic::new(at, format!("`apply` targets {target}, which is not defined")).shape(&target));
            }
            continue;
        };
        for (id, at) in traits.iter() {
            let value = traits.get(id).cloned().unwrap_or_default();
            let id = super::ShapeId::parse(id).expect("trait ids were checked when loading");
            shape.traits.insert(&id, value, at.clone());
        }
    }

    for shape in model.shapes.values() {
        for problem in shape.traits.check(&shape.id) {
            problems.push(problem);
        }
        for member in shape.kind.members() {
            for problem in member.traits.check(&shape.id.with_member(&member.name)) {
                problems.push(problem);
            }
        }
    }

    check_references(&model, &mut problems);
    problems.into_result(model)
}

/// Reports every reference to a shape that does not exist or has the wrong type.
fn check_references(model: &Model, problems: &mut Diagnostics) {
    for shape in model.shapes.values() {
        let id = &shape.id;
        for member in shape.kind.members() {
            let member_id = id.with_member(&member.name);
            match model.shape(&member.target) {
                None => problems.push(
                    Diagnostic::new(
                        member.location.key("target"),
                        format!("member {member_id} targets {}, which is not defined", member.target),
                    )
                    .shape(id)
                    .hint("define the target shape or correct the shape id"),
                ),
                Some(target) if matches!(target.kind, ShapeKind::Service(_) | ShapeKind::Operation(_) | ShapeKind::Resource(_)) => {
                    problems.push(
                        Diagnostic::new(
                            member.location.key("target"),
                            format!("member {member_id} targets {} {}, but members must target data shapes", target.kind.type_name(), target.id),
                        )
                        .shape(id),
                    )
                }
                Some(_) => {}
            }
        }

        let mut expect = |reference: &Reference, what: &str, allowed: fn(&ShapeKind) -> bool| {
            match model.shape(&reference.target) {
                None => problems.push(
                    Diagnostic::new(reference.location.clone(), format!("{what} {} is not defined", reference.target))
                        .shape(id)
                        .hint("define the shape or correct the shape id"),
                ),
                Some(target) if !allowed(&target.kind) => problems.push(
                    Diagnostic::new(
                        reference.location.clone(),
                        format!("{what} {} is a {}", reference.target, target.kind.type_name()),
                    )
                    .shape(id),
                ),
                Some(target) if what == "error" && target.traits.error().is_none() => problems.push(
                    Diagnostic::new(
                        reference.location.clone(),
                        format!("error {} has no `smithy.api#error` trait", reference.target),
                    )
                    .shape(id)
                    .hint("add \"smithy.api#error\": \"client\" or \"server\" to the structure"),
                ),
                Some(_) => {}
            }
        };
        let is_structure = |kind: &ShapeKind| matches!(kind, ShapeKind::Structure(_));
        let is_operation = |kind: &ShapeKind| matches!(kind, ShapeKind::Operation(_));
        let is_resource = |kind: &ShapeKind| matches!(kind, ShapeKind::Resource(_));

        match &shape.kind {
            ShapeKind::Service(service) => {
                service.operations.iter().for_each(|r| expect(r, "operation", is_operation));
                service.resources.iter().for_each(|r| expect(r, "resource", is_resource));
                service.errors.iter().for_each(|r| expect(r, "error", is_structure));
            }
            ShapeKind::Operation(operation) => {
                operation.input.iter().for_each(|r| expect(r, "input", is_structure));
                operation.output.iter().for_each(|r| expect(r, "output", is_structure));
                operation.errors.iter().for_each(|r| expect(r, "error", is_structure));
            }
            ShapeKind::Resource(resource) => {
                resource.operations.iter().for_each(|r| expect(r, "operation", is_operation));
                resource.resources.iter().for_each(|r| expect(r, "resource", is_resource));
                resource.identifiers.values().for_each(|r| expect(r, "identifier", |_| true));
                resource.properties.values().for_each(|r| expect(r, "property", |_| true));
            }
            _ => {}
        }
    }
}
