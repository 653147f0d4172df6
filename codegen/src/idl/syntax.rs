//! The syntax tree of one IDL file, as the parser reads it: shape ids are
//! kept as written, because resolving a relative id needs every file of the
//! model.

use std::path::PathBuf;

use crate::diagnostics::LineColumn;

/// The IDL version a file declares with `$version`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// Smithy 1.0, also assumed when a file declares no version.
    V1,
    V2,
}

impl Version {
    /// Returns the version as the JSON AST `smithy` key writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::V1 => "1.0",
            Self::V2 => "2.0",
        }
    }
}

/// One parsed IDL file.
#[derive(Clone, Debug)]
pub struct IdlFile {
    pub path: PathBuf,
    pub version: Version,
    /// The suffixes of inline operation input and output structure names.
    pub input_suffix: String,
    pub output_suffix: String,
    pub metadata: Vec<(Key, Node)>,
    pub namespace: Option<String>,
    /// `use` statements: the imported absolute shape id and where.
    pub uses: Vec<(String, LineColumn)>,
    pub statements: Vec<Statement>,
}

/// A shape definition or an `apply` statement.
#[derive(Clone, Debug)]
pub enum Statement {
    Shape(ShapeDef),
    Apply(Apply),
}

/// `apply Target @trait` or `apply Target { @a @b }`.
#[derive(Clone, Debug)]
pub struct Apply {
    pub target: IdRef,
    pub traits: Vec<TraitApplication>,
}

/// A shape type keyword.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShapeType {
    Blob,
    Boolean,
    Document,
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
    Enum,
    IntEnum,
    List,
    Set,
    Map,
    Structure,
    Union,
    Service,
    Resource,
    Operation,
}

impl ShapeType {
    /// Returns the type for an IDL keyword.
    pub fn from_keyword(keyword: &str) -> Option<Self> {
        Some(match keyword {
            "blob" => Self::Blob,
            "boolean" => Self::Boolean,
            "document" => Self::Document,
            "string" => Self::String,
            "byte" => Self::Byte,
            "short" => Self::Short,
            "integer" => Self::Integer,
            "long" => Self::Long,
            "float" => Self::Float,
            "double" => Self::Double,
            "bigInteger" => Self::BigInteger,
            "bigDecimal" => Self::BigDecimal,
            "timestamp" => Self::Timestamp,
            "enum" => Self::Enum,
            "intEnum" => Self::IntEnum,
            "list" => Self::List,
            "set" => Self::Set,
            "map" => Self::Map,
            "structure" => Self::Structure,
            "union" => Self::Union,
            "service" => Self::Service,
            "resource" => Self::Resource,
            "operation" => Self::Operation,
            _ => return None,
        })
    }

    /// Returns the type name, which is both the IDL keyword and the JSON AST
    /// `type`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Blob => "blob",
            Self::Boolean => "boolean",
            Self::Document => "document",
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
            Self::Enum => "enum",
            Self::IntEnum => "intEnum",
            Self::List => "list",
            Self::Set => "set",
            Self::Map => "map",
            Self::Structure => "structure",
            Self::Union => "union",
            Self::Service => "service",
            Self::Resource => "resource",
            Self::Operation => "operation",
        }
    }
}

/// A shape definition.
#[derive(Clone, Debug)]
pub struct ShapeDef {
    pub shape_type: ShapeType,
    /// The position of the type keyword, or of `:=` for an inline
    /// structure.
    pub type_at: LineColumn,
    /// The shape name; empty for an inline structure until it is named.
    pub name: String,
    pub name_at: LineColumn,
    /// The text of the `///` comments before the shape.
    pub documentation: Option<(String, LineColumn)>,
    pub traits: Vec<TraitApplication>,
    pub mixins: Vec<IdRef>,
    /// The resource named by `for`, whose identifiers and properties elided
    /// members may take their target from.
    pub for_resource: Option<IdRef>,
    pub body: Body,
}

/// The part of a shape definition after its name.
#[derive(Clone, Debug)]
pub enum Body {
    /// Simple shapes have no body.
    None,
    /// Structures, unions, lists, maps and enums.
    Members(Vec<MemberDef>),
    /// Services and resources: a node object of properties.
    Properties(Node),
    Operation(Vec<OperationProperty>),
}

/// A member of a structure, union, list, map or enum.
#[derive(Clone, Debug)]
pub struct MemberDef {
    pub name: String,
    pub name_at: LineColumn,
    /// The target as written, or `None` for an elided member (`$name`),
    /// whose target comes from a mixin or the bound resource.
    pub target: Option<IdRef>,
    pub documentation: Option<(String, LineColumn)>,
    pub traits: Vec<TraitApplication>,
    /// The value after `=`: a default, or an enum member's value.
    pub value: Option<Node>,
}

/// A property of an operation body.
#[derive(Clone, Debug)]
pub struct OperationProperty {
    pub name: String,
    pub at: LineColumn,
    pub value: OperationValue,
}

#[derive(Clone, Debug)]
pub enum OperationValue {
    /// `input: Id` or `output: Id`.
    Target(IdRef),
    /// `input := { ... }`: a structure defined in place.
    Inline(Box<ShapeDef>),
    /// `errors: [A, B]`.
    Errors(Vec<IdRef>),
}

/// A trait written as `@id` or `@id(value)`.
#[derive(Clone, Debug)]
pub struct TraitApplication {
    pub id: IdRef,
    /// The position of the `@`.
    pub at: LineColumn,
    /// The value, or `None` for an annotation trait without one.
    pub value: Option<Node>,
}

/// A shape id as written: absolute (`a.b#C`) or relative (`C`), with an
/// optional `$member`.
#[derive(Clone, Debug)]
pub struct IdRef {
    pub text: String,
    pub at: LineColumn,
}

/// A key of a node object.
#[derive(Clone, Debug)]
pub struct Key {
    pub text: String,
    pub at: LineColumn,
}

/// A node value and the position where it starts.
#[derive(Clone, Debug)]
pub struct Node {
    pub value: NodeValue,
    pub at: LineColumn,
}

#[derive(Clone, Debug)]
pub enum NodeValue {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    /// A quoted string or text block.
    String(String),
    /// An unquoted shape id, which becomes a string containing the absolute id.
    ShapeId(String),
    Array(Vec<Node>),
    Object(Vec<(Key, Node)>),
}

impl NodeValue {
    /// Describes the value for messages.
    pub fn describe(&self) -> String {
        match self {
            Self::Null => "null".into(),
            Self::Bool(value) => value.to_string(),
            Self::Number(number) => number.to_string(),
            Self::String(text) => format!("{text:?}"),
            Self::ShapeId(text) => text.clone(),
            Self::Array(_) => "an array".into(),
            Self::Object(_) => "an object".into(),
        }
    }
}
