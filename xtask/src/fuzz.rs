//! `cargo xtask fuzz`: builds the cargo-fuzz targets in `fuzz/`, seeds a
//! scratch corpus for each from the repository's and the shared test
//! inputs, runs each target for a fixed time and prints what it found.
//!
//! The corpora live in `target/fuzz/corpus/<target>` and grow from run to
//! run; crashes are written to `target/fuzz/artifacts/<target>`. Neither is
//! committed: a crash becomes a regression test in the normal test suite.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Seconds per target when `--seconds` is not given: enough to check that
/// every target builds and runs, not to find deep bugs.
const DEFAULT_SECONDS: u64 = 10;

/// A target stops on an input that runs longer than this, and the input is
/// reported as a hang.
const INPUT_TIMEOUT_SECONDS: u64 = 10;

/// Every target in `fuzz/fuzz_targets`, in the order they run.
const TARGETS: [&str; 10] = [
    "json_ast",
    "idl",
    "rest_json_response",
    "aws_json_response",
    "profile_file",
    "credential_process",
    "container_credentials",
    "imds_credentials",
    "endpoint_rules",
    "sigv4",
];

/// The operations each response target dispatches to, for one seed per
/// operation; they must match `OPERATIONS` in the targets.
const REST_JSON_OPERATIONS: u8 = 37;
const AWS_JSON_OPERATIONS: u8 = 15;

/// The result of running one target.
struct Outcome {
    target: &'static str,
    executions: Option<u64>,
    seconds: f64,
    artifacts: Vec<PathBuf>,
    failed: bool,
}

pub fn run(args: &[String]) -> Result<(), String> {
    let (seconds, only) = parse(args)?;
    let root = crate::workspace_root();
    let fuzz_dir = root.join("fuzz");
    check_cargo_fuzz()?;

    println!("building the fuzz targets (the first build takes several minutes)");
    let status = cargo_fuzz(&fuzz_dir)
        .arg("build")
        .status()
        .map_err(|e| format!("cannot run cargo fuzz build: {e}"))?;
    if !status.success() {
        return Err(format!("cargo fuzz build failed with {status}"));
    }

    let targets: Vec<&'static str> = match &only {
        Some(name) => vec![TARGETS
            .iter()
            .copied()
            .find(|t| t == name)
            .ok_or_else(|| unknown_target(name))?],
        None => TARGETS.to_vec(),
    };
    let mut outcomes = Vec::new();
    for target in targets {
        outcomes.push(run_target(&root, &fuzz_dir, target, seconds)?);
    }

    println!(
        "\n{:<22} {:>12} {:>10}  result",
        "target", "executions", "per second"
    );
    let mut problems = 0;
    for outcome in &outcomes {
        let executions = outcome.executions.map_or("?".to_owned(), |n| n.to_string());
        let rate = match outcome.executions {
            Some(n) if outcome.seconds > 0.0 => format!("{:.0}", n as f64 / outcome.seconds),
            _ => "?".to_owned(),
        };
        let result = if outcome.artifacts.is_empty() && !outcome.failed {
            "no crash".to_owned()
        } else if outcome.artifacts.is_empty() {
            "failed without an artifact; see the output above".to_owned()
        } else {
            let paths: Vec<String> = outcome
                .artifacts
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            format!("CRASH: {}", paths.join(", "))
        };
        if outcome.failed || !outcome.artifacts.is_empty() {
            problems += 1;
        }
        println!(
            "{:<22} {executions:>12} {rate:>10}  {result}",
            outcome.target
        );
    }
    if problems > 0 {
        return Err(format!(
            "{problems} target(s) crashed; reproduce with `RUSTC_BOOTSTRAP=1 cargo fuzz run TARGET ARTIFACT` in fuzz/, \
             then add the input as a regression test"
        ));
    }
    Ok(())
}

fn parse(args: &[String]) -> Result<(u64, Option<String>), String> {
    let mut seconds = DEFAULT_SECONDS;
    let mut target = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--seconds" => {
                let value = iter.next().ok_or("--seconds needs a number of seconds")?;
                seconds = value.parse().ok().filter(|s| *s > 0).ok_or_else(|| {
                    format!(
                        "invalid --seconds {value:?}: expected a whole number of seconds above 0"
                    )
                })?;
            }
            "--target" => target = Some(iter.next().ok_or("--target needs a target name")?.clone()),
            other => {
                return Err(format!(
                    "unknown option `{other}` for fuzz; see `cargo xtask help`"
                ))
            }
        }
    }
    Ok((seconds, target))
}

