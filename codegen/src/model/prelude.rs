//! The simple shapes of the Smithy prelude (`smithy.api#String` and the
//! rest), which every model may target without defining them.

use std::path::Path;

use serde_json::json;

use super::{Members, Shape, ShapeId, ShapeKind, Traits};
use crate::diagnostics::Location;

/// Returns the prelude's shapes.
pub fn shapes() -> Vec<Shape> {
    let simple = [
        ("Blob", ShapeKind::Blob),
        ("Boolean", ShapeKind::Boolean),
        ("String", ShapeKind::String),
        ("Byte", ShapeKind::Byte),
        ("Short", ShapeKind::Short),
        ("Integer", ShapeKind::Integer),
        ("Long", ShapeKind::Long),
        ("Float", ShapeKind::Float),
        ("Double", ShapeKind::Double),
        ("BigInteger", ShapeKind::BigInteger),
        ("BigDecimal", ShapeKind::BigDecimal),
        ("Timestamp", ShapeKind::Timestamp),
        ("Document", ShapeKind::Document),
    ];
    // The deprecated primitive shapes are the simple ones with a zero default.
    let primitives = [
        ("PrimitiveBoolean", ShapeKind::Boolean, json!(false)),
        ("PrimitiveByte", ShapeKind::Byte, json!(0)),
        ("PrimitiveShort", ShapeKind::Short, json!(0)),
        ("PrimitiveInteger", ShapeKind::Integer, json!(0)),
        ("PrimitiveLong", ShapeKind::Long, json!(0)),
        ("PrimitiveFloat", ShapeKind::Float, json!(0)),
        ("PrimitiveDouble", ShapeKind::Double, json!(0)),
    ];

    let mut shapes: Vec<Shape> = simple
        .into_iter()
        .map(|(name, kind)| shape(name, kind, Traits::default()))
        .collect();
    for (name, kind, default) in primitives {
        let mut traits = Traits::default();
        let default_id = ShapeId::parse("smithy.api#default").expect("valid prelude id");
        traits.insert(&default_id, default, location(name));
        shapes.push(shape(name, kind, traits));
    }
    // Unit is the empty structure that stands for "no input" or "no value".
    shapes.push(shape("Unit", ShapeKind::Structure(Members::new()), Traits::default()));
    shapes
}

fn shape(name: &str, kind: ShapeKind, traits: Traits) -> Shape {
    Shape {
        id: ShapeId::parse(&format!("smithy.api#{name}")).expect("valid prelude id"),
        kind,
        traits,
        location: location(name),
    }
}

fn location(name: &str) -> Location {
    Location::new(Path::new("<prelude>"), name)
}
