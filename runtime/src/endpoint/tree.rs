//! The compiled form of a rule set that resolution walks: expressions with
//! variable references turned into slot indices, templates split into
//! parts, and function calls checked for arity and type.

use super::params::Parameter;
use super::value::Value;

/// The index of a parameter or an assigned variable in the evaluation's
/// slots. Parameters come first, in declaration order; each distinct name
/// of an `assign` gets one slot after them.
pub(super) type Slot = usize;

/// A whole rule set.
#[derive(Debug)]
pub(super) struct Compiled {
    pub(super) params: Box<[Parameter]>,
    /// The name of each slot, for error messages.
    pub(super) slot_names: Box<[String]>,
    pub(super) rules: Box<[Rule]>,
}

#[derive(Debug)]
pub(super) struct Rule {
    pub(super) conditions: Box<[Condition]>,
    pub(super) body: Body,
}

#[derive(Debug)]
pub(super) enum Body {
    Endpoint(Box<EndpointTemplate>),
    Error(Expr),
    Tree(Box<[Rule]>),
}

#[derive(Debug)]
pub(super) struct Condition {
    pub(super) expr: Expr,
    pub(super) assign: Option<Slot>,
}

#[derive(Debug)]
pub(super) struct EndpointTemplate {
    pub(super) url: Expr,
    pub(super) headers: Box<[(String, Box<[Expr]>)]>,
    pub(super) properties: Box<[(String, Property)]>,
}

/// An endpoint property: JSON whose strings may be templates.
#[derive(Debug)]
pub(super) enum Property {
    String(Expr),
    Bool(bool),
    Number(serde_json::Number),
    Null,
    Array(Box<[Property]>),
    Object(Box<[(String, Property)]>),
}

#[derive(Debug)]
pub(super) enum Expr {
    Literal(Value),
    /// A string with at least one `{name}` or `{name#path}`.
    Template(Box<[Part]>),
    Ref(Slot),
    /// An array literal with at least one item that is not a literal.
    Array(Box<[Expr]>),
    Call(Box<Call>),
}

#[derive(Debug)]
pub(super) enum Part {
    Text(String),
    Expr(Expr),
}

/// One step of a `getAttr` path: `name` or `[index]`.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Step {
    Key(String),
    Index(usize),
}

/// A call of a library function, with its arguments.
#[derive(Debug)]
pub(super) enum Call {
    IsSet(Expr),
    Not(Expr),
    BooleanEquals(Expr, Expr),
    StringEquals(Expr, Expr),
    GetAttr(Expr, Box<[Step]>),
    Substring {
        input: Expr,
        start: Expr,
        stop: Expr,
        reverse: Expr,
    },
    IsValidHostLabel(Expr, Expr),
    UriEncode(Expr),
    ParseUrl(Expr),
    Partition(Expr),
    ParseArn(Expr),
    IsVirtualHostableS3Bucket(Expr, Expr),
}
