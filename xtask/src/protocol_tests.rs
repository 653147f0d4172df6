//! `cargo xtask protocol-tests`: generates a client with its Smithy protocol
//! tests for each restJson1, awsJson1_0 and awsJson1_1 test service of the
//! shared test data, runs them in one scratch workspace, and prints per
//! protocol `N passed, M failed, K skipped`, naming each failure.
//!
//! Cases listed in [`SKIP_FILE`] are left out at generation time. The
//! command fails when the file names a case that no longer exists, so the
//! list cannot go stale.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use ingot_codegen::{CaseRecord, Options, ProtocolTestOptions};

/// The skip list, relative to the workspace root: one case a line, as
/// `<request|response> <case id>: <reason>`.
const SKIP_FILE: &str = "xtask/protocol-tests-skipped.txt";

/// A test service: its protocol, its folder of models under
/// `smithy/protocol-tests/aws`, its shape name and the crate to generate.
struct Service {
    protocol: &'static str,
    folder: &'static str,
    name: &'static str,
    crate_name: &'static str,
}

/// Every service of the three protocols with client test cases. The
/// restJson1 folder also has `RestJsonValidation`, whose cases are all for
/// servers.
const SERVICES: &[Service] = &[
    Service {
        protocol: "restJson1",
        folder: "restJson1",
        name: "RestJson",
        crate_name: "pt_rest_json",
    },
    Service {
        protocol: "restJson1",
        folder: "restJson1",
        name: "Glacier",
        crate_name: "pt_glacier",
    },
    Service {
        protocol: "restJson1",
        folder: "restJson1",
        name: "BackplaneControlService",
        crate_name: "pt_api_gateway",
    },
    Service {
        protocol: "awsJson1_0",
        folder: "awsJson1_0",
        name: "JsonRpc10",
        crate_name: "pt_json_rpc10",
    },
    Service {
        protocol: "awsJson1_0",
        folder: "awsJson1_0",
        name: "QueryCompatibleJsonRpc10",
        crate_name: "pt_query_compatible_json_rpc10",
    },
    Service {
        protocol: "awsJson1_1",
        folder: "awsJson1_1",
        name: "JsonProtocol",
        crate_name: "pt_json_protocol",
    },
    Service {
        protocol: "awsJson1_1",
        folder: "awsJson1_1",
        name: "AmazonML_20141212",
        crate_name: "pt_machine_learning",
    },
];

/// The outcome of one test.
struct Outcome {
    passed: bool,
    /// The panic message of a failed test.
    message: String,
}

pub fn run(args: &[String]) -> Result<(), String> {
    let mut verbose = false;
    for arg in args {
        match arg.as_str() {
            "--verbose" => verbose = true,
            other => {
                return Err(format!(
                    "unknown option `{other}` for protocol-tests; see `cargo xtask help`"
                ))
            }
        }
    }
    let started = Instant::now();
    let root = crate::workspace_root();
    let shared = shared_data(&root)?;
    let skipped = read_skip_file(&root.join(SKIP_FILE))?;

    let scratch = root.join("target").join("protocol-tests");
    let mut records: Vec<(&Service, Vec<CaseRecord>)> = Vec::new();
    for service in SERVICES {
        let cases = generate(&root, &shared, &scratch, service, &skipped)?;
        records.push((service, cases));
    }
    check_skip_file(&skipped, &records)?;
    write_workspace(&scratch)?;
    println!(
        "generated {} crates in {}",
        SERVICES.len(),
        scratch.display()
    );

    let build_started = Instant::now();
    let status = cargo(
        &scratch,
        &[
            "test",
            "--workspace",
            "--test",
            "protocol_tests",
            "--no-run",
            "--quiet",
        ],
    )
    .status()
    .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("the generated protocol tests do not compile; see the errors above".into());
    }
    println!(
        "compiled the protocol tests in {:.1} s",
        build_started.elapsed().as_secs_f64()
    );

    let mut outcomes: BTreeMap<&str, BTreeMap<String, Outcome>> = BTreeMap::new();
    for service in SERVICES {
        outcomes.insert(service.crate_name, run_tests(&scratch, service.crate_name)?);
    }

    let failures = report(&records, &outcomes, verbose);
    println!(
        "ran the protocol tests in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    if failures == 0 {
        Ok(())
    } else {
        Err(format!("{failures} protocol tests failed"))
    }
}