fn unknown_target(name: &str) -> String {
    format!(
        "unknown fuzz target `{name}`; the targets are {}",
        TARGETS.join(", ")
    )
}

/// Returns a `cargo fuzz` command in `fuzz_dir`. cargo-fuzz needs nightly
/// compiler flags; `RUSTC_BOOTSTRAP=1` allows them on a stable toolchain.
fn cargo_fuzz(fuzz_dir: &Path) -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command
        .arg("fuzz")
        .current_dir(fuzz_dir)
        .env("RUSTC_BOOTSTRAP", "1");
    command
}

fn check_cargo_fuzz() -> Result<(), String> {
    let installed = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["fuzz", "--version"])
        .output()
        .is_ok_and(|output| output.status.success());
    if installed {
        return Ok(());
    }
    Err("cargo-fuzz is not installed; install it with `cargo install cargo-fuzz --locked`".into())
}

/// Seeds the corpus of `target`, runs it for `seconds` and reads the
/// executions and crash artifacts from libFuzzer's output.
fn run_target(
    root: &Path,
    fuzz_dir: &Path,
    target: &'static str,
    seconds: u64,
) -> Result<Outcome, String> {
    let scratch = root.join("target").join("fuzz");
    let corpus = scratch.join("corpus").join(target);
    let artifacts = scratch.join("artifacts").join(target);
    for dir in [&corpus, &artifacts] {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let seeded = seed(root, target, &corpus)?;
    println!("\n== {target}: {seeded} seeds, {seconds} s");

    let started = Instant::now();
    let output = cargo_fuzz(fuzz_dir)
        .args(["run", target])
        .arg(&corpus)
        .arg("--")
        .arg(format!("-max_total_time={seconds}"))
        .arg(format!("-timeout={INPUT_TIMEOUT_SECONDS}"))
        .arg(format!("-artifact_prefix={}/", artifacts.display()))
        .arg("-print_final_stats=1")
        .output()
        .map_err(|e| format!("cannot run cargo fuzz run {target}: {e}"))?;
    let elapsed = started.elapsed().as_secs_f64();

    let log = String::from_utf8_lossy(&output.stderr);
    let executions = log
        .lines()
        .find_map(|line| line.strip_prefix("stat::number_of_executed_units:"))
        .and_then(|n| n.trim().parse().ok());
    let found: Vec<PathBuf> = log
        .lines()
        .filter_map(|line| {
            line.split_once("Test unit written to ")
                .map(|(_, path)| PathBuf::from(path.trim()))
        })
        .collect();
    let failed = !output.status.success();
    if failed {
        // The crash report: the panic message, the stack and the input.
        let tail: Vec<&str> = log.lines().rev().take(60).collect();
        for line in tail.into_iter().rev() {
            eprintln!("  {line}");
        }
    }
    Ok(Outcome {
        target,
        executions,
        seconds: elapsed.min(seconds as f64).max(f64::MIN_POSITIVE),
        artifacts: found,
        failed,
    })
}

/// Copies the seeds of `target` into `corpus` and returns how many.
fn seed(root: &Path, target: &str, corpus: &Path) -> Result<usize, String> {
    let shared = shared_root(root);
    let mut seeds: Vec<(String, Vec<u8>)> = Vec::new();

    // Hand-written seeds for the input formats that no test file has.
    for path in files_below(&root.join("fuzz").join("seeds").join(target), &[]) {
        push_file(&mut seeds, &path);
    }

    match target {
        "json_ast" => {
            for folder in [
                root.join("model"),
                root.join("tests").join("models"),
                shared.join("smithy/idl-tests/valid"),
            ] {
                for path in files_below(&folder, &["json"]) {
                    push_file(&mut seeds, &path);
                }
            }
        }
        "idl" => {
            for folder in [
                root.join("codegen/src/idl"),
                shared.join("smithy/idl-tests"),
                shared.join("smithy/rules-tests"),
            ] {
                for path in files_below(&folder, &["smithy"]) {
                    push_file(&mut seeds, &path);
                }
            }
        }
        "rest_json_response" => seeds.extend(response_seeds(
            REST_JSON_OPERATIONS,
            "x-amzn-errortype: ValidationException",
        )),
        "aws_json_response" => seeds.extend(response_seeds(
            AWS_JSON_OPERATIONS,
            "x-amzn-query-error: AWS.SimpleQueueService.NonExistentQueue;Sender",
        )),
        "sigv4" => {
            for path in files_below(&shared.join("sigv4/aws-signing-test-suite/v4"), &["txt"]) {
                if path.file_name().is_some_and(|name| name == "request.txt") {
                    if let Ok(text) = std::fs::read(&path) {
                        seeds.push((seed_name(&path), sigv4_seed(&text)));
                    }
                }
            }
        }
        _ => {}
    }

    for (name, bytes) in &seeds {
        let path = corpus.join(format!("seed-{name}"));
        std::fs::write(&path, bytes)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(seeds.len())
}

/// Returns the shared test folder: `INGOT_TEST_DATA`, else `shared` beside
/// the checkout. A missing folder only means fewer seeds.
fn shared_root(root: &Path) -> PathBuf {
    std::env::var_os("INGOT_TEST_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("..").join("shared"))
}

/// Returns the files below `dir` with one of `extensions` (any file when
/// empty), sorted; nothing when `dir` does not exist.
fn files_below(dir: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for path in entries.filter_map(|entry| entry.ok().map(|e| e.path())) {
            if path.is_dir() {
                pending.push(path);
            } else if extensions.is_empty()
                || path
                    .extension()
                    .is_some_and(|e| extensions.iter().any(|x| e == *x))
            {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn push_file(seeds: &mut Vec<(String, Vec<u8>)>, path: &Path) {
    if let Ok(bytes) = std::fs::read(path) {
        seeds.push((seed_name(path), bytes));
    }
}

/// Returns a file name for a seed from the last folders of its path, such
/// as `valid-mixins-a.json`.
fn seed_name(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .rev()
        .take(3)
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let name: Vec<&str> = parts.iter().rev().map(String::as_str).collect();
    name.join("-").replace(
        |c: char| !c.is_ascii_alphanumeric() && c != '.' && c != '-',
        "_",
    )
}

/// Returns, for each operation, a success and an error response in the
/// format of `Input::response` in `fuzz/src/input.rs`: the operation byte,
/// the status choice, header lines, an empty line and the body.
fn response_seeds(operations: u8, error_header: &str) -> Vec<(String, Vec<u8>)> {
    let mut seeds = Vec::new();
    for operation in 0..operations {
        let mut success = vec![operation, 0];
        success.extend_from_slice(b"content-type: application/json\nx-amzn-requestid: r-1\n\n{}");
        seeds.push((format!("operation-{operation}-ok"), success));

        // Status choice 6 is 400.
        let mut error = vec![operation, 6];
        error.extend_from_slice(format!("{error_header}\n\n").as_bytes());
        error.extend_from_slice(
            br#"{"__type":"com.amazon#ValidationException","message":"invalid"}"#,
        );
        seeds.push((format!("operation-{operation}-error"), error));
    }
    seeds
}

/// Converts a request of the SigV4 test suite (`METHOD TARGET HTTP/1.1`,
/// header lines, an empty line, the body) to the `sigv4` target's format:
/// flags, the method choice, the target, a NUL byte, header lines, an
/// empty line and the body.
fn sigv4_seed(request: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(request).replace("\r\n", "\n");
    let (head, body) = text.split_once("\n\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let request_line = lines.next().unwrap_or_default();
    let mut words = request_line.split(' ');
    let method = words.next().unwrap_or_default();
    let target = words.next().unwrap_or("/");
    let method_choice = ["GET", "POST", "PUT", "DELETE", "HEAD"]
        .iter()
        .position(|m| *m == method)
        .unwrap_or(0) as u8;

    // Flags 3: normalize the path and encode it twice, as most services do.
    let mut seed = vec![3, method_choice];
    seed.extend_from_slice(target.as_bytes());
    seed.push(0);
    for line in lines {
        seed.extend_from_slice(line.as_bytes());
        seed.push(b'\n');
    }
    seed.push(b'\n');
    seed.extend_from_slice(body.as_bytes());
    seed
}
