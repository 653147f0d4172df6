//! Locating and reading the two shared files: paths from `AWS_CONFIG_FILE`
//! and `AWS_SHARED_CREDENTIALS_FILE` or the defaults under `~/.aws`, with
//! `~` expanded through [`Env`].

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::parser::{self, FileKind, ParseError, ParsedFile};
use crate::env::Env;
use crate::error::{Error, ErrorKind};

/// One shared file: where it was looked for and what was found there.
#[derive(Clone, Debug)]
pub struct SharedFile {
    kind: FileKind,
    location: Location,
    parsed: Option<ParsedFile>,
}

#[derive(Clone, Debug)]
enum Location {
    Path {
        path: PathBuf,
        /// The variable that named the path, or `None` for the default.
        variable: Option<&'static str>,
    },
    /// The path starts with `~` and no home directory is known.
    NoHome { written: String },
}

impl SharedFile {
    /// Returns which of the two files this is.
    pub fn kind(&self) -> FileKind {
        self.kind
    }

    /// Returns the path, or `None` when it starts with `~` and neither
    /// `HOME` nor `USERPROFILE` is set.
    pub fn path(&self) -> Option<&Path> {
        match &self.location {
            Location::Path { path, .. } => Some(path),
            Location::NoHome { .. } => None,
        }
    }

    /// Returns the parsed contents, or `None` when the file does not exist
    /// or its path could not be resolved.
    pub fn parsed(&self) -> Option<&ParsedFile> {
        self.parsed.as_ref()
    }

    /// Returns a phrase naming the file for error messages, such as `the
    /// config file /home/me/.aws/config (not found)`.
    pub fn describe(&self) -> String {
        match &self.location {
            Location::Path { path, variable } => {
                let mut notes = Vec::new();
                if let Some(variable) = variable {
                    notes.push(format!("from {variable}"));
                }
                if self.parsed.is_none() {
                    notes.push("not found".to_owned());
                }
                if notes.is_empty() {
                    format!("the {} {}", self.kind, path.display())
                } else {
                    format!("the {} {} ({})", self.kind, path.display(), notes.join(", "))
                }
            }
            Location::NoHome { written } => format!(
                "the {} {written} (not read: no home directory, because HOME and USERPROFILE are not set)",
                self.kind
            ),
        }
    }

    /// Returns `PATH:LINE` for a line of this file.
    pub fn position(&self, line: usize) -> String {
        match &self.location {
            Location::Path { path, .. } => format!("{}:{line}", path.display()),
            Location::NoHome { written } => format!("{written}:{line}"),
        }
    }

    /// Locates the file of `kind` through `env` and reads it. A file that
    /// does not exist is read as empty.
    pub(super) fn load(kind: FileKind, env: &Env) -> Result<Self, LoadError> {
        let (variable, default) = match kind {
            FileKind::Config => ("AWS_CONFIG_FILE", "~/.aws/config"),
            FileKind::Credentials => ("AWS_SHARED_CREDENTIALS_FILE", "~/.aws/credentials"),
        };
        let (written, variable) = match env.get_str(variable).filter(|v| !v.is_empty()) {
            Some(path) => (path, Some(variable)),
            None => (default, None),
        };

        let location = match expand_home(written, home_dir(env).as_deref()) {
            Some(path) => Location::Path { path, variable },
            None => Location::NoHome {
                written: written.to_owned(),
            },
        };
        let parsed = match &location {
            Location::Path { path, .. } => read_and_parse(kind, path)?,
            Location::NoHome { .. } => None,
        };

        Ok(Self {
            kind,
            location,
            parsed,
        })
    }
}

fn read_and_parse(kind: FileKind, path: &Path) -> Result<Option<ParsedFile>, LoadError> {
    let load_error = |cause| LoadError {
        kind,
        path: path.to_owned(),
        cause,
    };

    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(load_error(Cause::Read(Arc::new(error)))),
    };
    let text = String::from_utf8(bytes).map_err(|error| {
        let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        load_error(Cause::Parse(ParseError::invalid_utf8(line)))
    })?;
    let parsed = parser::parse(&text, kind).map_err(|error| load_error(Cause::Parse(error)))?;
    Ok(Some(parsed))
}

/// Returns the home directory: `HOME`, else `USERPROFILE`, else
/// `HOMEDRIVE` followed by `HOMEPATH`, as the AWS SDKs look it up.
fn home_dir(env: &Env) -> Option<PathBuf> {
    let non_empty = |name| env.get_str(name).filter(|v| !v.is_empty());

    if let Some(home) = non_empty("HOME").or_else(|| non_empty("USERPROFILE")) {
        return Some(PathBuf::from(home));
    }
    match (non_empty("HOMEDRIVE"), non_empty("HOMEPATH")) {
        (Some(drive), Some(path)) => Some(PathBuf::from(format!("{drive}{path}"))),
        _ => None,
    }
}