/// Returns the shared test data folder: `INGOT_TEST_DATA`, else `shared`
/// beside the checkout, as the tests find it.
fn shared_data(root: &Path) -> Result<PathBuf, String> {
    let shared = std::env::var_os("INGOT_TEST_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.parent().unwrap_or(root).join("shared"));
    let tests = shared.join("smithy").join("protocol-tests").join("aws");
    if tests.is_dir() {
        Ok(shared)
    } else {
        Err(format!(
            "no protocol tests at {}; set INGOT_TEST_DATA to the shared test data",
            tests.display()
        ))
    }
}

/// Reads the skip list: case key to reason.
fn read_skip_file(path: &Path) -> Result<BTreeMap<String, String>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut skipped = BTreeMap::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let invalid = || {
            format!(
                "{}:{}: expected `<request|response> <case id>: <reason>`, found {line:?}",
                path.display(),
                index + 1
            )
        };
        let (key, reason) = line.split_once(": ").ok_or_else(invalid)?;
        let (kind, id) = key.split_once(' ').ok_or_else(invalid)?;
        if !matches!(kind, "request" | "response") || id.contains(' ') || reason.trim().is_empty() {
            return Err(invalid());
        }
        if skipped
            .insert(key.to_string(), reason.trim().to_string())
            .is_some()
        {
            return Err(format!(
                "{}:{}: `{key}` is listed twice",
                path.display(),
                index + 1
            ));
        }
    }
    Ok(skipped)
}

/// Generates the crate of `service` with its protocol tests into the
/// scratch workspace and returns its cases.
fn generate(
    root: &Path,
    shared: &Path,
    scratch: &Path,
    service: &Service,
    skipped: &BTreeMap<String, String>,
) -> Result<Vec<CaseRecord>, String> {
    let tests = shared.join("smithy").join("protocol-tests").join("aws");
    let options = Options {
        models: vec![
            tests.join(service.folder),
            tests.join("shared-types.smithy"),
            tests.join("aws-config.smithy"),
            shared.join("smithy").join("traits"),
        ],
        service: Some(service.name.to_string()),
        operations: None,
        crate_name: service.crate_name.to_string(),
        crate_version: "0.1.0".into(),
        // Absolute paths, because the scratch workspace may move.
        runtime_path: root.join("runtime").display().to_string(),
        source_names: vec![format!("the {} protocol tests", service.folder)],
    };
    let test_options = ProtocolTestOptions {
        skipped: skipped.clone(),
    };
    let generated = ingot_codegen::generate_with_protocol_tests(&options, &test_options)
        .map_err(|e| format!("cannot generate {}: {e}", service.name))?;
    let folder = scratch.join("crates").join(service.crate_name);
    ingot_codegen::output::write_tree(&folder, &generated.files)
        .map_err(|e| format!("cannot write {}: {e}", folder.display()))?;
    Ok(generated.protocol_tests)
}

/// Fails when the skip list names a case that no service has.
fn check_skip_file(
    skipped: &BTreeMap<String, String>,
    records: &[(&Service, Vec<CaseRecord>)],
) -> Result<(), String> {
    let known: BTreeSet<String> = records
        .iter()
        .flat_map(|(_, cases)| cases.iter().map(CaseRecord::key))
        .collect();
    let unknown: Vec<&String> = skipped.keys().filter(|key| !known.contains(*key)).collect();
    if unknown.is_empty() {
        return Ok(());
    }
    Err(format!(
        "{SKIP_FILE} lists cases that no client test has; remove them:\n  {}",
        unknown
            .iter()
            .map(|key| key.as_str())
            .collect::<Vec<_>>()
            .join("\n  ")
    ))
}

