//! The built-in shapes every model may use without defining them: the
//! Smithy prelude (`smithy.api#String`, the trait shapes and the rest) and
//! the `smithy.framework` validation shapes, read from ingot's built-in IDL
//! models.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use super::load::load_document;
use super::{Shape, ShapeId};
use crate::idl;

/// Returns the built-in shapes.
pub fn shapes() -> Vec<Shape> {
    built_in().clone()
}

/// Returns the ids of the built-in shapes.
pub fn ids() -> BTreeSet<ShapeId> {
    built_in().iter().map(|shape| shape.id.clone()).collect()
}

fn built_in() -> &'static Vec<Shape> {
    static SHAPES: OnceLock<Vec<Shape>> = OnceLock::new();
    SHAPES.get_or_init(|| {
        let mut shapes = Vec::new();
        for document in idl::builtin_documents() {
            match load_document(document) {
                Ok(file) => shapes.extend(file.shapes),
                // The built-in models are part of ingot and a unit test keeps
                // them valid, so this is a bug, not bad input.
                Err(problems) => panic!(
                    "the built-in model {} is invalid:\n{problems}",
                    document.path.display()
                ),
            }
        }
        shapes
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prelude_has_simple_and_trait_shapes() {
        let ids = ids();
        for id in [
            "smithy.api#String",
            "smithy.api#Unit",
            "smithy.api#PrimitiveLong",
            "smithy.api#http",
            "smithy.framework#ValidationException",
        ] {
            assert!(
                ids.contains(&ShapeId::parse(id).unwrap()),
                "{id} is missing"
            );
        }
    }
}
