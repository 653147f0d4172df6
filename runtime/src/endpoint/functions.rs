//! The library functions of the rules engine: the Smithy standard library
//! and the AWS functions.

use std::borrow::Cow;

use super::arn::parse_arn;
use super::eval::{eval, rule_error, Slots};
use super::host::{is_valid_host_label, is_virtual_hostable_s3_bucket};
use super::partitions;
use super::tree::{Call, Expr, Step};
use super::url::parse_url;
use super::value::Value;
use crate::error::Error;

type Evaluated<'s> = Result<Option<Cow<'s, Value>>, Error>;

/// Evaluates a function call. A function given an unset argument returns
/// an unset value, except `isSet`, whose job is to tell.
pub(super) fn call<'s>(function: &'s Call, slots: &'s Slots<'_>) -> Evaluated<'s> {
    let owned = |value: Value| Ok(Some(Cow::Owned(value)));
    let boolean = |value: bool| owned(Value::Bool(value));

    match function {
        Call::IsSet(value) => boolean(eval(value, slots)?.is_some()),
        Call::Not(value) => match bool_arg(value, slots, "not")? {
            Some(value) => boolean(!value),
            None => Ok(None),
        },
        Call::BooleanEquals(left, right) => {
            let left = bool_arg(left, slots, "booleanEquals")?;
            let right = bool_arg(right, slots, "booleanEquals")?;
            match (left, right) {
                (Some(left), Some(right)) => boolean(left == right),
                _ => Ok(None),
            }
        }
        Call::StringEquals(left, right) => {
            let left = eval(left, slots)?;
            let right = eval(right, slots)?;
            match (left.as_deref(), right.as_deref()) {
                (Some(left), Some(right)) => {
                    boolean(str_of(left, "stringEquals")? == str_of(right, "stringEquals")?)
                }
                _ => Ok(None),
            }
        }
        Call::GetAttr(target, steps) => match eval(target, slots)? {
            Some(value) => Ok(get_attr(value, steps)),
            None => Ok(None),
        },
        Call::Substring {
            input,
            start,
            stop,
            reverse,
        } => {
            let input = eval(input, slots)?;
            let start = integer_arg(start, slots)?;
            let stop = integer_arg(stop, slots)?;
            let reverse = bool_arg(reverse, slots, "substring")?;
            match (input.as_deref(), start, stop, reverse) {
                (Some(input), Some(start), Some(stop), Some(reverse)) => {
                    let input = str_of(input, "substring")?;
                    Ok(substring(input, start, stop, reverse)
                        .map(|text| Cow::Owned(Value::string(text.to_owned()))))
                }
                _ => Ok(None),
            }
        }
        Call::IsValidHostLabel(value, allow_subdomains) => string_and_flag(
            value,
            allow_subdomains,
            slots,
            "isValidHostLabel",
            is_valid_host_label,
        ),
        Call::UriEncode(value) => match eval(value, slots)?.as_deref() {
            Some(value) => owned(Value::string(uri_encode(str_of(value, "uriEncode")?))),
            None => Ok(None),
        },
        Call::ParseUrl(value) => match eval(value, slots)?.as_deref() {
            Some(value) => {
                Ok(parse_url(str_of(value, "parseURL")?).map(|url| Cow::Owned(url.to_value())))
            }
            None => Ok(None),
        },
        Call::Partition(region) => match eval(region, slots)?.as_deref() {
            Some(region) => {
                let region = str_of(region, "aws.partition")?;
                Ok(partitions::find_in(slots.partitions, region)
                    .map(|partition| Cow::Owned(Value::Partition(&partition.outputs))))
            }
            None => Ok(None),
        },
        Call::ParseArn(value) => match eval(value, slots)?.as_deref() {
            Some(value) => Ok(parse_arn(str_of(value, "aws.parseArn")?).map(Cow::Owned)),
            None => Ok(None),
        },
        Call::IsVirtualHostableS3Bucket(value, allow_subdomains) => string_and_flag(
            value,
            allow_subdomains,
            slots,
            "aws.isVirtualHostableS3Bucket",
            is_virtual_hostable_s3_bucket,
        ),
    }
}

/// Follows a `getAttr` path; a missing attribute or an index out of bounds
/// gives an unset value.
fn get_attr<'s>(value: Cow<'s, Value>, steps: &[Step]) -> Option<Cow<'s, Value>> {
    let mut current = value;
    for step in steps {
        current = match step {
            Step::Key(key) => Value::attribute(current, key)?,
            Step::Index(index) => Value::element(current, *index)?,
        };
    }
    Some(current)
}

