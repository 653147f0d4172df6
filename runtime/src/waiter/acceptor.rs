//! Acceptors: the rules that decide, after each attempt, whether a waiter
//! succeeded, failed or tries again. They are `static` tables in generated
//! code, so every field is a `&'static` value.

use serde_json::{json, Value};

use crate::jmespath::{Expression, ParseError};

/// The state an acceptor moves the waiter to when it matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AcceptorState {
    Success,
    Failure,
    Retry,
}

/// One rule of a waiter: the state to move to when the matcher matches.
#[derive(Clone, Copy, Debug)]
pub struct Acceptor {
    pub state: AcceptorState,
    pub matcher: Matcher,
}

/// The condition an acceptor checks in the result of an attempt.
#[derive(Clone, Copy, Debug)]
pub enum Matcher {
    /// A path into the output of a successful attempt.
    Output(PathMatcher),
    /// A path into `{"input": ..., "output": ...}` of a successful attempt.
    InputOutput(PathMatcher),
    /// `true` matches a successful attempt, `false` any error.
    Success(bool),
    /// An error whose code is this shape name; a shape id matches by its
    /// name.
    ErrorType(&'static str),
}

/// A JMESPath expression and the value it must have.
#[derive(Clone, Copy, Debug)]
pub struct PathMatcher {
    pub path: &'static str,
    pub expected: &'static str,
    pub comparator: PathComparator,
}

/// The comparison between a path's value and the expected string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathComparator {
    /// The value is a string equal to the expected one.
    StringEquals,
    /// The value is a boolean equal to the expected `true` or `false`.
    BooleanEquals,
    /// The value is a non-empty array of strings that all equal the
    /// expected one.
    AllStringEquals,
    /// The value is an array with at least one string equal to the
    /// expected one.
    AnyStringEquals,
}

/// The facts about one attempt that matchers read.
pub(super) struct Attempt<'a> {
    /// Whether the operation succeeded.
    pub(super) succeeded: bool,
    /// The error code when it failed with an error response.
    pub(super) error_code: Option<&'a str>,
    /// The output in JMESPath's data model, when it succeeded.
    pub(super) output: Option<Value>,
    /// The input, when some acceptor uses `inputOutput`.
    pub(super) input: Option<&'a Value>,
}

impl Acceptor {
    /// Parses the acceptor's path, if it has one, so that a bad
    /// expression fails before the first request.
    pub(super) fn parse_path(&self) -> Result<Option<Expression>, ParseError> {
        match &self.matcher {
            Matcher::Output(path) | Matcher::InputOutput(path) => {
                Expression::parse(path.path).map(Some)
            }
            Matcher::Success(_) | Matcher::ErrorType(_) => Ok(None),
        }
    }

    /// Returns whether the acceptor matches `attempt`; `expression` is
    /// the parsed path.
    pub(super) fn matches(
        &self,
        expression: Option<&Expression>,
        attempt: &Attempt<'_>,
    ) -> Result<bool, String> {
        match (&self.matcher, expression) {
            (Matcher::Success(expected), _) => Ok(attempt.succeeded == *expected),
            (Matcher::ErrorType(expected), _) => {
                let name = expected.rsplit('#').next().unwrap_or(expected);
                Ok(!attempt.succeeded && attempt.error_code == Some(name))
            }
            (Matcher::Output(path), Some(expression)) => {
                let Some(output) = &attempt.output else {
                    return Ok(false);
                };
                path.test(expression, output)
            }
            (Matcher::InputOutput(path), Some(expression)) => {
                let Some(output) = &attempt.output else {
                    return Ok(false);
                };
                let data = json!({ "input": attempt.input.cloned().unwrap_or(Value::Null), "output": output });
                path.test(expression, &data)
            }
            (Matcher::Output(path) | Matcher::InputOutput(path), None) => {
                Err(format!("the path `{}` was not parsed", path.path))
            }
        }
    }
}

