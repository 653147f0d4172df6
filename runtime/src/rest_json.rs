//! The part of the AWS restJson1 protocol that is the same for every
//! operation and is not an HTTP binding helper: encoding URI labels.

use crate::error::{Error, ErrorKind};
use crate::http_binding::encode_segment;

/// Percent-encodes the value of label `name` for the request path. Every
/// character outside RFC 3986's unreserved set is encoded, `/` included,
/// and a whole `.` or `..` too, so a label can never change the path.
///
/// # Errors
///
/// Fails with [`ErrorKind::InvalidInput`] when the value is missing or empty,
/// because the path would then address a different resource.
pub fn label(name: &str, value: Option<&str>) -> Result<String, Error> {
    match value {
        Some(value) if !value.is_empty() => Ok(encode_segment(value)),
        _ => Err(Error::new(
            ErrorKind::InvalidInput,
            format!("missing value for `{name}`: it is part of the request path and must not be empty"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_encodes_reserved_characters() {
        let encoded = label("name", Some("a b/ä%?#..")).unwrap();
        assert_eq!(encoded, "a%20b%2F%C3%A4%25%3F%23..");
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
