//! Header values of restJson1: lists joined with `, ` and quoted where an
//! item needs it, timestamps, base64 `@mediaType` strings, and headers
//! collected by prefix.
//!
//! The readers take a [`HeaderMap`] and join a header that appears more than
//! once with `, `, because AWS sends list headers both ways. Their errors
//! are [`ErrorKind::InvalidResponse`] naming the header and the bad value.

use std::borrow::Cow;
use std::collections::HashMap;

use http::header::HeaderValue;
use http::HeaderMap;

use super::HttpScalar;
use crate::blob::{base64_decode, base64_encode};
use crate::date_time::{DateTime, TimestampFormat};
use crate::error::{Error, ErrorKind};

/// Error messages quote at most this many characters of a header value.
const MAX_QUOTED_CHARS: usize = 64;

/// Joins list items with `, `. An item that is empty, contains `,` or `"`,
/// or starts or ends with whitespace is quoted, with `"` and `\` escaped by
/// a backslash, so that [`split_header_list`] returns it unchanged.
///
/// An empty list gives an empty string, which restJson1 sends as the
/// header's value.
pub fn header_list(items: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    let mut joined = String::new();
    for (index, item) in items.into_iter().enumerate() {
        if index > 0 {
            joined.push_str(", ");
        }
        push_list_item(&mut joined, item.as_ref());
    }
    joined
}

fn push_list_item(joined: &mut String, item: &str) {
    let needs_quotes = item.is_empty()
        || item.contains([',', '"'])
        || item.starts_with([' ', '\t'])
        || item.ends_with([' ', '\t']);
    if !needs_quotes {
        joined.push_str(item);
        return;
    }
    joined.push('"');
    for character in item.chars() {
        if matches!(character, '"' | '\\') {
            joined.push('\\');
        }
        joined.push(character);
    }
    joined.push('"');
}

/// Joins timestamps in `format` with `, `, without quotes. An http-date
/// contains a comma, and restJson1 still sends it unquoted; read such a list
/// with [`split_http_date_list`].
pub fn timestamp_header_list<'a>(
    values: impl IntoIterator<Item = &'a DateTime>,
    format: TimestampFormat,
) -> String {
    let texts: Vec<String> = values
        .into_iter()
        .map(|value| value.format(format))
        .collect();
    texts.join(", ")
}

/// Splits the value of list header `name` into its items: separated by
/// commas, trimmed of spaces and tabs, and unquoted where an item is in
/// double quotes (with `\` escaping the next character). A value of only
/// whitespace is an empty list.
///
/// # Errors
///
/// Fails on an unterminated quoted item or text between a closing quote and
/// the next comma.
pub fn split_header_list(name: &str, value: &str) -> Result<Vec<String>, Error> {
    let mut items = Vec::new();
    if value.trim_matches([' ', '\t']).is_empty() {
        return Ok(items);
    }

    let mut rest = value;
    loop {
        rest = rest.trim_start_matches([' ', '\t']);
        let (item, after) = if let Some(quoted) = rest.strip_prefix('"') {
            let (item, after) = unquote(quoted)
                .ok_or_else(|| invalid_header(name, value, "a quoted item has no closing quote"))?;
            let after = after.trim_start_matches([' ', '\t']);
            if !(after.is_empty() || after.starts_with(',')) {
                return Err(invalid_header(
                    name,
                    value,
                    "expected a comma after a quoted item",
                ));
            }
            (item, after)
        } else {
            let end = rest.find(',').unwrap_or(rest.len());
            let item = rest[..end].trim_end_matches([' ', '\t']).to_string();
            (item, &rest[end..])
        };
        items.push(item);

        match after.strip_prefix(',') {
            Some(next) => rest = next,
            None => return Ok(items),
        }
    }
}

/// Reads a quoted item up to its closing quote and returns the unescaped
/// item and the text after the quote, or `None` when the quote is not
/// closed.
fn unquote(quoted: &str) -> Option<(String, &str)> {
    let mut item = String::new();
    let mut characters = quoted.char_indices();
    while let Some((index, character)) = characters.next() {
        match character {
            '"' => return Some((item, &quoted[index + 1..])),
            '\\' => item.push(characters.next()?.1),
            other => item.push(other),
        }
    }
    None
}

