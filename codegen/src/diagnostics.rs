//! Problems found in a model, each with the file, the place in it and the
//! shape it concerns, collected so that the user sees all of them at once.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::model::ShapeId;

/// A line and column in a source file, both counted from 1; columns count
/// characters, not bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineColumn {
    pub line: u32,
    pub column: u32,
}

impl fmt::Display for LineColumn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// The line and column of JSON paths such as `$.shapes["a#B"].members.c` in
/// an IDL file, so that a location built from a JSON path can name the line
/// the element was written on.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Positions(HashMap<String, LineColumn>);

impl Positions {
    /// Records that the element at JSON path `path` was written at `at`.
    pub fn insert(&mut self, path: impl Into<String>, at: LineColumn) {
        self.0.insert(path.into(), at);
    }

    /// Returns where the element at JSON path `path` was written.
    pub fn get(&self, path: &str) -> Option<LineColumn> {
        self.0.get(path).copied()
    }

    /// Returns whether no position is recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Shares a file's [`Positions`] between its locations; two locations are
/// equal whatever table they share, since the table only refines `line`.
#[derive(Clone, Default)]
struct SharedPositions(Option<Arc<Positions>>);

impl fmt::Debug for SharedPositions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() { "Some(..)" } else { "None" })
    }
}

impl PartialEq for SharedPositions {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for SharedPositions {}

impl PartialOrd for SharedPositions {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SharedPositions {
    fn cmp(&self, _: &Self) -> std::cmp::Ordering {
        std::cmp::Ordering::Equal
    }
}

/// Where in a source file something was found: a JSON path such as
/// `$.shapes["a.b#C"].members.d`, plus the line and column when the file is
/// Smithy IDL or the problem is a syntax error.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// The file, or `<prelude>` for built-in shapes.
    pub file: PathBuf,
    /// The line and column in the file, when known. Locations below a known
    /// one keep its line until a more precise one is recorded.
    pub line: Option<LineColumn>,
    /// The JSON path inside the file; for an IDL file, the path the element
    /// has in the equivalent JSON AST.
    pub position: String,
    positions: SharedPositions,
}

impl Location {
    /// Creates a location at `position` in `file`.
    pub fn new(file: &Path, position: impl Into<String>) -> Self {
        Self {
            file: file.to_path_buf(),
            line: None,
            position: position.into(),
            positions: SharedPositions::default(),
        }
    }

    /// Creates the location of line `line`, column `column` in `file`, as
    /// syntax errors report it.
    pub fn at_line(file: &Path, at: LineColumn) -> Self {
        Self {
            file: file.to_path_buf(),
            line: Some(at),
            position: at.to_string(),
            positions: SharedPositions::default(),
        }
    }

    /// Returns this location with the positions of `positions`: this and
    /// every location derived with [`key`](Self::key) or
    /// [`index`](Self::index) take the line of their JSON path from it.
    pub fn with_positions(mut self, positions: Arc<Positions>) -> Self {
        if let Some(line) = positions.get(&self.position) {
            self.line = Some(line);
        }
        self.positions = SharedPositions(Some(positions));
        self
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
        self.below(position)
    }

    /// Returns the location of an array element below this JSON path.
    pub fn index(&self, index: usize) -> Self {
        self.below(format!("{}[{index}]", self.position))
    }

    fn below(&self, position: String) -> Self {
        let recorded = self.positions.0.as_ref().and_then(|p| p.get(&position));
        Self {
            file: self.file.clone(),
            line: recorded.or(self.line),
            position,
            positions: self.positions.clone(),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            // `file:line:column` is the form editors and terminals link to.
            Some(line) => write!(f, "{}:{line}", self.file.display()),
            None => write!(f, "{}: {}", self.file.display(), self.position),
        }
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
