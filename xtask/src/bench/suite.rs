//! The benchmark workspace's own programs: its release build, the per-call
//! benchmark and the criterion benchmarks.

use std::path::{Path, PathBuf};
use std::process::Command;

use ingot_runtime::json::{Map, Value};

use super::{cargo, output_of, parse_json, Paths};

/// Criterion benchmarks and the groups each writes, in report order.
const CRITERION_BENCHES: &[(&str, &[&str])] = &[
    ("signing", &["signing"]),
    ("serde", &["serialize", "parse"]),
    ("call", &["call_in_memory"]),
];

/// The clients that every criterion group compares; a group may have
/// more benchmarks, such as parts of ingot's work.
const CRITERION_SUBJECTS: &[&str] = &["ingot", "official"];

/// The criterion benchmark executables of a release build, by bench
/// target name.
pub struct Suite {
    benches: Vec<(String, PathBuf)>,
}

/// Builds the binaries and benchmarks of `bench/` in release mode, with
/// the versions its Cargo.lock pins, and returns the benchmark
/// executables. The benchmarks are built with the release profile rather
/// than by `cargo bench`, whose bench profile would compile every
/// dependency a second time.
pub fn build(paths: &Paths) -> Result<Suite, String> {
    let mut command = cargo(paths, &paths.suite_target());
    command.args([
        "build",
        "--release",
        "--locked",
        "--package",
        "ingot-bench",
        "--bins",
        "--benches",
        "--message-format",
        "json-render-diagnostics",
    ]);
    let messages = output_of(command, "cargo build --release in bench/")?;

    let mut benches = Vec::new();
    for line in messages.lines().filter(|line| line.starts_with('{')) {
        let Ok(message) = parse_json(line, "a cargo message") else {
            continue;
        };
        let is_bench = message["target"]["kind"]
            .as_array()
            .is_some_and(|kinds| kinds.iter().any(|kind| kind == "bench"));
        if let (true, Some(name), Some(executable)) = (
            is_bench,
            message["target"]["name"].as_str(),
            message["executable"].as_str(),
        ) {
            benches.push((name.to_string(), PathBuf::from(executable)));
        }
    }
    Ok(Suite { benches })
}

/// Runs the per-call benchmark and returns what it wrote.
pub fn run_calls(paths: &Paths, quick: bool) -> Result<Value, String> {
    let out = paths.out.join("calls.json");
    let _ = std::fs::remove_file(&out);
    // Quick: enough calls to check the machinery; full: about a minute of
    // calls per client on a 2-core machine.
    let settings: &[&str] = if quick {
        &[
            "--calls",
            "500",
            "--concurrent-calls",
            "1280",
            "--rounds",
            "1",
            "--warmup",
            "100",
        ]
    } else {
        &[
            "--calls",
            "5000",
            "--concurrent-calls",
            "12800",
            "--rounds",
            "4",
            "--warmup",
            "500",
        ]
    };
    let mut command = std::process::Command::new(paths.suite_binary("calls"));
    command
        .args(settings)
        .arg("--concurrency")
        .arg("64")
        .arg("--out")
        .arg(&out);
    output_of(command, "the per-call benchmark (calls)")?;
    let text =
        std::fs::read_to_string(&out).map_err(|e| format!("cannot read {}: {e}", out.display()))?;
    parse_json(&text, "calls.json")
}

/// Runs the criterion benchmarks and returns, per group and client, the
/// median time and its confidence interval in nanoseconds.
pub fn run_criterion(paths: &Paths, suite: &Suite, quick: bool) -> Result<Value, String> {
    let home = paths.out.join("criterion");
    // Old estimates would stand in for a benchmark that failed to run.
    if home.exists() {
        std::fs::remove_dir_all(&home)
            .map_err(|e| format!("cannot clear {}: {e}", home.display()))?;
    }
    let timing: &[&str] = if quick {
        &["--warm-up-time", "1", "--measurement-time", "2"]
    } else {
        &["--warm-up-time", "3", "--measurement-time", "10"]
    };
    let mut printed = String::new();
    for (bench, _) in CRITERION_BENCHES {
        let executable = suite
            .benches
            .iter()
            .find(|(name, _)| name == bench)
            .map(|(_, path)| path)
            .ok_or_else(|| format!("the release build produced no `{bench}` benchmark"))?;
        let mut command = Command::new(executable);
        command
            .arg("--bench")
            .args(timing)
            .env("CRITERION_HOME", &home);
        printed.push_str(&output_of(command, &format!("the `{bench}` benchmark"))?);
    }
    std::fs::write(paths.out.join("criterion.txt"), &printed)
        .map_err(|e| format!("cannot save the criterion output: {e}"))?;

    let mut groups = Map::new();
    for (_, bench_groups) in CRITERION_BENCHES {
        for group in *bench_groups {
            groups.insert(group.to_string(), read_group(&home.join(group))?);
        }
    }
    Ok(Value::Object(groups))
}

/// Reads every benchmark of one criterion group, by its folder name; each
/// group must have both clients.
fn read_group(folder: &Path) -> Result<Value, String> {
    let entries =
        std::fs::read_dir(folder).map_err(|e| format!("cannot read {}: {e}", folder.display()))?;
    let mut subjects = Map::new();
    for entry in entries {
        let path = entry
            .map_err(|e| format!("cannot read {}: {e}", folder.display()))?
            .path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // Criterion writes its summary to `report` and the estimates to `new`.
        if path.is_dir() && path.join("new").is_dir() {
            subjects.insert(name, read_estimate(&path)?);
        }
    }
    for subject in CRITERION_SUBJECTS {
        if !subjects.contains_key(*subject) {
            return Err(format!("{} has no `{subject}` benchmark", folder.display()));
        }
    }
    Ok(Value::Object(subjects))
}

/// Reads the median of one criterion benchmark from its `estimates.json`.
fn read_estimate(folder: &Path) -> Result<Value, String> {
    let path = folder.join("new").join("estimates.json");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let estimates = parse_json(&text, &path.display().to_string())?;
    let median = &estimates["median"];
    let number = |value: &Value| {
        value
            .as_f64()
            .ok_or_else(|| format!("{} has no median estimate", path.display()))
    };

    let mut estimate = Map::new();
    estimate.insert(
        "median_ns".into(),
        Value::from(number(&median["point_estimate"])?),
    );
    estimate.insert(
        "lower_ns".into(),
        Value::from(number(&median["confidence_interval"]["lower_bound"])?),
    );
    estimate.insert(
        "upper_ns".into(),
        Value::from(number(&median["confidence_interval"]["upper_bound"])?),
    );
    Ok(Value::Object(estimate))
}