/// Splits the value of header `name` into http-dates. Each IMF-fixdate
/// contains one comma (`Mon, 16 Dec 2019 23:48:18 GMT`), so the unquoted
/// items are rejoined in pairs; quoted items are read as they are.
///
/// # Errors
///
/// Fails when an item is not an IMF-fixdate.
pub fn split_http_date_list(name: &str, value: &str) -> Result<Vec<DateTime>, Error> {
    let parse = |text: &str| parse_timestamp_header(name, text, TimestampFormat::HttpDate);
    if value.contains('"') {
        return split_header_list(name, value)?
            .iter()
            .map(|item| parse(item))
            .collect();
    }
    if value.trim_matches([' ', '\t']).is_empty() {
        return Ok(Vec::new());
    }

    let parts: Vec<&str> = value
        .split(',')
        .map(|part| part.trim_matches([' ', '\t']))
        .collect();
    parts
        .chunks(2)
        .map(|pair| match pair {
            [day_name, rest] => parse(&format!("{day_name}, {rest}")),
            _ => Err(invalid_header(
                name,
                value,
                "expected IMF-fixdates such as `Mon, 16 Dec 2019 23:48:18 GMT` separated by `, `",
            )),
        })
        .collect()
}

/// Encodes a `@mediaType` string for a header: base64 of its UTF-8 bytes.
pub fn format_media_type(text: &str) -> String {
    base64_encode(text.as_bytes())
}

/// Decodes the `@mediaType` string in header `name`.
///
/// # Errors
///
/// Fails when the value is not base64 or does not decode to UTF-8.
pub fn parse_media_type(name: &str, value: &str) -> Result<String, Error> {
    let bytes =
        base64_decode(value).map_err(|error| invalid_header(name, value, &error.to_string()))?;
    String::from_utf8(bytes)
        .map_err(|_| invalid_header(name, value, "the decoded bytes are not UTF-8 text"))
}

/// Parses `value`, the text of header `name`, as a scalar.
///
/// # Errors
///
/// Fails when the text is not of the type's form.
pub fn parse_header<T: HttpScalar>(name: &str, value: &str) -> Result<T, Error> {
    T::parse_http(value).map_err(|expected| invalid_header(name, value, expected))
}

/// Parses `value`, the text of header `name`, as a timestamp in `format`.
///
/// # Errors
///
/// Fails when the text is not a timestamp in `format`.
pub fn parse_timestamp_header(
    name: &str,
    value: &str,
    format: TimestampFormat,
) -> Result<DateTime, Error> {
    DateTime::parse(value, format).map_err(|error| {
        Error::new(
            ErrorKind::InvalidResponse,
            format!("invalid value for header `{name}`: {error}"),
        )
    })
}

/// Returns the text of header `name`, with repeated headers joined by `, `,
/// or `None` when the header is absent.
///
/// # Errors
///
/// Fails when a value is not UTF-8 text.
pub fn header_text<'a>(headers: &'a HeaderMap, name: &str) -> Result<Option<Cow<'a, str>>, Error> {
    let mut values = headers.get_all(name).iter();
    let Some(first) = values.next() else {
        return Ok(None);
    };
    let mut text = Cow::Borrowed(value_text(name, first)?);
    for value in values {
        let joined = text.to_mut();
        joined.push_str(", ");
        joined.push_str(value_text(name, value)?);
    }
    Ok(Some(text))
}

fn value_text<'a>(name: &str, value: &'a HeaderValue) -> Result<&'a str, Error> {
    std::str::from_utf8(value.as_bytes()).map_err(|_| {
        Error::new(
            ErrorKind::InvalidResponse,
            format!("invalid value for header `{name}`: it is not UTF-8 text"),
        )
    })
}

/// Reads header `name` as a scalar; `None` when it is absent.
///
/// # Errors
///
/// Fails when the value is not text or not of the type's form.
pub fn read_header<T: HttpScalar>(headers: &HeaderMap, name: &str) -> Result<Option<T>, Error> {
    header_text(headers, name)?
        .map(|text| parse_header(name, &text))
        .transpose()
}

/// Reads list header `name` (see [`split_header_list`]); `None` when it is
/// absent.
///
/// # Errors
///
/// Fails when the value is not text, a quote is malformed, or an item is
/// not of the type's form.
pub fn read_header_list<T: HttpScalar>(
    headers: &HeaderMap,
    name: &str,
) -> Result<Option<Vec<T>>, Error> {
    let Some(text) = header_text(headers, name)? else {
        return Ok(None);
    };
    let items = split_header_list(name, &text)?;
    items
        .iter()
        .map(|item| parse_header(name, item))
        .collect::<Result<_, _>>()
        .map(Some)
}

