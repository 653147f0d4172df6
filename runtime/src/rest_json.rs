//! The part of the AWS restJson1 protocol that is the same for every
//! operation and is not an HTTP binding helper: encoding URI labels.

use crate::error::Error;
use crate::http_binding::{encode_segment, label_value};

/// Percent-encodes the value of label `name` for the request path. Every
/// character outside RFC 3986's unreserved set is encoded, `/` included,
/// and a whole `.` or `..` too, so a label can never change the path.
///
/// # Errors
///
/// Fails with [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput)
/// when the value is missing or empty, because the path would then address
/// a different resource, or contains a line break.
pub fn label(name: &str, value: Option<&str>) -> Result<String, Error> {
    label_value(name, value).map(encode_segment)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn label_encodes_reserved_characters() {
        let encoded = label("name", Some("a b/ä%?#..")).unwrap();
        assert_eq!(encoded, "a%20b%2F%C3%A4%25%3F%23..");
    }

    #[test]
    fn label_rejects_line_breaks() {
        for value in ["a\rb", "a\nb", "a\r\nX-Injected: 1"] {
            let error = label("name", Some(value)).unwrap_err();
            assert_eq!(error.kind(), ErrorKind::InvalidInput, "{value:?}");
            assert!(error.message().contains("`name`"), "{error}");
            assert!(error.message().contains("CR or LF"), "{error}");
        }
    }

    #[test]
    fn dot_segments_are_encoded() {
        assert_eq!(label("name", Some(".")).unwrap(), "%2E");
        assert_eq!(label("name", Some("..")).unwrap(), "%2E%2E");
        assert_eq!(label("name", Some("a..b")).unwrap(), "a..b");
    }

    #[test]
    fn empty_label_is_rejected() {
        let error = label("workflowName", Some("")).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidInput);
        assert!(error.to_string().contains("workflowName"), "{error}");
    }
}
