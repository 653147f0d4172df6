//! The typed model: every Smithy 2.0 shape type with its members and traits.

use std::collections::BTreeMap;

use super::{ShapeId, Traits};
use crate::diagnostics::Location;

/// A shape with its id, traits and where it was defined.
#[derive(Clone, Debug)]
pub struct Shape {
    /// The absolute shape id.
    pub id: ShapeId,
    /// The shape type and its type-specific properties.
    pub kind: ShapeKind,
    /// The traits applied to the shape.
    pub traits: Traits,
    /// Where the shape was defined.
    pub location: Location,
}

/// The shape types of Smithy 2.0.
#[derive(Clone, Debug)]
pub enum ShapeKind {
    Blob,
    Boolean,
    String,
    Byte,
    Short,
    Integer,
    Long,
    Float,
    Double,
    BigInteger,
    BigDecimal,
    Timestamp,
    Document,
    /// A string enum; each member carries `enumValue`.
    Enum(Members),
    /// An integer enum; each member carries `enumValue`.
    IntEnum(Members),
    List(Box<Member>),
    Map { key: Box<Member>, value: Box<Member> },
    Structure(Members),
    Union(Members),
    Service(Service),
    Operation(Operation),
    Resource(Resource),
}

impl ShapeKind {
    /// Returns the type name as the JSON AST writes it.
    pub fn type_name(&self) -> &'static str {
        match self {
            Self::Blob => "blob",
            Self::Boolean => "boolean",
            Self::String => "string",
            Self::Byte => "byte",
            Self::Short => "short",
            Self::Integer => "integer",
            Self::Long => "long",
            Self::Float => "float",
            Self::Double => "double",
            Self::BigInteger => "bigInteger",
            Self::BigDecimal => "bigDecimal",
            Self::Timestamp => "timestamp",
            Self::Document => "document",
            Self::Enum(_) => "enum",
            Self::IntEnum(_) => "intEnum",
            Self::List(_) => "list",
            Self::Map { .. } => "map",
            Self::Structure(_) => "structure",
            Self::Union(_) => "union",
            Self::Service(_) => "service",
            Self::Operation(_) => "operation",
            Self::Resource(_) => "resource",
        }
    }

    /// Returns the members of an aggregate or enum shape, in model order.
    pub fn members(&self) -> Vec<&Member> {
        match self {
            Self::Enum(members)
            | Self::IntEnum(members)
            | Self::Structure(members)
            | Self::Union(members) => members.values().collect(),
            Self::List(member) => vec![member],
            Self::Map { key, value } => vec![key, value],
            _ => Vec::new(),
        }
    }
}

/// Members by name, in the order the model lists them, which keeps the
/// generated fields and JSON keys in the model's order.
pub type Members = indexmap::IndexMap<String, Member>;

/// A member of an aggregate or enum shape.
#[derive(Clone, Debug)]
pub struct Member {
    /// The member name as the model spells it.
    pub name: String,
    /// The shape the member refers to.
    pub target: ShapeId,
    /// The traits applied to the member.
    pub traits: Traits,
    /// Where the member was defined.
    pub location: Location,
}

/// A reference from one shape to another, with where it was written.
#[derive(Clone, Debug)]
pub struct Reference {
    /// The shape referred to.
    pub target: ShapeId,
    /// Where the reference is written.
    pub location: Location,
}

/// The properties of a service shape.
#[derive(Clone, Debug, Default)]
pub struct Service {
    pub version: Option<String>,
    pub operations: Vec<Reference>,
    pub resources: Vec<Reference>,
    pub errors: Vec<Reference>,
    /// Renamed shapes: shape id to the name used in this service.
    pub rename: BTreeMap<ShapeId, String>,
}

/// The properties of an operation shape.
#[derive(Clone, Debug, Default)]
pub struct Operation {
    /// The input structure; `smithy.api#Unit` when not set.
    pub input: Option<Reference>,
    /// The output structure; `smithy.api#Unit` when not set.
    pub output: Option<Reference>,
    pub errors: Vec<Reference>,
}

/// The properties of a resource shape.
#[derive(Clone, Debug, Default)]
pub struct Resource {
    pub identifiers: BTreeMap<String, Reference>,
    pub properties: BTreeMap<String, Reference>,
    /// The lifecycle operations and `operations`, `collectionOperations`.
    pub operations: Vec<Reference>,
    pub resources: Vec<Reference>,
}
