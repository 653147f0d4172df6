//! Finds the shared test material (the SigV4 suite, real AWS models, the
//! Smithy test suites) that ingot's tests read in place and never copy.
//!
//! The folder is `INGOT_TEST_DATA` when that is set, else `shared` beside the
//! checkout. When it is missing, a test skips with one line on stderr, except
//! under `CI`, where missing data must fail the run instead of passing quietly.

use std::path::{Path, PathBuf};

/// Returns `relative` inside the shared test folder, or `None` when the
/// folder is missing outside CI, after printing one line that names what
/// was skipped.
///
/// # Panics
///
/// Panics when the data is missing and the `CI` environment variable is set.
pub fn require(relative: &str, what: &str) -> Option<PathBuf> {
    let root = shared_root();
    let path = root.join(relative);
    if path.exists() {
        return Some(path);
    }

    if std::env::var_os("CI").is_some() {
        panic!(
            "{what}: test data {} not found; set INGOT_TEST_DATA to the shared folder",
            path.display()
        );
    }
    eprintln!(
        "skipped {what}: {} not found (set INGOT_TEST_DATA to the shared folder)",
        path.display()
    );
    None
}

/// Returns the shared test folder, whether or not it exists.
pub fn shared_root() -> PathBuf {
    if let Some(dir) = std::env::var_os("INGOT_TEST_DATA") {
        return PathBuf::from(dir);
    }
    workspace_root()
        .parent()
        .unwrap_or_else(|| Path::new("/"))
        .join("shared")
}

/// Returns the root of the ingot checkout.
pub fn workspace_root() -> PathBuf {
    // This crate sits one level below the workspace root.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}