impl PathMatcher {
    /// Returns whether `expression` applied to `data` gives the expected
    /// value.
    fn test(&self, expression: &Expression, data: &Value) -> Result<bool, String> {
        let value = expression
            .search(data)
            .map_err(|e| format!("evaluating `{}`: {e}", self.path))?;
        let expected = self.expected;
        Ok(match self.comparator {
            PathComparator::StringEquals => value.as_str() == Some(expected),
            PathComparator::BooleanEquals => {
                value.as_bool().is_some_and(|b| b.to_string() == expected)
            }
            PathComparator::AllStringEquals => match value.as_array() {
                Some(items) => {
                    !items.is_empty() && items.iter().all(|item| item.as_str() == Some(expected))
                }
                None => false,
            },
            PathComparator::AnyStringEquals => match value.as_array() {
                Some(items) => items.iter().any(|item| item.as_str() == Some(expected)),
                None => false,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn output_attempt(output: Value) -> Attempt<'static> {
        Attempt {
            succeeded: true,
            error_code: None,
            output: Some(output),
            input: None,
        }
    }

    fn error_attempt(code: &'static str) -> Attempt<'static> {
        Attempt {
            succeeded: false,
            error_code: Some(code),
            output: None,
            input: None,
        }
    }

    fn path_acceptor(
        path: &'static str,
        expected: &'static str,
        comparator: PathComparator,
    ) -> Acceptor {
        Acceptor {
            state: AcceptorState::Success,
            matcher: Matcher::Output(PathMatcher {
                path,
                expected,
                comparator,
            }),
        }
    }

    fn check(acceptor: &Acceptor, attempt: &Attempt<'_>) -> bool {
        let expression = acceptor.parse_path().expect("the path parses");
        acceptor
            .matches(expression.as_ref(), attempt)
            .expect("the path evaluates")
    }

    #[test]
    fn string_equals() {
        let acceptor = path_acceptor("Table.TableStatus", "ACTIVE", PathComparator::StringEquals);
        assert!(check(
            &acceptor,
            &output_attempt(json!({"Table": {"TableStatus": "ACTIVE"}}))
        ));
        assert!(!check(
            &acceptor,
            &output_attempt(json!({"Table": {"TableStatus": "CREATING"}}))
        ));
        assert!(!check(&acceptor, &output_attempt(json!({}))));
        assert!(
            !check(&acceptor, &error_attempt("ResourceNotFoundException")),
            "an error has no output"
        );
    }

    #[test]
    fn boolean_equals() {
        let acceptor = path_acceptor("length(Items) > `0`", "true", PathComparator::BooleanEquals);
        assert!(check(&acceptor, &output_attempt(json!({"Items": [1]}))));
        assert!(!check(&acceptor, &output_attempt(json!({"Items": []}))));
        let acceptor = path_acceptor("Done", "false", PathComparator::BooleanEquals);
        assert!(check(&acceptor, &output_attempt(json!({"Done": false}))));
        assert!(
            !check(&acceptor, &output_attempt(json!({"Done": "false"}))),
            "a string is not a boolean"
        );
    }

    #[test]
    fn all_string_equals() {
        let acceptor = path_acceptor("Items[].Status", "ok", PathComparator::AllStringEquals);
        assert!(check(
            &acceptor,
            &output_attempt(json!({"Items": [{"Status": "ok"}, {"Status": "ok"}]}))
        ));
        assert!(!check(
            &acceptor,
            &output_attempt(json!({"Items": [{"Status": "ok"}, {"Status": "bad"}]}))
        ));
        assert!(
            !check(&acceptor, &output_attempt(json!({"Items": []}))),
            "an empty list does not match"
        );
        assert!(!check(&acceptor, &output_attempt(json!({}))));
    }

    #[test]
    fn any_string_equals() {
        let acceptor = path_acceptor("Items[].Status", "bad", PathComparator::AnyStringEquals);
        assert!(check(
            &acceptor,
            &output_attempt(json!({"Items": [{"Status": "ok"}, {"Status": "bad"}]}))
        ));
        assert!(!check(
            &acceptor,
            &output_attempt(json!({"Items": [{"Status": "ok"}]}))
        ));
        assert!(!check(&acceptor, &output_attempt(json!({"Items": []}))));
    }

    #[test]
    fn input_output() {
        let acceptor = Acceptor {
            state: AcceptorState::Success,
            matcher: Matcher::InputOutput(PathMatcher {
                path: "length(input.Groups) == length(output.Groups)",
                expected: "true",
                comparator: PathComparator::BooleanEquals,
            }),
        };
        let input = json!({"Groups": ["a", "b"]});
        let mut attempt = output_attempt(json!({"Groups": ["a", "b"]}));
        attempt.input = Some(&input);
        assert!(check(&acceptor, &attempt));
        attempt.output = Some(json!({"Groups": ["a"]}));
        assert!(!check(&acceptor, &attempt));
    }

    #[test]
    fn success_and_error_type() {
        let success = Acceptor {
            state: AcceptorState::Success,
            matcher: Matcher::Success(true),
        };
        let failure = Acceptor {
            state: AcceptorState::Failure,
            matcher: Matcher::Success(false),
        };
        assert!(check(&success, &output_attempt(json!({}))));
        assert!(!check(&success, &error_attempt("X")));
        assert!(check(&failure, &error_attempt("X")));
        assert!(!check(&failure, &output_attempt(json!({}))));

        let by_name = Acceptor {
            state: AcceptorState::Retry,
            matcher: Matcher::ErrorType("ResourceNotFoundException"),
        };
        let by_id = Acceptor {
            state: AcceptorState::Retry,
            matcher: Matcher::ErrorType("com.amazonaws.dynamodb#ResourceNotFoundException"),
        };
        for acceptor in [&by_name, &by_id] {
            assert!(check(acceptor, &error_attempt("ResourceNotFoundException")));
            assert!(!check(acceptor, &error_attempt("ValidationException")));
            assert!(!check(acceptor, &output_attempt(json!({}))));
        }
    }

    #[test]
    fn evaluation_error_names_path() {
        let acceptor = path_acceptor("length(Count)", "x", PathComparator::StringEquals);
        let expression = acceptor.parse_path().expect("the path parses");
        let error = acceptor
            .matches(expression.as_ref(), &output_attempt(json!({"Count": 3})))
            .expect_err("a number has no length");
        assert!(error.contains("`length(Count)`"), "{error}");
    }
}
