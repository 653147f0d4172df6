//! The location of a node in a rule set's JSON, such as
//! `rules[2].rules[0].conditions[1].argv[0]`, for load errors.

use std::fmt;

use crate::error::{Error, ErrorKind};

/// A location, linked to its parent on the stack so that building one
/// costs nothing until an error renders it.
#[derive(Clone, Copy)]
pub(super) struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    segment: Segment<'a>,
}

#[derive(Clone, Copy)]
enum Segment<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

impl<'a> Path<'a> {
    pub(super) const ROOT: Path<'static> = Path {
        parent: None,
        segment: Segment::Root,
    };

    /// Returns the location of the member `key` of this object.
    pub(super) fn key(&'a self, key: &'a str) -> Path<'a> {
        Path {
            parent: Some(self),
            segment: Segment::Key(key),
        }
    }

    /// Returns the location of the item `index` of this array.
    pub(super) fn index(&'a self, index: usize) -> Path<'a> {
        Path {
            parent: Some(self),
            segment: Segment::Index(index),
        }
    }

    /// Returns a configuration error about the node at this location.
    pub(super) fn error(&self, message: impl fmt::Display) -> Error {
        Error::new(
            ErrorKind::Config,
            format!("invalid endpoint rule set at {self}: {message}"),
        )
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut segments = Vec::new();
        let mut node = Some(self);
        while let Some(path) = node {
            segments.push(path.segment);
            node = path.parent;
        }

        let mut wrote_any = false;
        for segment in segments.iter().rev() {
            match segment {
                Segment::Root => {}
                Segment::Key(key) if is_identifier(key) => {
                    if wrote_any {
                        f.write_str(".")?;
                    }
                    f.write_str(key)?;
                }
                Segment::Key(key) => write!(f, "[{key:?}]")?,
                Segment::Index(index) => write!(f, "[{index}]")?,
            }
            wrote_any |= !matches!(segment, Segment::Root);
        }
        if !wrote_any {
            f.write_str("the top level")?;
        }
        Ok(())
    }
}

fn is_identifier(key: &str) -> bool {
    !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::Path;

    #[test]
    fn renders_keys_and_indices() {
        let rules = Path::ROOT.key("rules");
        let rule = rules.index(2);
        let headers = rule.key("headers");
        let header = headers.key("x-amz-id");
        assert_eq!(header.to_string(), "rules[2].headers[\"x-amz-id\"]");
        assert_eq!(Path::ROOT.to_string(), "the top level");
    }
}
