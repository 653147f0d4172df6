//! Lowers the selected shapes into plain structs that list exactly what to
//! emit: Rust names, field types, HTTP bindings and error codes. Emitters
//! read only this plan, never the raw model.

mod bindings;
mod build;
pub mod names;
mod paginated;
mod shapes;
mod waiters;

pub use build::{plan, CrateOptions};
pub use paginated::{ItemsPlan, PaginatedPlan, PathStep};
pub use waiters::{
    AcceptorPlan, AcceptorState, Comparator, MatcherPlan, PathMatcherPlan, SearchableBody, SearchableType, TypeLocation, WaiterPlan,
};

pub use crate::model::TimestampFormat;
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
    pub auth: Auth,
    /// The model's endpoint rule set as compact JSON text.
    pub endpoint_rules: Option<String>,
    /// Suffix of `AWS_ENDPOINT_URL_<SERVICE>`.
    pub env_name: String,
    pub protocol: Protocol,
    pub operations: Vec<OperationPlan>,
    /// Operations left out of the client, with the reason for each, which
    /// the client's documentation lists.
    pub skipped: Vec<(String, String)>,
    /// Structures other than operation inputs and outputs: data types and
    /// errors, ordered by Rust name.
    pub structures: Vec<StructPlan>,
    pub unions: Vec<UnionPlan>,
    pub enums: Vec<EnumPlan>,
    /// The types that waiters' JMESPath paths read, with the members they
    /// can reach.
    pub searchable: Vec<SearchableType>,
    /// Paths of the model files, for the generated-file stamp.
    pub sources: Vec<String>,
}

/// The authentication scheme of a service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    SigV4,
    /// `smithy.api#httpBearerAuth`: a token in the `Authorization` header.
    Bearer,
}

/// An endpoint rule parameter that an operation sets.
#[derive(Clone, Debug, PartialEq)]
pub enum EndpointParamPlan {
    /// A `staticContextParams` value: a string, boolean or string list.
    Static { name: String, value: serde_json::Value },
    /// An input member with `contextParam`.
    Member { name: String, rust_name: String, ty: RustType },
    /// An `operationContextParams` path into the input.
    Path { name: String, path: String },
}

/// The wire protocol of a service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    RestJson1,
    AwsJson1_0,
    AwsJson1_1,
}

impl Protocol {
    /// Returns whether members map to HTTP parts through binding traits.
    pub fn has_http_bindings(self) -> bool {
        self == Self::RestJson1
    }
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
    /// The value used when the member is missing, from `@default`; only
    /// for fields that are not optional.
    pub default: Option<DefaultValue>,
    /// Whether a fresh UUID fills the member when the caller leaves it
    /// empty (`@idempotencyToken`).
    pub idempotency_token: bool,
    pub binding: Binding,
}

impl FieldPlan {
    /// Returns whether the builder's type tracks this member, so that
    /// `build()` does not compile without it: a required member with no
    /// default, or any field that has neither an `Option` nor a default to
    /// fall back on. An optional idempotency token is not tracked, because
    /// the client fills it in.
    pub fn must_be_set(&self) -> bool {
        let filled_by_client = self.idempotency_token && self.optional;
        (self.required && !filled_by_client) || (!self.optional && self.default.is_none())
    }
}

/// A member's `@default` value, as a literal for its Rust type.
#[derive(Clone, Debug, PartialEq)]
pub enum DefaultValue {
    Bool(bool),
    Integer(i64),
    Float(f64),
    String(String),
    /// An empty list or map, the only defaults Smithy allows for them.
    Empty,
    /// A timestamp default, in epoch seconds.
    Timestamp(f64),
    /// A document default, as JSON text.
    Document(String),
}

/// The place of a member in an HTTP message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Binding {
    /// A key of the JSON body.
    Body { json_name: String },
    /// A `{label}` in the URI path, or in the host prefix (`@hostLabel`).
    Label,
    /// A query string parameter.
    Query(String),
    /// Every entry of a map as a query string parameter.
    QueryParams,
    /// An HTTP header; `media_type` strings travel base64-encoded.
    Header { name: String, media_type: bool },
    /// One header per map entry, each named with the prefix and the key.
    PrefixHeaders(String),
    /// The whole HTTP body.
    Payload(PayloadKind),
    /// The HTTP status code of the response.
    ResponseCode,
}