/// Returns the characters `start..stop` of `input`, or of its reverse
/// when `reverse` is set, counted from the end. Returns `None` when the
/// range does not fit or `input` is not ASCII.
pub(super) fn substring(input: &str, start: i64, stop: i64, reverse: bool) -> Option<&str> {
    let (Ok(start), Ok(stop)) = (usize::try_from(start), usize::try_from(stop)) else {
        return None;
    };
    if start >= stop || stop > input.len() || !input.is_ascii() {
        return None;
    }
    if reverse {
        input.get(input.len() - stop..input.len() - start)
    } else {
        input.get(start..stop)
    }
}

/// Percent-encodes every byte of `input` except the unreserved characters
/// of RFC 3986 (`A-Z a-z 0-9 - . _ ~`), with upper-case hex digits.
pub(super) fn uri_encode(input: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut encoded = String::with_capacity(input.len());
    for byte in input.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push('%');
            encoded.push(char::from(HEX[usize::from(byte >> 4)]));
            encoded.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
    encoded
}

fn string_and_flag<'s>(
    value: &'s Expr,
    flag: &'s Expr,
    slots: &'s Slots<'_>,
    function: &str,
    check: fn(&str, bool) -> bool,
) -> Evaluated<'s> {
    let value = eval(value, slots)?;
    let flag = bool_arg(flag, slots, function)?;
    match (value.as_deref(), flag) {
        (Some(value), Some(flag)) => Ok(Some(Cow::Owned(Value::Bool(check(
            str_of(value, function)?,
            flag,
        ))))),
        _ => Ok(None),
    }
}

fn bool_arg(expr: &Expr, slots: &Slots<'_>, function: &str) -> Result<Option<bool>, Error> {
    match eval(expr, slots)?.as_deref() {
        Some(value) => value
            .as_bool()
            .map(Some)
            .ok_or_else(|| type_error(function, "boolean", value)),
        None => Ok(None),
    }
}

fn integer_arg(expr: &Expr, slots: &Slots<'_>) -> Result<Option<i64>, Error> {
    match eval(expr, slots)?.as_deref() {
        Some(Value::Integer(value)) => Ok(Some(*value)),
        Some(other) => Err(type_error("substring", "integer", other)),
        None => Ok(None),
    }
}

fn str_of<'v>(value: &'v Value, function: &str) -> Result<&'v str, Error> {
    value
        .as_str()
        .ok_or_else(|| type_error(function, "string", value))
}

fn type_error(function: &str, expected: &str, found: &Value) -> Error {
    rule_error(format!(
        "`{function}` expects a {expected}, found a {}",
        found.type_name()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substring_forward() {
        assert_eq!(substring("abcdefg", 0, 4, false), Some("abcd"));
        assert_eq!(substring("abcd", 0, 4, false), Some("abcd"));
        assert_eq!(substring("abcdefg", 1, 3, false), Some("bc"));
        assert_eq!(substring("abc", 0, 4, false), None);
        assert_eq!(substring("", 0, 4, false), None);
        assert_eq!(substring("\u{7f}abcdef", 0, 4, false), Some("\u{7f}abc"));
    }

    #[test]
    fn substring_reverse() {
        assert_eq!(substring("abcdefg", 0, 4, true), Some("defg"));
        assert_eq!(substring("defg", 0, 4, true), Some("defg"));
        assert_eq!(substring("abcdefg", 1, 3, true), Some("ef"));
        assert_eq!(substring("abc", 0, 4, true), None);
    }

    #[test]
    fn substring_rejects_non_ascii_and_bad_ranges() {
        assert_eq!(substring("\u{fdfd}abcdef", 0, 4, false), None);
        assert_eq!(substring("abcdef", 3, 3, false), None);
        assert_eq!(substring("abcdef", 4, 2, false), None);
        assert_eq!(substring("abcdef", -1, 2, false), None);
    }

    #[test]
    fn uri_encode_reserved_and_unicode() {
        assert_eq!(uri_encode("abc:defg"), "abc%3Adefg");
        assert_eq!(
            uri_encode("/:,?#[]{}|@! $&'()*+;=%<>\"^`\\"),
            "%2F%3A%2C%3F%23%5B%5D%7B%7D%7C%40%21%20%24%26%27%28%29%2A%2B%3B%3D%25%3C%3E%22%5E%60%5C"
        );
        assert_eq!(
            uri_encode("0123456789.underscore_dash-Tilda~"),
            "0123456789.underscore_dash-Tilda~"
        );
        assert_eq!(uri_encode("\u{1f639}"), "%F0%9F%98%B9");
        assert_eq!(uri_encode(""), "");
    }
}
