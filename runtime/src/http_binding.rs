//! The HTTP bindings of restJson1: members that travel in the path, the
//! query string or headers instead of the JSON body (`@httpLabel`,
//! `@httpQuery`, `@httpQueryParams`, `@httpHeader`, `@httpPrefixHeaders`).
//!
//! Scalars take the same text form in each place, given by [`HttpScalar`].
//! Timestamps use [`DateTime::format`](crate::DateTime::format) with the
//! member's format; when the member sets none, that is http-date in headers
//! and date-time in labels and query strings.

mod headers;
mod query;

pub use headers::{
    format_media_type, header_list, header_text, parse_header, parse_media_type,
    parse_timestamp_header, prefix_headers, read_header, read_header_list, read_media_type_header,
    read_timestamp_header, read_timestamp_header_list, split_header_list, split_http_date_list,
    timestamp_header_list,
};
pub use query::QueryWriter;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::error::{Error, ErrorKind};

/// Characters that stay as they are in a label segment or query component:
/// RFC 3986's unreserved set. Everything else is percent-encoded.
pub(crate) const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes the value of greedy label `name` (`{name+}` in the URI
/// pattern): each `/`-separated segment is encoded as a plain label is, and
/// the `/` between them are kept, so an S3 key such as `photos/2024/a b.jpg`
/// becomes `photos/2024/a%20b.jpg`.
///
/// # Errors
///
/// Fails with [`ErrorKind::InvalidInput`] when the value is missing or empty,
/// because the path would then address a different resource, or contains a
/// line break.
pub fn greedy_label(name: &str, value: Option<&str>) -> Result<String, Error> {
    let value = label_value(name, value)?;
    let segments: Vec<String> = value.split('/').map(encode_segment).collect();
    Ok(segments.join("/"))
}

/// Returns the value of the label `name`, or an error when it is missing,
/// empty or contains CR or LF. Encoding would keep a line break from
/// splitting the request, but no resource name needs one, so a value with
/// one is almost certainly an injection attempt or a bug in the caller.
pub fn label_value<'a>(name: &str, value: Option<&'a str>) -> Result<&'a str, Error> {
    let value = match value {
        Some(value) if !value.is_empty() => value,
        _ => return Err(Error::new(
            ErrorKind::InvalidInput,
            format!(
                "missing value for `{name}`: it is part of the request path and must not be empty"
            ),
        )),
    };
    if value.contains(['\r', '\n']) {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            format!("invalid value for `{name}`: it is part of the request path and must not contain CR or LF"),
        ));
    }
    Ok(value)
}

/// Encodes one path segment. `.` and `..` are unreserved, but as a whole
/// segment they would address another path once a server or signer removes
/// dot segments, so they are percent-encoded.
pub(crate) fn encode_segment(segment: &str) -> String {
    match segment {
        "." => "%2E".to_string(),
        ".." => "%2E%2E".to_string(),
        _ => utf8_percent_encode(segment, UNRESERVED).to_string(),
    }
}

/// A scalar member's text form in a header, query parameter or label.
pub trait HttpScalar: Sized {
    /// Returns the text form: `true`/`false`, decimal integers, floats with
    /// their shortest digits or `NaN`, `Infinity` and `-Infinity`.
    fn format_http(&self) -> String;

    /// Parses the text form, or returns a description of what was expected.
    fn parse_http(text: &str) -> Result<Self, &'static str>;
}

impl HttpScalar for String {
    fn format_http(&self) -> String {
        self.clone()
    }

    fn parse_http(text: &str) -> Result<Self, &'static str> {
        Ok(text.to_string())
    }
}

impl HttpScalar for bool {
    fn format_http(&self) -> String {
        self.to_string()
    }

    fn parse_http(text: &str) -> Result<Self, &'static str> {
        match text {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err("expected `true` or `false`"),
        }
    }
}

macro_rules! http_integer {
    ($($t:ty),*) => {$(
        impl HttpScalar for $t {
            fn format_http(&self) -> String {
                self.to_string()
            }

            fn parse_http(text: &str) -> Result<Self, &'static str> {
                text.parse()
                    .map_err(|_| concat!("expected an integer that fits in ", stringify!($t)))
            }
        }
    )*};
}
http_integer!(i8, i16, i32, i64);