/// What an `@httpPayload` member carries, which decides how the body is
/// written and read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PayloadKind {
    /// Raw bytes, with the target's media type or `application/octet-stream`.
    Blob { media_type: Option<String>, streaming: bool },
    /// UTF-8 text, with the target's media type or `text/plain`.
    Text { media_type: Option<String> },
    /// A structure, union or document written as the JSON body.
    Json,
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
    /// A timestamp, with the format the model sets for it; `None` means
    /// the protocol's default for where the value travels.
    DateTime(Option<TimestampFormat>),
    Blob,
    Document,
    /// A generated structure, union or enum in `crate::types` or
    /// `crate::error`.
    Named { module: TypeModule, name: String, kind: NamedKind },
    /// A list; items of a `@sparse` list are `Option`s.
    List { item: Box<RustType>, sparse: bool },
    /// A map with string keys; values of a `@sparse` map are `Option`s.
    Map { value: Box<RustType>, sparse: bool },
    /// A field boxed to break a cycle of structures or unions.
    Boxed(Box<RustType>),
    /// `smithy.api#Unit`: a union member that carries no value.
    Unit,
}

impl RustType {
    /// Returns the type without a `Boxed` wrapper.
    pub fn unboxed(&self) -> &RustType {
        match self {
            Self::Boxed(inner) => inner,
            other => other,
        }
    }
}

/// The kind of generated type behind a [`RustType::Named`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NamedKind {
    Structure,
    Union,
    Enum,
    IntEnum,
}



/// The module of the generated crate that contains a structure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeModule {
    Types,
    Error,
}

/// A union: exactly one of its members is set.
#[derive(Clone, Debug)]
pub struct UnionPlan {
    pub id: ShapeId,
    pub rust_name: String,
    pub module: String,
    pub docs: Option<String>,
    pub variants: Vec<VariantPlan>,
}

/// One member of a union.
#[derive(Clone, Debug)]
pub struct VariantPlan {
    pub member: String,
    /// The UpperCamelCase variant name.
    pub rust_name: String,
    pub json_name: String,
    pub docs: Option<String>,
    pub ty: RustType,
    pub sensitive: bool,
}

/// A string or integer enum, which keeps values it does not know.
#[derive(Clone, Debug)]
pub struct EnumPlan {
    pub id: ShapeId,
    pub rust_name: String,
    pub module: String,
    pub docs: Option<String>,
    /// Whether the values are integers (`intEnum`) rather than strings.
    pub int: bool,
    pub sensitive: bool,
    pub values: Vec<EnumValue>,
}

/// One value of an enum.
#[derive(Clone, Debug)]
pub struct EnumValue {
    pub rust_name: String,
    /// The value on the wire: a string, or an integer's decimal text.
    pub value: String,
    pub docs: Option<String>,
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
    /// The literal query of the URI pattern, such as `x-id=GetObject`.
    pub query_literal: Option<String>,
    /// The `@endpoint` host prefix, such as `{AccountId}.`.
    pub host_prefix: Option<Vec<UriSegment>>,
    pub endpoint_params: Vec<EndpointParamPlan>,
    pub success_code: u16,
    /// Whether the service has `aws.protocols#awsQueryCompatible`, whose
    /// clients send `x-amzn-query-mode: true` with every request.
    pub query_compatible: bool,
    pub input: StructPlan,
    pub output: StructPlan,
    pub errors: Vec<ErrorVariant>,
    /// The paginator, for operations with `smithy.api#paginated`.
    pub paginated: Option<PaginatedPlan>,
    /// The waiters of `smithy.waiters#waitable`, ordered by name.
    pub waiters: Vec<WaiterPlan>,
}

/// A piece of an operation's URI path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UriSegment {
    Literal(String),
    /// A `{label}`: the member's name and its Rust field name; a greedy
    /// label (`{key+}`) keeps the `/` of its value.
    Label { member: String, rust_name: String, greedy: bool },
}

/// A variant of an operation's error enum.
#[derive(Clone, Debug)]
pub struct ErrorVariant {
    pub rust_name: String,
    /// The Rust name of the error structure in `crate::error`.
    pub type_name: String,
    pub docs: Option<String>,
    pub info: ErrorInfo,
    /// Whether every member of the error is in the JSON body.
    pub body_only: bool,
}
