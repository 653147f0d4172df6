//! Writes a generated crate to disk, or checks that the files on disk match
//! it. Everything is generated in memory first, so a broken model writes
//! nothing. Each changed file is then replaced through a rename, so a reader
//! never reads half a file.

use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};

use crate::emit::Files;

/// The files a write changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Files created or changed, relative to the crate folder.
    pub written: Vec<String>,
    /// Generated files left from an earlier model that were removed.
    pub removed: Vec<String>,
    pub unchanged: usize,
}

/// Writes `files` below `out_dir`, leaving unchanged files untouched and
/// removing stale generated sources.
///
/// # Errors
///
/// Fails with the path when a file cannot be written or removed.
pub fn write_tree(out_dir: &Path, files: &Files) -> io::Result<WriteReport> {
    let mut report = WriteReport::default();

    for (relative, contents) in files {
        let path = out_dir.join(relative);
        if std::fs::read(&path).is_ok_and(|old| old == contents.as_bytes()) {
            report.unchanged += 1;
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| with_path(e, parent))?;
        }
        let temporary = temporary_path(&path);
        std::fs::write(&temporary, contents).map_err(|e| with_path(e, &temporary))?;
        std::fs::rename(&temporary, &path).map_err(|e| with_path(e, &path))?;
        report.written.push(relative.clone());
    }

    for relative in orphans(out_dir, files)? {
        let path = out_dir.join(&relative);
        std::fs::remove_file(&path).map_err(|e| with_path(e, &path))?;
        report.removed.push(relative);
    }
    Ok(report)
}

/// Returns the files below `out_dir` that differ from `files`, are missing,
/// or are generated sources that the model no longer produces.
///
/// # Errors
///
/// Fails when the output folder cannot be read.
pub fn stale_files(out_dir: &Path, files: &Files) -> io::Result<Vec<String>> {
    let mut stale: Vec<String> = files
        .iter()
        .filter(|(relative, contents)| {
            std::fs::read(out_dir.join(relative)).map_or(true, |old| old != contents.as_bytes())
        })
        .map(|(relative, _)| relative.clone())
        .collect();
    stale.extend(orphans(out_dir, files)?);
    stale.sort();
    Ok(stale)
}

/// Returns the `.rs` files under `src/` that `files` does not contain.
/// Only `src/` and `Cargo.toml` belong to the generator; examples and tests
/// beside them are written by hand and left alone.
fn orphans(out_dir: &Path, files: &Files) -> io::Result<Vec<String>> {
    let expected: BTreeSet<&str> = files.keys().map(String::as_str).collect();
    let mut found = Vec::new();
    let src = out_dir.join("src");
    if src.is_dir() {
        collect_rust_files(&src, &mut found)?;
    }
    Ok(found
        .into_iter()
        .filter_map(|path| {
            let relative = path.strip_prefix(out_dir).ok()?.to_string_lossy().replace('\\', "/");
            (!expected.contains(relative.as_str())).then_some(relative)
        })
        .collect())
}

fn collect_rust_files(dir: &Path, found: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir).map_err(|e| with_path(e, dir))? {
        let path = entry?.path();
        if path.is_dir() {
            collect_rust_files(&path, found)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
    Ok(())
}

fn temporary_path(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}.ingot-tmp"))
}

fn with_path(error: io::Error, path: &Path) -> io::Error {
    io::Error::new(error.kind(), format!("{}: {error}", path.display()))
}
