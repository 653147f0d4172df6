//! The canonical headers and the signed-headers list. This module selects
//! the headers to sign and writes their names in lower case and sorted. It
//! trims their values and collapses runs of spaces, and it joins the values
//! of a repeated header with commas in the order of the request.

use std::ops::Range;

use http::header::{HeaderMap, HeaderName};
use http::Uri;

use crate::error::{Error, ErrorKind};

/// Headers that are never signed. `authorization` carries the signature
/// itself. Proxies consume or rewrite the hop-by-hop headers, and proxies
/// and tracing agents often add or change `user-agent` and
/// `x-amzn-trace-id`, so signing them could make a request fail
/// verification after it passed through one.
const UNSIGNED_HEADERS: &[&str] = &[
    "authorization",
    "connection",
    "expect",
    "keep-alive",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "user-agent",
    "x-amzn-trace-id",
];

/// A header that the signer sets itself, such as `x-amz-date`. Its name is
/// in lower case.
pub(crate) struct AddedHeader<'a> {
    pub(crate) name: &'a str,
    pub(crate) value: &'a str,
}

/// Source of the values of one signed header.
enum HeaderValues<'a> {
    Request(&'a HeaderName),
    Added(&'a str),
}

/// Appends the canonical headers, a blank line and the signed-headers list,
/// and returns where the list is in `out`.
///
/// The signed headers are those of `headers`, except [`UNSIGNED_HEADERS`]
/// and the names in `withheld`, plus `added`. A name in `added` replaces the
/// request's values of that name.
///
/// # Errors
///
/// Fails when a value contains CR or LF or is not valid UTF-8.
pub(crate) fn push_canonical_headers(
    out: &mut String,
    headers: &HeaderMap,
    added: &[AddedHeader<'_>],
    withheld: &[&str],
) -> Result<Range<usize>, Error> {
    let mut signed: Vec<(&str, HeaderValues<'_>)> =
        Vec::with_capacity(headers.keys_len() + added.len());
    for name in headers.keys() {
        let name_text = name.as_str();
        let skipped = UNSIGNED_HEADERS.contains(&name_text)
            || withheld.contains(&name_text)
            || added.iter().any(|header| header.name == name_text);
        if !skipped {
            signed.push((name_text, HeaderValues::Request(name)));
        }
    }
    for header in added {
        signed.push((header.name, HeaderValues::Added(header.value)));
    }
    signed.sort_unstable_by(|left, right| left.0.cmp(right.0));

    for (name, values) in &signed {
        out.push_str(name);
        out.push(':');
        match values {
            HeaderValues::Request(header_name) => {
                for (index, value) in headers.get_all(*header_name).iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    push_header_value(out, name, value.as_bytes())?;
                }
            }
            HeaderValues::Added(value) => push_header_value(out, name, value.as_bytes())?,
        }
        out.push('\n');
    }
    out.push('\n');

    let list_start = out.len();
    for (index, (name, _)) in signed.iter().enumerate() {
        if index > 0 {
            out.push(';');
        }
        out.push_str(name);
    }
    Ok(list_start..out.len())
}

/// Appends `value` with leading and trailing spaces and tabs removed and
/// each run of spaces inside collapsed to one space. Tabs inside the value
/// are kept.
fn push_header_value(out: &mut String, name: &str, value: &[u8]) -> Result<(), Error> {
    if value.iter().any(|&byte| byte == b'\r' || byte == b'\n') {
        return Err(Error::new(
            ErrorKind::Signing,
            format!(
                "invalid value for header `{name}`: it contains a line break (CR or LF); \
                 send the value on one line"
            ),
        ));
    }
    let value = std::str::from_utf8(value).map_err(|_| {
        Error::new(
            ErrorKind::Signing,
            format!("invalid value for header `{name}`: it is not valid UTF-8"),
        )
    })?;

    let value = value.trim_matches([' ', '\t']);
    if !value.contains("  ") {
        out.push_str(value);
        return Ok(());
    }
    for (index, word) in value.split(' ').filter(|word| !word.is_empty()).enumerate() {
        if index > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
    Ok(())
}

/// Returns the `Host` header value for a request to `uri`: the host, and the
/// port unless it is the default one of the scheme (80 for `http`, 443 for
/// `https`). User information in the authority is left out.
///
/// # Errors
///
/// Fails when `uri` has no authority, as a path-only URI has none.
pub(crate) fn host_from_uri(uri: &Uri) -> Result<String, Error> {
    let authority = uri.authority().ok_or_else(|| {
        Error::new(
            ErrorKind::Signing,
            "cannot sign a request without a host: set the Host header or use an absolute URI \
             such as https://example.com/path",
        )
    })?;
    let host = authority.host();
    let default_port = match uri.scheme_str() {
        Some(scheme) if scheme.eq_ignore_ascii_case("https") => Some(443),
        Some(scheme) if scheme.eq_ignore_ascii_case("http") => Some(80),
        _ => None,
    };
    match authority.port_u16() {
        Some(port) if Some(port) != default_port => Ok(format!("{host}:{port}")),
        _ => Ok(host.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn canonical_value(value: &[u8]) -> Result<String, Error> {
        let mut out = String::new();
        push_header_value(&mut out, "my-header", value)?;
        Ok(out)
    }

    fn host(uri: &str) -> String {
        let uri: Uri = uri.parse().expect("test URIs are valid");
        host_from_uri(&uri).expect("test URIs have an authority")
    }

    #[test]
    fn value_is_trimmed_and_spaces_collapsed() {
        let cases: [(&[u8], &str); 6] = [
            (b"value1", "value1"),
            (b"  value1  ", "value1"),
            (b"\"a   b   c\"", "\"a b c\""),
            (b"\t a  b \t", "a b"),
            (b"a\tb", "a\tb"),
            (b"   ", ""),
        ];
        for (value, expected) in cases {
            let canonical = canonical_value(value).expect("values without line breaks are valid");
            assert_eq!(
                canonical,
                expected,
                "value {:?}",
                String::from_utf8_lossy(value)
            );
        }
    }

    #[test]
    fn value_with_line_break_is_rejected() {
        for value in [&b"a\r\nb"[..], b"a\nb", b"a\rb", b"\n"] {
            let error = canonical_value(value).expect_err("line breaks are rejected");
            assert_eq!(error.kind(), ErrorKind::Signing);
            assert!(error.message().contains("`my-header`"), "{error}");
            assert!(error.message().contains("line break"), "{error}");
        }
    }

    #[test]
    fn value_with_invalid_utf8_is_rejected() {
        let error = canonical_value(b"caf\xe9").expect_err("Latin-1 bytes are rejected");
        assert_eq!(error.kind(), ErrorKind::Signing);
        assert!(error.message().contains("`my-header`"), "{error}");
        assert!(error.message().contains("UTF-8"), "{error}");
    }

    #[test]
    fn host_keeps_only_non_default_ports() {
        let cases = [
            ("https://example.com/", "example.com"),
            ("https://example.com:443/", "example.com"),
            ("https://example.com:8443/", "example.com:8443"),
            ("http://example.com:80/", "example.com"),
            ("http://example.com:443/", "example.com:443"),
            ("https://example.com:80/", "example.com:80"),
            ("http://localhost:4566/a?b=c", "localhost:4566"),
            ("https://user:secret@example.com:8443/", "example.com:8443"),
            ("https://[::1]:8443/", "[::1]:8443"),
            ("https://[::1]/", "[::1]"),
        ];
        for (uri, expected) in cases {
            assert_eq!(host(uri), expected, "URI {uri}");
        }
    }

    #[test]
    fn host_without_authority_is_an_error() {
        let uri: Uri = "/path?query".parse().expect("a path is a valid URI");
        let error = host_from_uri(&uri).expect_err("a path has no host");
        assert_eq!(error.kind(), ErrorKind::Signing);
        assert!(error.message().contains("Host header"), "{error}");
    }

    #[test]
    fn headers_are_sorted_joined_and_filtered() {
        let mut headers = HeaderMap::new();
        headers.append("My-Header1", HeaderValue::from_static("value4"));
        headers.append("Host", HeaderValue::from_static("example.com"));
        headers.append("my-header1", HeaderValue::from_static(" value1 "));
        headers.append("User-Agent", HeaderValue::from_static("curl"));
        headers.append("X-Amz-Date", HeaderValue::from_static("stale"));
        headers.append("X-Amz-Security-Token", HeaderValue::from_static("withheld"));
        let added = [AddedHeader {
            name: "x-amz-date",
            value: "20150830T123600Z",
        }];

        let mut out = String::new();
        let list = push_canonical_headers(&mut out, &headers, &added, &["x-amz-security-token"])
            .expect("all values are valid");

        assert_eq!(
            out,
            "host:example.com\nmy-header1:value4,value1\nx-amz-date:20150830T123600Z\n\n\
             host;my-header1;x-amz-date"
        );
        assert_eq!(&out[list], "host;my-header1;x-amz-date");
    }
}
