//! `cargo xtask bench [--quick]`: measures ingot's generated Entity
//! Resolution client against the official `aws-sdk-entityresolution` on
//! this machine, and writes `BENCHMARKS.md` and `target/bench/results.json`.
//!
//! The measuring programs live in the separate workspace `bench/`, so the
//! product's lock file never gains the official SDK. The steps:
//!
//! 1. build `bench/` in release mode into `target/bench/suite`;
//! 2. per-call overhead against a loopback server (`calls`);
//! 3. criterion benchmarks of signing, serialization, parsing and a whole
//!    call through an in-memory transport;
//! 4. clean release builds of two minimal programs, each in a fresh target
//!    folder, their binary sizes, a rebuild after touching `main.rs`, and
//!    one run of each against the loopback server;
//! 5. code generation time and peak memory for `model/`, the full Entity
//!    Resolution model and the whole shared AWS corpus;
//! 6. lines of generated Rust beside the official crate's.
//!
//! A failed step is recorded in the report and the others still run; the
//! command fails at the end, naming the failed steps.

mod builds;
mod codegen;
mod machine;
mod report;
mod suite;

use std::path::{Path, PathBuf};
use std::process::Command;

use ingot_runtime::json::{Map, Value};

/// Folders the benchmark reads and writes.
pub struct Paths {
    pub root: PathBuf,
    /// The benchmark workspace, `bench/`.
    pub bench: PathBuf,
    /// Everything the benchmark writes except `BENCHMARKS.md`:
    /// `target/bench`.
    pub out: PathBuf,
}

impl Paths {
    /// Returns the target folder of the benchmark workspace's own build.
    pub fn suite_target(&self) -> PathBuf {
        self.out.join("suite")
    }

    /// Returns the path of a binary that [`suite::build`] builds.
    pub fn suite_binary(&self, name: &str) -> PathBuf {
        self.suite_target().join("release").join(name)
    }
}

pub fn run(args: &[String]) -> Result<(), String> {
    let mut quick = false;
    let mut report_only = false;
    for arg in args {
        match arg.as_str() {
            "--quick" => quick = true,
            "--report-only" => report_only = true,
            other => {
                return Err(format!(
                    "unknown option `{other}` for bench; see `cargo xtask help`"
                ))
            }
        }
    }
    let root = crate::workspace_root();
    let paths = Paths {
        bench: root.join("bench"),
        out: root.join("target").join("bench"),
        root,
    };
    std::fs::create_dir_all(&paths.out)
        .map_err(|e| format!("cannot create {}: {e}", paths.out.display()))?;
    if report_only {
        return rewrite_report(&paths);
    }

    let mut results = Map::new();
    let mut failures = Vec::new();
    let mut load = machine::LoadSampler::default();
    results.insert("quick".into(), Value::from(quick));
    results.insert(
        "command".into(),
        Value::from(if quick {
            "cargo xtask bench --quick"
        } else {
            "cargo xtask bench"
        }),
    );
    results.insert(
        "started".into(),
        Value::from(ingot_runtime::DateTime::now().to_string()),
    );
    results.insert("machine".into(), machine::describe());
    results.insert("versions".into(), machine::versions(&paths.bench));
    load.sample("start");

    let mut step = |name: &str,
                    results: &mut Map<String, Value>,
                    outcome: Result<Value, String>| match outcome {
        Ok(value) => {
            results.insert(name.into(), value);
        }
        Err(message) => {
            eprintln!("bench: step `{name}` failed: {message}");
            failures.push(format!("{name}: {message}"));
        }
    };

    println!(
        "bench: building the benchmark workspace in {}",
        paths.suite_target().display()
    );
    let built = suite::build(&paths)
        .map_err(|message| format!("cannot build the benchmark workspace `bench/`: {message}"))?;
    load.sample("suite build");

    println!("bench: per-call overhead against the loopback server");
    step("calls", &mut results, suite::run_calls(&paths, quick));
    load.sample("calls");

    println!("bench: criterion benchmarks");
    step(
        "criterion",
        &mut results,
        suite::run_criterion(&paths, &built, quick),
    );
    load.sample("criterion");

    println!("bench: clean release builds of the minimal programs");
    step(
        "builds",
        &mut results,
        builds::run(&paths, quick, &mut load),
    );

    println!("bench: code generation");
    step("codegen", &mut results, codegen::run(&paths, quick));
    load.sample("codegen");
    step("lines", &mut results, codegen::count_lines(&paths));

    results.insert(
        "finished".into(),
        Value::from(ingot_runtime::DateTime::now().to_string()),
    );
    results.insert("load_average".into(), load.to_json());
    results.insert("failures".into(), Value::from(failures.clone()));
    let results = Value::Object(results);

    let json_path = paths.out.join("results.json");
    std::fs::write(&json_path, results.to_string())
        .map_err(|e| format!("cannot write {}: {e}", json_path.display()))?;
    let markdown = report::render(&results);
    let markdown_path = paths.root.join("BENCHMARKS.md");
    std::fs::write(&markdown_path, markdown)
        .map_err(|e| format!("cannot write {}: {e}", markdown_path.display()))?;
    println!("bench: wrote BENCHMARKS.md and {}", json_path.display());

    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} benchmark steps failed:\n  {}",
            failures.len(),
            failures.join("\n  ")
        ))
    }
}

/// Writes `BENCHMARKS.md` again from the `results.json` of the last run,
/// for a change of the report's layout without measuring again.
fn rewrite_report(paths: &Paths) -> Result<(), String> {
    let json_path = paths.out.join("results.json");
    let text = std::fs::read_to_string(&json_path).map_err(|e| {
        format!(
            "cannot read {}: {e}; run `cargo xtask bench` first",
            json_path.display()
        )
    })?;
    let results = parse_json(&text, &json_path.display().to_string())?;
    let markdown_path = paths.root.join("BENCHMARKS.md");
    std::fs::write(&markdown_path, report::render(&results))
        .map_err(|e| format!("cannot write {}: {e}", markdown_path.display()))?;
    println!("bench: wrote BENCHMARKS.md from {}", json_path.display());
    Ok(())
}

/// Returns a `cargo` command for the benchmark workspace with target
/// folder `target`, whatever `CARGO_TARGET_DIR` the caller has set.
pub fn cargo(paths: &Paths, target: &Path) -> Command {
    let program = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(program);
    command
        .current_dir(&paths.bench)
        .env("CARGO_TARGET_DIR", target);
    command
}

/// Runs `command` and returns its stdout, or an error with its stderr.
pub fn output_of(mut command: Command, what: &str) -> Result<String, String> {
    let output = command
        .output()
        .map_err(|e| format!("cannot run {what}: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "{what} failed ({}):\n{}",
            output.status,
            tail(&String::from_utf8_lossy(&output.stderr), 40)
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Returns the last `lines` lines of `text`.
pub fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// Parses the JSON that a benchmark program printed or wrote.
pub fn parse_json(text: &str, what: &str) -> Result<Value, String> {
    ingot_runtime::json::parse(text.trim().as_bytes())
        .map_err(|e| format!("{what} is not valid JSON: {e}"))
}
