//! The canonical URI of a request: its path, optionally normalized, then
//! percent-encoded once more (every AWS service except S3) or brought to a
//! canonical single encoding (S3).

use std::borrow::Cow;

use super::encoding::{push_encoded_path, push_reencoded, UriComponent};
use super::settings::SigningSettings;

/// Appends the canonical URI for `path`, the path as sent on the wire.
pub(crate) fn push_canonical_path(out: &mut String, path: &str, settings: &SigningSettings) {
    let path = if path.is_empty() { "/" } else { path };
    let path = if settings.normalize_uri_path {
        normalize_path(path)
    } else {
        Cow::Borrowed(path)
    };

    if settings.double_uri_encode {
        push_encoded_path(out, &path);
    } else {
        push_reencoded(out, &path, UriComponent::Path);
    }
}

/// Removes `.` and `..` segments and empty segments, and makes the path
/// start with `/`.
///
/// A trailing `/` is kept, and a path that ends in `.` or `..` gets one, as
/// in the dot-segment removal of RFC 3986, section 5.2.4. A `..` at the root
/// stays at the root.
fn normalize_path(path: &str) -> Cow<'_, str> {
    if is_normalized(path) {
        return Cow::Borrowed(path);
    }

    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            _ => segments.push(segment),
        }
    }
    let last_segment = path.rsplit('/').next().unwrap_or_default();
    let ends_as_directory = matches!(last_segment, "" | "." | "..");

    let mut normalized = String::with_capacity(path.len());
    for segment in &segments {
        normalized.push('/');
        normalized.push_str(segment);
    }
    if ends_as_directory || segments.is_empty() {
        normalized.push('/');
    }
    Cow::Owned(normalized)
}

/// Returns whether `path` starts with `/` and has no empty, `.` or `..`
/// segment other than the empty one after a trailing `/`.
fn is_normalized(path: &str) -> bool {
    let Some(rest) = path.strip_prefix('/') else {
        return false;
    };
    if rest.is_empty() {
        return true;
    }
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    rest.split('/')
        .all(|segment| !matches!(segment, "" | "." | ".."))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical(path: &str, normalize: bool, double_encode: bool) -> String {
        let settings = SigningSettings {
            normalize_uri_path: normalize,
            double_uri_encode: double_encode,
            ..SigningSettings::default()
        };
        let mut out = String::new();
        push_canonical_path(&mut out, path, &settings);
        out
    }

    #[test]
    fn normalize_removes_dot_and_empty_segments() {
        let cases = [
            ("/", "/"),
            ("", "/"),
            ("//", "/"),
            ("/./", "/"),
            ("/./example", "/example"),
            ("//example//", "/example/"),
            ("/example/..", "/"),
            ("/example1/example2/../..", "/"),
            ("/a/b/../c/./d", "/a/c/d"),
            ("/a/b/.", "/a/b/"),
            ("/..", "/"),
            ("/../a", "/a"),
            ("/a/", "/a/"),
            ("/a.b/..c/...", "/a.b/..c/..."),
            ("a/b", "/a/b"),
        ];
        for (path, expected) in cases {
            assert_eq!(normalize_path(path), expected, "path {path:?}");
        }
    }

    #[test]
    fn normalize_borrows_normalized_paths() {
        for path in ["/", "/a", "/a/", "/a/b.c/d"] {
            assert!(
                matches!(normalize_path(path), Cow::Borrowed(_)),
                "path {path:?}"
            );
        }
    }

    #[test]
    fn double_encoding_encodes_escapes_again() {
        assert_eq!(
            canonical("/functions/arn%3Aaws%3Alambda/invocations", true, true),
            "/functions/arn%253Aaws%253Alambda/invocations"
        );
        assert_eq!(canonical("/a%20b", true, true), "/a%2520b");
        assert_eq!(canonical("/@x", true, true), "/%40x");
    }

    #[test]
    fn single_encoding_keeps_escapes() {
        assert_eq!(canonical("/a%20b/c%2Fd", false, false), "/a%20b/c%2Fd");
        assert_eq!(canonical("/a%7Eb/@", false, false), "/a~b/%40");
    }

    #[test]
    fn unnormalized_path_is_encoded_as_is() {
        assert_eq!(canonical("//a/./b/..", false, true), "//a/./b/..");
        assert_eq!(canonical("", false, true), "/");
    }
}
