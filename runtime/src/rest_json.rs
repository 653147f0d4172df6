//! The part of the AWS restJson1 protocol that is the same for every
//! operation and is not an HTTP binding helper: encoding URI labels.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::error::{Error, ErrorKind};

/// Characters that stay as they are in a label: RFC 3986's unreserved set.
/// Everything else, including `/`, is percent-encoded, so a label can never
/// change the path.
const LABEL: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes the value of label `name` for the request path.
///
/// # Errors
///
/// Fails with [`ErrorKind::InvalidInput`] when the value is missing or empty,
/// because the path would then address a different resource.
pub fn label(name: &str, value: Option<&str>) -> Result<String, Error> {
    match value {
        // `.` and `..` are unreserved, but as a whole segment they would
        // address another path once a server or signer removes dot segments.
        Some(".") => Ok("%2E".to_string()),
        Some("..") => Ok("%2E%2E".to_string()),
        Some(value) if !value.is_empty() => Ok(utf8_percent_encode(value, LABEL).to_string()),
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
