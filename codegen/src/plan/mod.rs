//! Lowers the selected shapes into plain structs that list exactly what to
//! emit: Rust names, field types, HTTP bindings and error codes. Emitters
//! read only this plan, never the raw model.

mod build;
pub mod names;

pub use build::{plan, CrateOptions};

use crate::model::ShapeId;

/// Everything the emitters need to write one client crate.
#[derive(Clone, Debug)]
pub struct ServicePlan {
    pub crate_name: String,
    pub crate_version: String,
    pub service_id: ShapeId,
    pub title: String,
    pub docs: Option<String>,
    pub sdk_id: String,
    pub signing_name: String,
    pub endpoint_prefix: String,
    /// Suffix of `AWS_ENDPOINT_URL_<SERVICE>`.
    pub env_name: String,
    pub operations: Vec<OperationPlan>,
    /// Structures other than operation inputs and outputs: data types and
    /// errors, ordered by Rust name.
    pub structures: Vec<StructPlan>,
    /// Paths of the model files, for the generated-file stamp.
    pub sources: Vec<String>,
}

/// One structure and its builder.
#[derive(Clone, Debug)]
pub struct StructPlan {
    pub id: ShapeId,
    pub rust_name: String,
    /// The file name (without `.rs`) of the structure's module.
    pub module: String,
    pub docs: Option<String>,
    pub role: StructRole,
    pub fields: Vec<FieldPlan>,
}

/// What a structure is for, which decides where it lives and what it gets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StructRole {
    Data,
    Input,
    Output,
    Error(ErrorInfo),
}

/// The facts about a modeled error that clients act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorInfo {
    /// The code that identifies the error on the wire: the shape name.
    pub code: String,
    pub server_fault: bool,
    pub http_status: Option<u16>,
    pub retryable: bool,
    pub throttling: bool,
}

/// One member of a structure.
#[derive(Clone, Debug)]
pub struct FieldPlan {
    /// The member name as the model spells it.
    pub member: String,
    pub rust_name: String,
    pub docs: Option<String>,
    pub ty: RustType,
    /// Whether the field is an `Option`. Required members with no default
    /// are not, except in operation inputs, whose members Smithy lets
    /// clients treat as optional; their builders still reject them missing.
    pub optional: bool,
    /// Whether the model marks the member `@required` without a default;
    /// builders reject a missing value.
    pub required: bool,
    /// Whether the member or its target is `@sensitive`.
    pub sensitive: bool,
    pub binding: Binding,
}

/// The place of a member in an HTTP message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Binding {
    /// A key of the JSON body.
    Body { json_name: String },
    /// A `{label}` in the URI path.
    Label,
}

/// The Rust type of a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RustType {
    String,
    Bool,
    I8,
    I16,
    I32,
    I64,
    F32,
    F64,
    /// A generated structure in `crate::types` or `crate::error`.
    Struct { module: TypeModule, name: String },
    List(Box<RustType>),
    Map(Box<RustType>),
}

/// The module of the generated crate that contains a structure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeModule {
    Types,
    Error,
}

/// One operation: its HTTP binding, input, output and errors.
#[derive(Clone, Debug)]
pub struct OperationPlan {
    pub id: ShapeId,
    /// The operation's name as the model spells it, such as `StartIdMappingJob`.
    pub name: String,
    /// The client method and module name, such as `start_id_mapping_job`.
    pub rust_name: String,
    /// The prefix of the operation's type names, such as `StartIdMappingJob`.
    pub type_prefix: String,
    pub docs: Option<String>,
    pub method: String,
    pub uri: Vec<UriSegment>,
    pub success_code: u16,
    pub input: StructPlan,
    pub output: StructPlan,
    pub errors: Vec<ErrorVariant>,
}

/// A piece of an operation's URI path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UriSegment {
    Literal(String),
    /// A `{label}`: the member's name and its Rust field name.
    Label { member: String, rust_name: String },
}

/// A variant of an operation's error enum.
#[derive(Clone, Debug)]
pub struct ErrorVariant {
    pub rust_name: String,
    /// The Rust name of the error structure in `crate::error`.
    pub type_name: String,
    pub docs: Option<String>,
    pub info: ErrorInfo,
}
