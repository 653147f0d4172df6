//! Lower-case hex for hashes and signatures, and the percent-encoding that
//! SigV4 prescribes for URIs: every byte except the unreserved characters
//! of RFC 3986 (`A-Z a-z 0-9 - _ . ~`) becomes `%XY` with upper-case hex
//! digits.

const LOWER_HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";
const UPPER_HEX_DIGITS: &[u8; 16] = b"0123456789ABCDEF";

/// Appends `bytes` as lower-case hex.
pub(crate) fn push_hex(out: &mut String, bytes: &[u8]) {
    out.reserve(bytes.len() * 2);
    for &byte in bytes {
        out.push(char::from(LOWER_HEX_DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(LOWER_HEX_DIGITS[usize::from(byte & 0x0f)]));
    }
}

/// Returns whether RFC 3986 lists `byte` as unreserved, which SigV4 never
/// encodes.
pub(crate) fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~')
}

/// Appends `%XY` for `byte`.
fn push_escape(out: &mut String, byte: u8) {
    out.push('%');
    out.push(char::from(UPPER_HEX_DIGITS[usize::from(byte >> 4)]));
    out.push(char::from(UPPER_HEX_DIGITS[usize::from(byte & 0x0f)]));
}

/// The part of a URI that a string comes from, which decides how `/` and
/// `+` are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UriComponent {
    /// A path: `/` separates segments and is kept, and `+` is a plus sign.
    Path,
    /// A query parameter name or value: `/` is encoded, and `+` is a space,
    /// as in HTML form encoding.
    Query,
}

/// Appends `path` with every byte percent-encoded except unreserved
/// characters and `/`.
///
/// An escape already in `path` is encoded again: `%3A` becomes `%253A`.
pub(crate) fn push_encoded_path(out: &mut String, path: &str) {
    out.reserve(path.len());
    for &byte in path.as_bytes() {
        if is_unreserved(byte) || byte == b'/' {
            out.push(char::from(byte));
        } else {
            push_escape(out, byte);
        }
    }
}

/// Appends `input`, which may already be percent-encoded, in canonical
/// single encoding.
///
/// A valid escape `%XY` is decoded and encoded again, so `%7e` becomes `~`
/// and `%3a` becomes `%3A`, and a decoded `/` stays `%2F`. Every other byte
/// except unreserved characters is encoded, including a `%` that starts no
/// valid escape, which becomes `%25`. `component` decides whether a literal
/// `/` is kept and whether `+` means a space.
pub(crate) fn push_reencoded(out: &mut String, input: &str, component: UriComponent) {
    out.reserve(input.len());
    let bytes = input.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        if byte == b'%' {
            if let Some(decoded) = decode_escape(bytes, index) {
                if is_unreserved(decoded) {
                    out.push(char::from(decoded));
                } else {
                    push_escape(out, decoded);
                }
                index += 3;
                continue;
            }
        }
        match (byte, component) {
            (b'/', UriComponent::Path) => out.push('/'),
            (b'+', UriComponent::Query) => out.push_str("%20"),
            _ if is_unreserved(byte) => out.push(char::from(byte)),
            _ => push_escape(out, byte),
        }
        index += 1;
    }
}

/// Returns the byte that the escape at `bytes[start]` (a `%`) stands for, or
/// `None` when two hex digits do not follow.
fn decode_escape(bytes: &[u8], start: usize) -> Option<u8> {
    let high = hex_value(*bytes.get(start + 1)?)?;
    let low = hex_value(*bytes.get(start + 2)?)?;
    Some(high << 4 | low)
}

fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded_path(path: &str) -> String {
        let mut out = String::new();
        push_encoded_path(&mut out, path);
        out
    }

    fn reencoded(input: &str, component: UriComponent) -> String {
        let mut out = String::new();
        push_reencoded(&mut out, input, component);
        out
    }

    #[test]
    fn hex_is_lower_case() {
        let mut out = String::new();
        push_hex(&mut out, &[0x00, 0x0f, 0xa5, 0xff]);
        assert_eq!(out, "000fa5ff");
    }

    #[test]
    fn path_encoding_keeps_only_unreserved_and_slash() {
        let unreserved = "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        assert_eq!(encoded_path(unreserved), unreserved);
        assert_eq!(encoded_path("/a b+c=d&e"), "/a%20b%2Bc%3Dd%26e");
        assert_eq!(encoded_path("!$'()*,;:@"), "%21%24%27%28%29%2A%2C%3B%3A%40");
    }

    #[test]
    fn path_encoding_encodes_escapes_again() {
        assert_eq!(encoded_path("arn%3Aaws"), "arn%253Aaws");
        assert_eq!(encoded_path("@x%3D"), "%40x%253D");
    }

    #[test]
    fn path_encoding_writes_utf8_bytes() {
        assert_eq!(encoded_path("/\u{1234}"), "/%E1%88%B4");
    }

    #[test]
    fn reencode_normalizes_escapes() {
        for component in [UriComponent::Path, UriComponent::Query] {
            assert_eq!(reencoded("%7e%41%3a", component), "~A%3A", "{component:?}");
            assert_eq!(
                reencoded("%E1%88%B4", component),
                "%E1%88%B4",
                "{component:?}"
            );
            assert_eq!(
                reencoded("\u{1234}", component),
                "%E1%88%B4",
                "{component:?}"
            );
            assert_eq!(reencoded("a%2Fb", component), "a%2Fb", "{component:?}");
        }
    }

    #[test]
    fn reencode_reads_slash_and_plus_per_component() {
        assert_eq!(reencoded("a/b+c", UriComponent::Path), "a/b%2Bc");
        assert_eq!(reencoded("a/b+c", UriComponent::Query), "a%2Fb%20c");
        assert_eq!(reencoded("a%2Bb", UriComponent::Query), "a%2Bb");
    }

    #[test]
    fn reencode_encodes_stray_percent() {
        for component in [UriComponent::Path, UriComponent::Query] {
            assert_eq!(reencoded("100%", component), "100%25", "{component:?}");
            assert_eq!(reencoded("%zz", component), "%25zz", "{component:?}");
            assert_eq!(reencoded("%4", component), "%254", "{component:?}");
        }
    }
}
