//! Smithy shape ids: `namespace#Name` with an optional `$member`.

use std::fmt;

/// An absolute shape id such as `smithy.api#String` or `a.b#Shape$member`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ShapeId {
    namespace: String,
    name: String,
    member: Option<String>,
}

impl ShapeId {
    /// Parses an absolute shape id, returning why it is invalid otherwise.
    pub fn parse(text: &str) -> Result<Self, String> {
        let (namespace, rest) = text
            .split_once('#')
            .ok_or_else(|| format!("invalid shape id {text:?}: expected `namespace#Name`"))?;
        let (name, member) = match rest.split_once('$') {
            Some((name, member)) => (name, Some(member)),
            None => (rest, None),
        };

        if namespace.is_empty() || !namespace.split('.').all(is_identifier) {
            return Err(format!("invalid shape id {text:?}: invalid namespace {namespace:?}"));
        }
        if !is_identifier(name) {
            return Err(format!("invalid shape id {text:?}: invalid name {name:?}"));
        }
        if let Some(member) = member {
            if !is_identifier(member) {
                return Err(format!("invalid shape id {text:?}: invalid member name {member:?}"));
            }
        }

        Ok(Self {
            namespace: namespace.to_string(),
            name: name.to_string(),
            member: member.map(str::to_string),
        })
    }

    /// Returns the id of member `member` of this shape.
    pub fn with_member(&self, member: &str) -> Self {
        Self {
            namespace: self.namespace.clone(),
            name: self.name.clone(),
            member: Some(member.to_string()),
        }
    }

    /// Returns the namespace, such as `smithy.api`.
    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    /// Returns the shape name without namespace and member.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Returns the member name, when this id names a member.
    pub fn member(&self) -> Option<&str> {
        self.member.as_deref()
    }
}

impl fmt::Display for ShapeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.namespace, self.name)?;
        if let Some(member) = &self.member {
            write!(f, "${member}")?;
        }
        Ok(())
    }
}

/// Returns whether `text` is a Smithy identifier: a letter or `_` first,
/// then letters, digits and `_`, with at least one letter or digit.
pub fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !(first.is_ascii_alphabetic() || first == '_') {
        return false;
    }
    let rest_valid = text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    rest_valid && text.chars().any(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_valid_ids() {
        let id = ShapeId::parse("com.example#Shape$member").unwrap();
        assert_eq!(id.namespace(), "com.example");
        assert_eq!(id.name(), "Shape");
        assert_eq!(id.member(), Some("member"));
        assert_eq!(id.to_string(), "com.example#Shape$member");
    }

    #[test]
    fn parse_rejects_invalid_ids() {
        for text in ["Shape", "#Shape", "a#", "a..b#C", "a#1C", "a#C$", "a#C$1x", "a#__"] {
            assert!(ShapeId::parse(text).is_err(), "{text} must be rejected");
        }
    }
}