/// Replaces a leading `~` (alone, or followed by a path separator) with
/// `home`. Returns `None` when the path needs a home directory and none is
/// known. `~user` forms are kept as they are.
fn expand_home(path: &str, home: Option<&Path>) -> Option<PathBuf> {
    let rest = if path == "~" {
        ""
    } else if let Some(rest) = path.strip_prefix("~/") {
        rest
    } else if let Some(rest) = path.strip_prefix("~\\").filter(|_| cfg!(windows)) {
        rest
    } else {
        return Some(PathBuf::from(path));
    };
    Some(home?.join(rest))
}

/// A shared file that exists but cannot be read or parsed.
#[derive(Clone, Debug)]
pub struct LoadError {
    kind: FileKind,
    path: PathBuf,
    cause: Cause,
}

#[derive(Clone, Debug)]
enum Cause {
    Read(Arc<io::Error>),
    Parse(ParseError),
}

impl LoadError {
    /// Returns which of the two files failed.
    pub fn kind(&self) -> FileKind {
        self.kind
    }

    /// Returns the path of the file that failed.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Returns the 1-based line number of a syntax error, or `None` when
    /// reading the file failed.
    pub fn line(&self) -> Option<usize> {
        match &self.cause {
            Cause::Read(_) => None,
            Cause::Parse(error) => Some(error.line()),
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.cause {
            Cause::Read(_) => write!(
                f,
                "failed to read the {} {}",
                self.kind,
                self.path.display()
            ),
            Cause::Parse(error) => write!(
                f,
                "invalid {} {}: line {}: {}",
                self.kind,
                self.path.display(),
                error.line(),
                error.message()
            ),
        }
    }
}

impl std::error::Error for LoadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.cause {
            Cause::Read(error) => Some(error.as_ref()),
            // The message already contains the line and what is wrong.
            Cause::Parse(_) => None,
        }
    }
}

impl From<LoadError> for Error {
    fn from(error: LoadError) -> Self {
        let converted = Error::new(ErrorKind::Config, error.to_string());
        match error.cause {
            Cause::Read(io_error) => converted.with_source(io_error),
            Cause::Parse(_) => converted,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn home_from_home_variable() {
        let env = Env::from_pairs([("HOME", "/h"), ("USERPROFILE", "/u")]);

        assert_eq!(home_dir(&env), Some(PathBuf::from("/h")));
    }

    #[test]
    fn home_falls_back_to_userprofile() {
        let env = Env::from_pairs([("HOME", ""), ("USERPROFILE", "/u")]);

        assert_eq!(home_dir(&env), Some(PathBuf::from("/u")));
    }

    #[test]
    fn home_falls_back_to_drive_and_path() {
        let env = Env::from_pairs([("HOMEDRIVE", "C:"), ("HOMEPATH", "\\Users\\me")]);

        assert_eq!(home_dir(&env), Some(PathBuf::from("C:\\Users\\me")));
    }

    #[test]
    fn home_unknown_without_variables() {
        let env = Env::from_pairs([("HOMEDRIVE", "C:")]);

        assert_eq!(home_dir(&env), None);
    }

    #[test]
    fn expand_home_cases() {
        let home = Path::new("/h");

        assert_eq!(expand_home("~", Some(home)), Some(PathBuf::from("/h")));
        assert_eq!(
            expand_home("~/.aws/config", Some(home)),
            Some(PathBuf::from("/h/.aws/config"))
        );
        assert_eq!(
            expand_home("/etc/aws", Some(home)),
            Some(PathBuf::from("/etc/aws"))
        );
        assert_eq!(
            expand_home("~other/config", Some(home)),
            Some(PathBuf::from("~other/config"))
        );
        assert_eq!(expand_home("~/.aws/config", None), None);
        assert_eq!(
            expand_home("relative/config", None),
            Some(PathBuf::from("relative/config"))
        );
    }

    #[test]
    fn unresolved_home_is_described() {
        let env = Env::from_pairs(Vec::<(String, String)>::new());
        let file = SharedFile::load(FileKind::Config, &env).expect("nothing to read");

        assert_eq!(file.path(), None);
        assert!(file.parsed().is_none());
        let description = file.describe();
        assert!(description.contains("~/.aws/config"), "{description}");
        assert!(
            description.contains("HOME and USERPROFILE"),
            "{description}"
        );
    }
}
