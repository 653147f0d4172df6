//! Clean release builds of the two minimal programs in `bench/programs/`,
//! each in a fresh target folder, their binary sizes, the rebuild after
//! touching `main.rs`, and one run of each against the loopback server.

use std::path::Path;
use std::process::Command;
use std::time::{Instant, SystemTime};

use ingot_runtime::json::{Map, Value};

use super::machine::LoadSampler;
use super::{cargo, output_of, parse_json, Paths};

/// The programs, by folder under `bench/programs/`; each package is
/// `program-<folder>` and builds a binary of that name.
const PROGRAMS: &[&str] = &["ingot", "official"];

pub fn run(paths: &Paths, quick: bool, load: &mut LoadSampler) -> Result<Value, String> {
    // Download every dependency first, so that the timed builds run
    // offline and measure compiling only.
    let mut fetch = cargo(paths, &paths.suite_target());
    fetch.args(["fetch", "--locked"]);
    output_of(fetch, "cargo fetch in bench/")?;

    let mut programs = Map::new();
    for program in PROGRAMS {
        println!("bench: building program-{program}");
        let result = build_program(paths, program, quick)?;
        load.sample(&format!("build of program-{program}"));
        programs.insert(program.to_string(), result);
    }
    Ok(Value::Object(programs))
}

fn build_program(paths: &Paths, program: &str, quick: bool) -> Result<Value, String> {
    let package = format!("program-{program}");
    let target = paths.out.join(format!("build-{program}"));
    // --quick keeps the previous build, so its build time is not a clean
    // build's, and the report labels it so.
    let clean = !quick || !target.exists();
    if target.exists() && !quick {
        std::fs::remove_dir_all(&target)
            .map_err(|e| format!("cannot remove {}: {e}", target.display()))?;
    }

    let build_seconds = timed_build(paths, &target, &package)?;
    let binary = target.join("release").join(&package);
    let size = file_size(&binary)?;
    let stripped_size = stripped_size(paths, &binary, &package);

    let main_rs = paths
        .bench
        .join("programs")
        .join(program)
        .join("src")
        .join("main.rs");
    touch(&main_rs)?;
    let rebuild_seconds = timed_build(paths, &target, &package)?;

    let scratch = paths.out.join(format!("run-{program}"));
    let mut run = Command::new(paths.suite_binary("run_program"));
    run.arg(&binary).arg(&scratch);
    let run = parse_json(
        &output_of(run, &format!("{package} against the loopback server"))?,
        "run_program output",
    )?;

    let mut result = Map::new();
    result.insert("clean".into(), Value::from(clean));
    result.insert("build_s".into(), Value::from(build_seconds));
    result.insert("rebuild_s".into(), Value::from(rebuild_seconds));
    result.insert("binary_bytes".into(), Value::from(size));
    if let Some(stripped) = stripped_size {
        result.insert("stripped_bytes".into(), Value::from(stripped));
    }
    result.insert("run".into(), run);
    Ok(Value::Object(result))
}

/// Builds `package` in release mode into `target`, offline, and returns the
/// wall time in seconds.
fn timed_build(paths: &Paths, target: &Path, package: &str) -> Result<f64, String> {
    let mut command = cargo(paths, target);
    command.args([
        "build",
        "--release",
        "--locked",
        "--offline",
        "--package",
        package,
    ]);
    let started = Instant::now();
    output_of(command, &format!("cargo build --release -p {package}"))?;
    Ok(started.elapsed().as_secs_f64())
}

fn file_size(path: &Path) -> Result<u64, String> {
    std::fs::metadata(path)
        .map(|m| m.len())
        .map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Returns the size of a copy of `binary` after `strip --strip-all`, or
/// `None` when `strip` is not installed.
fn stripped_size(paths: &Paths, binary: &Path, package: &str) -> Option<u64> {
    let copy = paths.out.join(format!("{package}.stripped"));
    std::fs::copy(binary, &copy).ok()?;
    let status = Command::new("strip")
        .arg("--strip-all")
        .arg(&copy)
        .status()
        .ok()?;
    if !status.success() {
        return None;
    }
    file_size(&copy).ok()
}

/// Sets the modification time of `path` to now without changing it, so
/// that cargo rebuilds the crate.
fn touch(path: &Path) -> Result<(), String> {
    let file = std::fs::File::options()
        .append(true)
        .open(path)
        .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    file.set_modified(SystemTime::now())
        .map_err(|e| format!("cannot touch {}: {e}", path.display()))
}