/// Reads header `name` as a timestamp in `format`; `None` when it is absent.
///
/// # Errors
///
/// Fails when the value is not a timestamp in `format`.
pub fn read_timestamp_header(
    headers: &HeaderMap,
    name: &str,
    format: TimestampFormat,
) -> Result<Option<DateTime>, Error> {
    header_text(headers, name)?
        .map(|text| parse_timestamp_header(name, &text, format))
        .transpose()
}

/// Reads header `name` as a list of timestamps in `format`; `None` when it
/// is absent.
///
/// # Errors
///
/// Fails when an item is not a timestamp in `format`.
pub fn read_timestamp_header_list(
    headers: &HeaderMap,
    name: &str,
    format: TimestampFormat,
) -> Result<Option<Vec<DateTime>>, Error> {
    let Some(text) = header_text(headers, name)? else {
        return Ok(None);
    };
    if format == TimestampFormat::HttpDate {
        return split_http_date_list(name, &text).map(Some);
    }
    let items = split_header_list(name, &text)?;
    items
        .iter()
        .map(|item| parse_timestamp_header(name, item, format))
        .collect::<Result<_, _>>()
        .map(Some)
}

/// Reads header `name` as a base64 `@mediaType` string; `None` when it is
/// absent.
///
/// # Errors
///
/// Fails when the value is not base64 of UTF-8 text.
pub fn read_media_type_header(headers: &HeaderMap, name: &str) -> Result<Option<String>, Error> {
    header_text(headers, name)?
        .map(|text| parse_media_type(name, &text))
        .transpose()
}

/// Collects the headers whose names start with `prefix`, compared without
/// regard to case, keyed by the rest of the name in lower case. Repeated
/// headers are joined with `, `; bytes that are not UTF-8 become U+FFFD.
/// An empty prefix collects every header.
pub fn prefix_headers(headers: &HeaderMap, prefix: &str) -> HashMap<String, String> {
    let prefix = prefix.to_ascii_lowercase();
    let mut collected: HashMap<String, String> = HashMap::new();
    for (name, value) in headers {
        let Some(key) = name.as_str().strip_prefix(prefix.as_str()) else {
            continue;
        };
        let value = String::from_utf8_lossy(value.as_bytes());
        collected
            .entry(key.to_string())
            .and_modify(|joined| {
                joined.push_str(", ");
                joined.push_str(&value);
            })
            .or_insert_with(|| value.into_owned());
    }
    collected
}