macro_rules! http_float {
    ($($t:ty),*) => {$(
        impl HttpScalar for $t {
            fn format_http(&self) -> String {
                if self.is_nan() {
                    "NaN".to_string()
                } else if self.is_infinite() {
                    if *self > 0.0 { "Infinity" } else { "-Infinity" }.to_string()
                } else {
                    self.to_string()
                }
            }

            fn parse_http(text: &str) -> Result<Self, &'static str> {
                const EXPECTED: &str = "expected a decimal number, `NaN`, `Infinity` or `-Infinity`";
                match text {
                    "NaN" => return Ok(<$t>::NAN),
                    "Infinity" => return Ok(<$t>::INFINITY),
                    "-Infinity" => return Ok(<$t>::NEG_INFINITY),
                    _ => {}
                }
                // Rust's float parser also takes `inf`, `nan` and other
                // spellings that Smithy does not define. A number needs only
                // digits, signs, a point and an exponent.
                let is_numeral = text
                    .bytes()
                    .all(|byte| byte.is_ascii_digit() || matches!(byte, b'.' | b'e' | b'E' | b'+' | b'-'));
                if !is_numeral {
                    return Err(EXPECTED);
                }
                text.parse().map_err(|_| EXPECTED)
            }
        }
    )*};
}
http_float!(f32, f64);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greedy_label_keeps_slashes() {
        // From the restJson1 HttpRequestWithGreedyLabelInPath test.
        assert_eq!(greedy_label("baz", Some("there/guy")).unwrap(), "there/guy");
        assert_eq!(
            greedy_label("key", Some("photos/2024/a b+ä?.jpg")).unwrap(),
            "photos/2024/a%20b%2B%C3%A4%3F.jpg"
        );
        assert_eq!(greedy_label("key", Some("/a//b/")).unwrap(), "/a//b/");
    }

    #[test]
    fn greedy_label_encodes_dot_segments() {
        assert_eq!(greedy_label("key", Some("a/../b")).unwrap(), "a/%2E%2E/b");
        assert_eq!(greedy_label("key", Some("./a/.")).unwrap(), "%2E/a/%2E");
        assert_eq!(greedy_label("key", Some("..")).unwrap(), "%2E%2E");
        assert_eq!(
            greedy_label("key", Some("a.b/..c/...")).unwrap(),
            "a.b/..c/..."
        );
    }

    #[test]
    fn greedy_label_rejects_missing_values_and_line_breaks() {
        for value in [None, Some(""), Some("a/b\r\nc")] {
            let error = greedy_label("Key", value).unwrap_err();
            assert_eq!(error.kind(), ErrorKind::InvalidInput);
            assert!(error.to_string().contains("`Key`"), "{error}");
        }
    }

    #[test]
    fn scalars_format_as_the_protocol_tests_expect() {
        assert_eq!(true.format_http(), "true");
        assert_eq!(false.format_http(), "false");
        assert_eq!(0i32.format_http(), "0");
        assert_eq!((-123i64).format_http(), "-123");
        assert_eq!(1.1f32.format_http(), "1.1");
        assert_eq!(1.1f64.format_http(), "1.1");
        assert_eq!(5.0f64.format_http(), "5");
        assert_eq!(f32::NAN.format_http(), "NaN");
        assert_eq!(f64::INFINITY.format_http(), "Infinity");
        assert_eq!(f64::NEG_INFINITY.format_http(), "-Infinity");
        assert_eq!(String::from("a b").format_http(), "a b");
    }

    #[test]
    fn scalars_parse_their_text_forms() {
        assert_eq!(bool::parse_http("true"), Ok(true));
        assert_eq!(bool::parse_http("false"), Ok(false));
        assert_eq!(i8::parse_http("1"), Ok(1));
        assert_eq!(i64::parse_http("-9223372036854775808"), Ok(i64::MIN));
        assert_eq!(f32::parse_http("1.1"), Ok(1.1));
        assert_eq!(f64::parse_http("-2.5e3"), Ok(-2500.0));
        assert!(f64::parse_http("NaN").unwrap().is_nan());
        assert_eq!(f64::parse_http("Infinity"), Ok(f64::INFINITY));
        assert_eq!(f32::parse_http("-Infinity"), Ok(f32::NEG_INFINITY));
    }

    #[test]
    fn scalars_reject_other_spellings() {
        for text in ["True", "1", "yes", ""] {
            assert!(bool::parse_http(text).is_err(), "{text:?}");
        }
        for text in ["128", "1.0", "0x1", "", " 1"] {
            assert!(i8::parse_http(text).is_err(), "{text:?}");
        }
        for text in ["inf", "nan", "infinity", "-inf", "NAN", "1,5", "", "1.1 "] {
            assert!(f64::parse_http(text).is_err(), "{text:?}");
        }
    }
}
