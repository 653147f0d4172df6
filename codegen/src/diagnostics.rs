//! Problems found in a model, each with the file, the place in it and the
//! shape it concerns, collected so that the user sees all of them at once.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::model::ShapeId;

/// Where in a source file something was found: a JSON path such as
/// `$.shapes["a.b#C"].members.d`, or a line and column for syntax errors.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// The file, or `<prelude>` for built-in shapes.
    pub file: PathBuf,
    /// The JSON path or `line:column` inside the file.
    pub position: String,
}

impl Location {
    /// Creates a location at `position` in `file`.
    pub fn new(file: &Path, position: impl Into<String>) -> Self {
        Self {
            file: file.to_path_buf(),
            position: position.into(),
        }
    }

    /// Returns the location of a key below this JSON path.
    pub fn key(&self, key: &str) -> Self {
        let simple = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        let position = if simple {
            format!("{}.{key}", self.position)
        } else {
            format!("{}[{key:?}]", self.position)
        };
        Self {
            file: self.file.clone(),
            position,
        }
    }

    /// Returns the location of an array element below this JSON path.
    pub fn index(&self, index: usize) -> Self {
        Self {
            file: self.file.clone(),
            position: format!("{}[{index}]", self.position),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file.display(), self.position)
    }
}

/// One problem in a model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where the problem is.
    pub location: Location,
    /// The shape the problem concerns, when there is one.
    pub shape: Option<ShapeId>,
    /// What is wrong, as a short sentence.
    pub message: String,
    /// What the user can do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// Creates a diagnostic at `location`.
    pub fn new(location: Location, message: impl Into<String>) -> Self {
        Self {
            location,
            shape: None,
            message: message.into(),
            hint: None,
        }
    }

    /// Names the shape the problem concerns.
    pub fn shape(mut self, shape: &ShapeId) -> Self {
        self.shape = Some(shape.clone());
        self
    }

    /// Adds what the user can do about it.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.message)?;
        write!(f, "\n  --> {}", self.location)?;
        if let Some(shape) = &self.shape {
            write!(f, "\n  shape: {shape}")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Every problem found, sorted by file and position.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// Adds one problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// Adds every problem of `other`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    /// Returns whether no problem was found.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Returns the problems.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// Returns `Ok(value)` when no problem was found, else all problems.
    pub fn into_result<T>(mut self, value: T) -> Result<T, Diagnostics> {
        if self.0.is_empty() {
            return Ok(value);
        }
        self.0.sort_by(|a, b| a.location.cmp(&b.location));
        self.0.dedup();
        Err(self)
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Self(vec![diagnostic])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.0 {
            writeln!(f, "{diagnostic}")?;
        }
        let count = self.0.len();
        write!(
            f,
            "{count} problem{} found; nothing was written",
            if count == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Diagnostics {}
