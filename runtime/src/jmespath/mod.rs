//! The JMESPath subset that waiters of AWS models use, and the conversion
//! of generated types to the JSON values that expressions read.
//!
//! The subset has these expressions:
//!
//! - fields and subexpressions (`a.b`),
//! - flatten projections (`a[].b`), object value projections (`a.*.b`) and
//!   filter projections (`a[?b == 'x']`),
//! - multiselect lists (`a[].[b, c]`),
//! - the comparators `==`, `!=`, `<`, `<=`, `>`, `>=`, and `&&`, `!` and
//!   parentheses,
//! - JSON literals in backticks and raw strings in single quotes,
//! - the functions `length` and `contains`.
//!
//! Anything else is a [`ParseError`] that names the feature.

mod eval;
mod lexer;
mod parser;
mod value;

use std::fmt;

pub use serde_json::Value;
pub use value::{object, ToJmespath};

/// A parsed expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Expression {
    /// The value the expression is applied to, such as each element of a
    /// projection.
    Current,
    Field(String),
    Literal(Value),
    /// `left.right`: `right` applied to the value of `left`.
    Subexpression(Box<Expression>, Box<Expression>),
    /// `list[]` followed by what is applied to each element of the
    /// flattened list.
    FlattenProjection(Box<Expression>, Box<Expression>),
    /// `object.*` followed by what is applied to each value of the object.
    ValueProjection(Box<Expression>, Box<Expression>),
    /// `list[?condition]` followed by what is applied to each element
    /// that meets the condition.
    FilterProjection {
        list: Box<Expression>,
        condition: Box<Expression>,
        each: Box<Expression>,
    },
    MultiselectList(Vec<Expression>),
    Compare(Comparator, Box<Expression>, Box<Expression>),
    And(Box<Expression>, Box<Expression>),
    Not(Box<Expression>),
    /// `length` or `contains` with its arguments.
    Function(String, Vec<Expression>),
}

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparator {
    Equal,
    NotEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
}

impl Expression {
    /// Parses `text`.
    ///
    /// # Errors
    ///
    /// Fails on invalid syntax and on JMESPath features outside the
    /// subset; the error names the offset in `text`.
    pub fn parse(text: &str) -> Result<Self, ParseError> {
        parser::parse(text)
    }

    /// Applies the expression to `value`.
    ///
    /// # Errors
    ///
    /// Fails when a function gets an argument of the wrong type, such as
    /// `length` of a number.
    pub fn search(&self, value: &Value) -> Result<Value, EvalError> {
        eval::evaluate(self, value)
    }
}

/// Returns whether `value` counts as true in a JMESPath condition: false,
/// null and empty strings, arrays and objects do not.
pub fn is_truthy(value: &Value) -> bool {
    eval::is_truthy(value)
}

/// An expression that cannot be parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    expression: String,
    offset: usize,
    message: String,
}

impl ParseError {
    fn new(expression: &str, offset: usize, message: String) -> Self {
        Self {
            expression: expression.to_string(),
            offset,
            message,
        }
    }

    /// Returns the byte offset in the expression where the problem is.
    pub fn offset(&self) -> usize {
        self.offset
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid JMESPath expression `{}` at offset {}: {}",
            self.expression, self.offset, self.message
        )
    }
}

impl std::error::Error for ParseError {}

/// A function applied to a value of the wrong type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvalError {
    message: String,
}

impl EvalError {
    fn new(message: String) -> Self {
        Self { message }
    }
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EvalError {}

#[cfg(test)]
mod tests;