fn write_workspace(scratch: &Path) -> Result<(), String> {
    let members: Vec<String> = SERVICES
        .iter()
        .map(|s| format!("\"crates/{}\"", s.crate_name))
        .collect();
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members.join(", ")
    );
    std::fs::write(scratch.join("Cargo.toml"), manifest)
        .map_err(|e| format!("cannot write the scratch workspace: {e}"))
}

/// Returns a `cargo` command that runs in `scratch` with its own target
/// folder, so that it never waits for the lock of the caller's build.
fn cargo(scratch: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO"));
    command
        .args(args)
        .current_dir(scratch)
        .env("CARGO_TARGET_DIR", scratch.join("target"));
    command
}

/// Runs the protocol tests of one crate and returns each test's outcome by
/// name, such as `request::RestJsonListsSerializeNull`.
fn run_tests(scratch: &Path, crate_name: &str) -> Result<BTreeMap<String, Outcome>, String> {
    let output = cargo(
        scratch,
        &[
            "test",
            "--quiet",
            "--package",
            crate_name,
            "--test",
            "protocol_tests",
            "--",
            "--format",
            "pretty",
        ],
    )
    .env("RUST_BACKTRACE", "0")
    .output()
    .map_err(|e| format!("cannot run cargo test: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);

    let mut outcomes = BTreeMap::new();
    for line in stdout.lines() {
        let Some(rest) = line.strip_prefix("test ") else {
            continue;
        };
        let Some((name, result)) = rest.rsplit_once(" ... ") else {
            continue;
        };
        let passed = match result {
            "ok" => true,
            "FAILED" => false,
            _ => continue,
        };
        outcomes.insert(
            name.to_string(),
            Outcome {
                passed,
                message: String::new(),
            },
        );
    }
    // A failure's output sits under `---- <name> stdout ----`.
    let mut current: Option<String> = None;
    for line in stdout.lines() {
        if let Some(name) = line
            .strip_prefix("---- ")
            .and_then(|rest| rest.strip_suffix(" stdout ----"))
        {
            current = Some(name.to_string());
            continue;
        }
        if line == "failures:" || line.starts_with("test result:") {
            current = None;
        }
        if let Some(outcome) = current.as_ref().and_then(|name| outcomes.get_mut(name)) {
            outcome.message.push_str(line);
            outcome.message.push('\n');
        }
    }
    if outcomes.is_empty() && !output.status.success() {
        return Err(format!(
            "the protocol tests of {crate_name} did not run:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(outcomes)
}

/// Prints the failures and the counts per protocol; returns the number of
/// failures. A case whose test did not report counts as failed.
fn report(
    records: &[(&Service, Vec<CaseRecord>)],
    outcomes: &BTreeMap<&str, BTreeMap<String, Outcome>>,
    verbose: bool,
) -> usize {
    let mut counts: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    let mut total_failed = 0;
    for (service, cases) in records {
        let count = counts.entry(service.protocol).or_default();
        let results = outcomes.get(service.crate_name);
        for case in cases {
            let Some(test) = &case.test_name else {
                count.2 += 1;
                continue;
            };
            match results.and_then(|r| r.get(test)) {
                Some(outcome) if outcome.passed => count.0 += 1,
                outcome => {
                    count.1 += 1;
                    total_failed += 1;
                    println!(
                        "FAILED {} {} ({})",
                        service.name,
                        case.key(),
                        service.protocol
                    );
                    let message = outcome.map_or("the test did not run", |o| o.message.as_str());
                    let lines: Vec<&str> = message
                        .lines()
                        .filter(|l| !l.starts_with("note: "))
                        .collect();
                    let line_count = if verbose {
                        lines.len()
                    } else {
                        lines.len().min(12)
                    };
                    for line in &lines[..line_count] {
                        println!("    {line}");
                    }
                }
            }
        }
    }
    for protocol in ["restJson1", "awsJson1_0", "awsJson1_1"] {
        let (passed, failed, skipped) = counts.get(protocol).copied().unwrap_or_default();
        println!("{protocol}: {passed} passed, {failed} failed, {skipped} skipped");
    }
    total_failed
}