fn invalid_header(name: &str, value: &str, reason: &str) -> Error {
    let mut quoted: String = value.chars().take(MAX_QUOTED_CHARS).collect();
    if quoted.len() < value.len() {
        quoted.push_str("...");
    }
    Error::new(
        ErrorKind::InvalidResponse,
        format!("invalid value for header `{name}`: {quoted:?}: {reason}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn lists_join_as_the_protocol_tests_expect() {
        // From the restJson1 InputAndOutputWithHeaders request tests.
        assert_eq!(header_list(["a", "b", "c"]), "a, b, c");
        assert_eq!(
            header_list(["b,c", "\"def\"", "a"]),
            r#""b,c", "\"def\"", a"#
        );
        assert_eq!(
            header_list([1, 2, 3].map(|n: i32| n.format_http())),
            "1, 2, 3"
        );
        assert_eq!(header_list(Vec::<String>::new()), "");
    }

    #[test]
    fn lists_quote_items_that_would_change() {
        assert_eq!(
            header_list(["", " a", "b\t", "c\\d"]),
            "\"\", \" a\", \"b\t\", c\\d"
        );
        assert_eq!(header_list(["x\\\"y,"]), r#""x\\\"y,""#);
    }

    #[test]
    fn split_reads_the_protocol_test_values() {
        assert_eq!(
            split_header_list("X-StringList", "a, b, c").unwrap(),
            ["a", "b", "c"]
        );
        assert_eq!(
            split_header_list("X-StringList", r#""b,c", "\"def\"", a"#).unwrap(),
            ["b,c", "\"def\"", "a"]
        );
        assert_eq!(split_header_list("X-C", "").unwrap(), Vec::<String>::new());
        assert_eq!(
            split_header_list("X-C", "  ").unwrap(),
            Vec::<String>::new()
        );
        assert_eq!(split_header_list("X", "a,b ,\tc").unwrap(), ["a", "b", "c"]);
        assert_eq!(split_header_list("X", "a,,b").unwrap(), ["a", "", "b"]);
    }

    #[test]
    fn lists_round_trip() {
        let lists: [&[&str]; 5] = [
            &["plain", "with space"],
            &["", " padded ", "comma,inside"],
            &["\"quoted\"", "back\\slash", "both\\\","],
            &["ünïcödé", "😹,😹"],
            &[""],
        ];
        for list in lists {
            let joined = header_list(list);
            assert_eq!(split_header_list("X", &joined).unwrap(), list, "{joined}");
        }
    }

    #[test]
    fn split_rejects_malformed_quotes() {
        for value in [r#""unterminated"#, r#""a" b, c"#, r#""ends with escape\"#] {
            let error = split_header_list("X-List", value).unwrap_err();
            assert_eq!(error.kind(), ErrorKind::InvalidResponse);
            assert!(error.to_string().contains("`X-List`"), "{error}");
        }
    }

    #[test]
    fn http_date_lists_split_in_pairs() {
        // From the restJson1 RestJsonInputAndOutputWithTimestampHeaders tests.
        let value = "Mon, 16 Dec 2019 23:48:18 GMT, Mon, 16 Dec 2019 23:48:18 GMT";
        let expected = DateTime::from_secs(1_576_540_098);
        assert_eq!(
            split_http_date_list("X-TimestampList", value).unwrap(),
            [expected, expected]
        );
        assert_eq!(
            timestamp_header_list(&[expected, expected], TimestampFormat::HttpDate),
            value
        );

        let quoted = r#""Mon, 16 Dec 2019 23:48:18 GMT", "Mon, 16 Dec 2019 23:48:18 GMT""#;
        assert_eq!(
            split_http_date_list("X", quoted).unwrap(),
            [expected, expected]
        );
        assert_eq!(
            split_http_date_list("X", "").unwrap(),
            Vec::<DateTime>::new()
        );
    }

    #[test]
    fn http_date_lists_reject_bad_items() {
        let cases = [
            "Mon, 16 Dec 2019 23:48:18 GMT, Mon",
            "Mon, 16 Dec 2019 23:48:18 GMT, 2019-12-16T23:48:18Z",
            "1576540098",
        ];
        for value in cases {
            let error = split_http_date_list("X-Dates", value).unwrap_err();
            assert_eq!(error.kind(), ErrorKind::InvalidResponse, "{value}");
            assert!(error.to_string().contains("`X-Dates`"), "{error}");
        }
    }

    #[test]
    fn reads_scalars_and_lists_from_headers() {
        // From the restJson1 InputAndOutputWithHeaders response tests.
        let map = headers(&[
            ("x-string", "Hello"),
            ("x-byte", "1"),
            ("x-long", "123"),
            ("x-float", "1.1"),
            ("x-double", "-Infinity"),
            ("x-boolean1", "true"),
            ("x-integerlist", "1, 2, 3"),
            ("x-booleanlist", "true, false, true"),
        ]);

        assert_eq!(
            read_header::<String>(&map, "X-String").unwrap().as_deref(),
            Some("Hello")
        );
        assert_eq!(read_header::<i8>(&map, "x-byte").unwrap(), Some(1));
        assert_eq!(read_header::<i64>(&map, "x-long").unwrap(), Some(123));
        assert_eq!(read_header::<f32>(&map, "x-float").unwrap(), Some(1.1));
        assert_eq!(
            read_header::<f64>(&map, "x-double").unwrap(),
            Some(f64::NEG_INFINITY)
        );
        assert_eq!(read_header::<bool>(&map, "x-boolean1").unwrap(), Some(true));

        assert_eq!(
            read_header_list::<i32>(&map, "x-integerlist").unwrap(),
            Some(vec![1, 2, 3])
        );
        assert_eq!(
            read_header_list::<bool>(&map, "x-booleanlist").unwrap(),
            Some(vec![true, false, true])
        );

        assert_eq!(read_header::<String>(&map, "x-absent").unwrap(), None);
        assert_eq!(read_header_list::<String>(&map, "x-absent").unwrap(), None);
    }

    #[test]
    fn repeated_headers_are_joined() {
        let map = headers(&[("x-list", "a"), ("x-list", "b, c"), ("x-one", "only")]);
        assert_eq!(
            header_text(&map, "x-list").unwrap().as_deref(),
            Some("a, b, c")
        );
        assert!(matches!(
            header_text(&map, "x-one").unwrap(),
            Some(Cow::Borrowed("only"))
        ));
        assert_eq!(
            read_header_list::<String>(&map, "x-list").unwrap(),
            Some(vec!["a".to_string(), "b".to_string(), "c".to_string()])
        );
    }

    #[test]
    fn bad_values_name_the_header() {
        let map = headers(&[("x-integer", "12x"), ("x-list", "1, two")]);
        let error = read_header::<i32>(&map, "x-integer").unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidResponse);
        assert_eq!(
            error.to_string(),
            "invalid value for header `x-integer`: \"12x\": expected an integer that fits in i32"
        );
        let error = read_header_list::<i32>(&map, "x-list").unwrap_err();
        assert!(error.to_string().contains("\"two\""), "{error}");

        let mut map = HeaderMap::new();
        map.insert("x-binary", HeaderValue::from_bytes(b"\xff\xfe").unwrap());
        let error = read_header::<String>(&map, "x-binary").unwrap_err();
        assert!(error.to_string().contains("not UTF-8"), "{error}");
    }

    #[test]
    fn reads_timestamps_in_each_format() {
        // From the restJson1 TimestampFormatHeaders response test.
        let map = headers(&[
            ("x-memberepochseconds", "1576540098"),
            ("x-memberhttpdate", "Mon, 16 Dec 2019 23:48:18 GMT"),
            ("x-memberdatetime", "2019-12-16T23:48:18Z"),
            (
                "x-datetimelist",
                "2019-12-16T23:48:18Z, 2019-12-16T23:48:19Z",
            ),
            (
                "x-timestamplist",
                "Mon, 16 Dec 2019 23:48:18 GMT, Mon, 16 Dec 2019 23:48:18 GMT",
            ),
        ]);
        let expected = DateTime::from_secs(1_576_540_098);
        let read = |name, format| read_timestamp_header(&map, name, format).unwrap();
        assert_eq!(
            read("x-memberepochseconds", TimestampFormat::EpochSeconds),
            Some(expected)
        );
        assert_eq!(
            read("x-memberhttpdate", TimestampFormat::HttpDate),
            Some(expected)
        );
        assert_eq!(
            read("x-memberdatetime", TimestampFormat::DateTime),
            Some(expected)
        );
        assert_eq!(read("x-absent", TimestampFormat::DateTime), None);

        let list = read_timestamp_header_list(&map, "x-datetimelist", TimestampFormat::DateTime);
        assert_eq!(
            list.unwrap(),
            Some(vec![expected, DateTime::from_secs(1_576_540_099)])
        );
        let list = read_timestamp_header_list(&map, "x-timestamplist", TimestampFormat::HttpDate);
        assert_eq!(list.unwrap(), Some(vec![expected, expected]));

        let error =
            read_timestamp_header(&map, "x-memberhttpdate", TimestampFormat::DateTime).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidResponse);
        assert!(
            error
                .to_string()
                .starts_with("invalid value for header `x-memberhttpdate`: "),
            "{error}"
        );
    }

    #[test]
    fn media_type_strings_are_base64() {
        // From the restJson1 MediaTypeHeader tests.
        assert_eq!(format_media_type("true"), "dHJ1ZQ==");
        let map = headers(&[
            ("x-json", "dHJ1ZQ=="),
            ("x-bad", "not base64!"),
            ("x-latin1", "/w=="),
        ]);
        assert_eq!(
            read_media_type_header(&map, "x-json").unwrap().as_deref(),
            Some("true")
        );
        let error = read_media_type_header(&map, "x-bad").unwrap_err();
        assert!(error.to_string().contains("invalid base64"), "{error}");
        let error = read_media_type_header(&map, "x-latin1").unwrap_err();
        assert!(error.to_string().contains("not UTF-8"), "{error}");
    }

    #[test]
    fn prefix_headers_strip_the_prefix() {
        // From the restJson1 HttpPrefixHeaders response tests.
        let map = headers(&[
            ("x-foo", "Foo"),
            ("x-foo-abc", "Abc value"),
            ("x-foo-def", "Def value"),
            ("x-foo-def", "more"),
            ("hello", "There"),
        ]);
        let collected = prefix_headers(&map, "X-Foo-");
        let expected = HashMap::from([
            ("abc".to_string(), "Abc value".to_string()),
            ("def".to_string(), "Def value, more".to_string()),
        ]);
        assert_eq!(collected, expected);

        let all = prefix_headers(&map, "");
        assert_eq!(all.len(), 4);
        assert_eq!(all["x-foo"], "Foo");
        assert_eq!(all["hello"], "There");
    }
}
