//! `cargo xtask corpus [--sample] [--compile]`: generates every model of a
//! folder (default: the AWS models of the shared test data) and reports
//! failures. With `--compile`, the generated crates are also compiled in
//! one scratch workspace. `--sample` takes only [`SAMPLE`], and compiles it
//! with clippy and rustdoc denying warnings, as CI does.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use ingot_codegen::corpus;

/// The services CI compiles with `cargo clippy -D warnings` and `cargo doc`,
/// each chosen for what it exercises, smallest model first where several
/// would do.
pub const SAMPLE: &[(&str, &str)] = &[
    ("entityresolution", "the full model of the service this project started from; a header list"),
    ("dynamodb", "awsJson1_0; attribute values as a recursive union; idempotency tokens"),
    ("sqs", "awsJson1_0 with awsQueryCompatible error codes"),
    ("kinesis", "awsJson1_1; blobs and epoch-seconds timestamps in the body"),
    ("secrets-manager", "awsJson1_1; blobs, idempotency tokens"),
    ("cloudwatch-logs", "awsJson1_1; a large service with timestamps as longs"),
    ("lambda", "restJson1; blob payloads, response headers, httpResponseCode, query lists"),
    ("glacier", "restJson1; streaming payloads, headers, httpResponseCode, labels"),
    ("mediastore-data", "restJson1; greedy labels, http-date header timestamps, streaming"),
    ("dataexchange", "restJson1; httpQueryParams, httpPrefixHeaders, endpoint host prefixes"),
    ("neptune-graph", "restJson1; hostLabel members in the host prefix"),
    ("iot-data-plane", "restJson1; @mediaType payloads"),
    ("qldb", "restJson1; sparse collections"),
    ("apigatewaymanagementapi", "restJson1; jsonName, timestamp formats, blob payload"),
    ("bedrock-runtime", "restJson1; documents, unions, event-stream operations left out"),
    ("chime-sdk-identity", "restJson1; literal query strings in URIs"),
];

pub fn run(args: &[String]) -> Result<(), String> {
    let mut compile = false;
    let mut sample = false;
    let mut folder: Option<PathBuf> = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--compile" => compile = true,
            "--sample" => sample = true,
            "--models" => folder = Some(PathBuf::from(iter.next().ok_or("--models needs a folder")?)),
            other => return Err(format!("unknown option `{other}` for corpus; see `cargo xtask help`")),
        }
    }
    let root = crate::workspace_root();
    let folder = match folder {
        Some(folder) => folder,
        None => shared_models(&root)?,
    };

    let models = if sample {
        SAMPLE.iter().map(|(name, _)| folder.join(format!("{name}.json"))).collect()
    } else {
        corpus::supported_models(&folder).map_err(|e| format!("cannot read {}: {e}", folder.display()))?
    };
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    println!("generating {} models from {} on {threads} threads", models.len(), folder.display());
    let started = Instant::now();
    let outcomes = corpus::generate_all(&models, threads, |_| {});
    let generate_time = started.elapsed();

    let mut failed = Vec::new();
    for outcome in &outcomes {
        if let Err(message) = &outcome.result {
            failed.push(format!("{}: {message}", outcome.model.display()));
        }
    }
    for failure in &failed {
        println!("FAILED {failure}\n");
    }
    println!(
        "generate: {} passed, {} failed in {:.1} s",
        outcomes.len() - failed.len(),
        failed.len(),
        generate_time.as_secs_f64()
    );
    if !compile {
        return if failed.is_empty() { Ok(()) } else { Err(format!("{} models failed to generate", failed.len())) };
    }

    if sample {
        lint_sample(&root, &outcomes)?;
    } else {
        compile_all(&root, &outcomes)?;
    }
    if failed.is_empty() { Ok(()) } else { Err(format!("{} models failed to generate", failed.len())) }
}

