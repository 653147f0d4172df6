//! The Smithy model as the generator reads it: shapes by id, each with typed
//! properties and traits, loaded from Smithy IDL and JSON AST files and
//! assembled with the prelude.

mod assemble;
mod load;
mod prelude;
mod shape;
mod shape_id;
mod strict_json;
mod traits;

use std::collections::{BTreeMap, BTreeSet};

pub use assemble::assemble;
pub use load::{load_document, load_documents, load_file, load_json, load_paths, ModelFile};
pub use shape::{Member, Members, Operation, Reference, Resource, Service, Shape, ShapeKind};
pub use shape_id::{is_identifier, ShapeId};
pub use traits::{AwsService, Endpoint, EnumDefinition, ErrorFault, Http, Length, Retryable, Sigv4, TimestampFormat, Traits};

/// An assembled model: every shape of every file plus the prelude, with all
/// references checked.
#[derive(Clone, Debug, Default)]
pub struct Model {
    shapes: BTreeMap<ShapeId, Shape>,
    /// The ids of the built-in shapes no model file replaced.
    built_in: BTreeSet<ShapeId>,
}

impl Model {
    /// Returns the shape with `id`.
    pub fn shape(&self, id: &ShapeId) -> Option<&Shape> {
        self.shapes.get(id)
    }

    /// Returns every shape, ordered by id.
    pub fn shapes(&self) -> impl Iterator<Item = &Shape> {
        self.shapes.values()
    }

    /// Returns the number of shapes the model files define, outside the
    /// prelude.
    pub fn user_shape_count(&self) -> usize {
        self.shapes
            .keys()
            .filter(|id| id.namespace() != "smithy.api" && !self.built_in.contains(id))
            .count()
    }
}