/// Returns the AWS model folder: `INGOT_TEST_DATA/models/aws`, else
/// `../shared/models/aws` beside the checkout.
fn shared_models(root: &Path) -> Result<PathBuf, String> {
    let base = std::env::var_os("INGOT_TEST_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("..").join("shared"));
    let folder = base.join("models").join("aws");
    if folder.is_dir() {
        Ok(folder)
    } else {
        Err(format!("no model folder at {}; set INGOT_TEST_DATA or pass --models DIR", folder.display()))
    }
}

/// Writes the generated crates into `scratch` as one workspace and returns
/// their package names.
fn write_workspace(root: &Path, scratch: &Path, outcomes: &[corpus::Outcome]) -> Result<Vec<String>, String> {
    let crates = scratch.join("crates");
    let mut members = Vec::new();
    for outcome in outcomes {
        let Ok(generated) = &outcome.result else { continue };
        let stem = outcome.model.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let name = corpus::crate_name_for(&stem);
        let folder = crates.join(&name);
        // The runtime path in each manifest is relative to the crate folder.
        let mut files = generated.files.clone();
        if let Some(manifest) = files.get_mut("Cargo.toml") {
            let runtime = root.join("runtime");
            *manifest = manifest.replace("path = \"../runtime\"", &format!("path = {:?}", runtime.display().to_string()));
        }
        ingot_codegen::output::write_tree(&folder, &files).map_err(|e| format!("cannot write {}: {e}", folder.display()))?;
        members.push(name);
    }
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members.iter().map(|m| format!("\"crates/{m}\"")).collect::<Vec<_>>().join(", ")
    );
    std::fs::write(scratch.join("Cargo.toml"), manifest).map_err(|e| format!("cannot write the scratch workspace: {e}"))?;
    Ok(members)
}

/// Returns a `cargo` command that runs in `scratch` with its own target
/// folder, so that it never waits for the lock of the caller's build.
fn cargo(scratch: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO"));
    command.args(args).current_dir(scratch).env("CARGO_TARGET_DIR", scratch.join("target"));
    command
}

/// Compiles the sample crates with clippy and rustdoc, denying warnings.
fn lint_sample(root: &Path, outcomes: &[corpus::Outcome]) -> Result<(), String> {
    let scratch = root.join("target").join("sample");
    let members = write_workspace(root, &scratch, outcomes)?;

    let started = Instant::now();
    let status = cargo(&scratch, &["clippy", "--workspace", "--quiet", "--", "-D", "warnings"])
        .status()
        .map_err(|e| format!("cannot run cargo clippy: {e}"))?;
    println!("clippy -D warnings on {} crates: {} in {:.1} s", members.len(), verdict(status.success()), started.elapsed().as_secs_f64());
    if !status.success() {
        return Err("clippy found problems in the generated sample; see above".into());
    }

    let started = Instant::now();
    let status = cargo(&scratch, &["doc", "--workspace", "--no-deps", "--quiet"])
        .env("RUSTDOCFLAGS", "-D warnings")
        .status()
        .map_err(|e| format!("cannot run cargo doc: {e}"))?;
    println!("doc -D warnings on {} crates: {} in {:.1} s", members.len(), verdict(status.success()), started.elapsed().as_secs_f64());
    if !status.success() {
        return Err("rustdoc found problems in the generated sample; see above".into());
    }
    Ok(())
}

fn verdict(success: bool) -> &'static str {
    if success { "ok" } else { "FAILED" }
}

/// Writes every generated crate into `target/corpus` as one workspace and
/// runs `cargo check` on each, reporting the crates that fail.
fn compile_all(root: &Path, outcomes: &[corpus::Outcome]) -> Result<(), String> {
    let scratch = root.join("target").join("corpus");
    let members = write_workspace(root, &scratch, outcomes)?;

    let started = Instant::now();
    let mut failed = Vec::new();
    for (index, name) in members.iter().enumerate() {
        let crate_started = Instant::now();
        let status = cargo(&scratch, &["check", "--quiet", "--package", name])
            .status()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        println!(
            "[{}/{}] {name}: {} in {:.1} s",
            index + 1,
            members.len(),
            verdict(status.success()),
            crate_started.elapsed().as_secs_f64()
        );
        if !status.success() {
            failed.push(name.clone());
        }
    }
    println!(
        "compile: {} passed, {} failed in {:.1} s{}",
        members.len() - failed.len(),
        failed.len(),
        started.elapsed().as_secs_f64(),
        if failed.is_empty() { String::new() } else { format!(": {}", failed.join(", ")) }
    );
    if failed.is_empty() { Ok(()) } else { Err(format!("{} crates failed to compile", failed.len())) }
}
