//! Code generation time and peak memory, and lines of generated Rust
//! beside the official crate's.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use ingot_runtime::json::{Map, Value};

use super::{cargo, output_of, parse_json, Paths};

/// Runs each generation under `measure` (one run with --quick, else the
/// median of three) and returns wall time and peak memory per model set.
pub fn run(paths: &Paths, quick: bool) -> Result<Value, String> {
    let xtask =
        std::env::current_exe().map_err(|e| format!("cannot find the xtask binary: {e}"))?;
    let runs = if quick { 1 } else { 3 };
    let codegen_out = paths.out.join("codegen");
    let mut results = Map::new();

    let model = paths.root.join("model").join("entityresolution.json");
    let args = generate_args(&model, &codegen_out.join("model"));
    results.insert("model".into(), measure_runs(paths, &xtask, &args, runs)?);

    match shared_models() {
        Some(folder) => {
            let full = folder.join("entityresolution.json");
            let args = generate_args(&full, &full_model_out(paths));
            results.insert("full_model".into(), measure_runs(paths, &xtask, &args, runs)?);
            let args = vec!["corpus".to_string(), "--models".to_string(), folder.display().to_string()];
            results.insert("corpus".into(), measure_runs(paths, &xtask, &args, runs)?);
        }
        None => eprintln!("bench: no shared AWS models (set INGOT_TEST_DATA); skipping the full model and the corpus"),
    }
    Ok(Value::Object(results))
}

fn generate_args(model: &Path, out: &Path) -> Vec<String> {
    [
        "codegen",
        "--model",
        &model.display().to_string(),
        "--out",
        &out.display().to_string(),
        "--crate-name",
        "entityresolution",
    ]
    .map(String::from)
    .to_vec()
}

/// Returns the folder of the crate generated from the full Entity
/// Resolution model.
fn full_model_out(paths: &Paths) -> PathBuf {
    paths.out.join("codegen").join("full")
}

/// Returns the AWS model folder of the shared test data, as
/// `cargo xtask corpus` finds it: `INGOT_TEST_DATA/models/aws`, else
/// `../shared/models/aws` beside the checkout.
fn shared_models() -> Option<PathBuf> {
    let base = std::env::var_os("INGOT_TEST_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::workspace_root().join("..").join("shared"));
    let folder = base.join("models").join("aws");
    folder.is_dir().then_some(folder)
}

/// Runs `xtask ARGS` `runs` times and returns the median wall time, the
/// peak memory of that run, and the last line the command printed.
fn measure_runs(
    paths: &Paths,
    xtask: &Path,
    args: &[String],
    runs: usize,
) -> Result<Value, String> {
    let mut measured = Vec::new();
    for _ in 0..runs {
        let output = Command::new(paths.suite_binary("measure"))
            .arg("--")
            .arg(xtask)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("cannot run measure: {e}"))?;
        let report = parse_json(&String::from_utf8_lossy(&output.stdout), "measure output")?;
        let printed = String::from_utf8_lossy(&output.stderr).into_owned();
        if report["exit_code"].as_i64() != Some(0) {
            return Err(format!(
                "`xtask {}` failed:\n{}",
                args.join(" "),
                super::tail(&printed, 20)
            ));
        }
        measured.push((report, printed));
    }
    measured.sort_by(|a, b| {
        a.0["wall_s"]
            .as_f64()
            .unwrap_or(0.0)
            .total_cmp(&b.0["wall_s"].as_f64().unwrap_or(0.0))
    });
    let (report, printed) = &measured[measured.len() / 2];

    let mut result = Map::new();
    result.insert("wall_s".into(), report["wall_s"].clone());
    result.insert("max_rss_kib".into(), report["max_rss_kib"].clone());
    result.insert("runs".into(), Value::from(runs));
    let summary = printed
        .lines()
        .rev()
        .find(|line| line.starts_with("generate") || line.starts_with("generated"));
    result.insert("summary".into(), Value::from(summary.unwrap_or_default()));
    Ok(Value::Object(result))
}

/// Counts the lines of Rust that ingot generates for the full Entity
/// Resolution model, and those of the official crate's `src/`.
pub fn count_lines(paths: &Paths) -> Result<Value, String> {
    let mut results = Map::new();
    let generated = full_model_out(paths).join("src");
    if generated.is_dir() {
        results.insert("ingot".into(), count_rust_lines(&generated)?);
    }
    let official = official_crate_folder(paths)?.join("src");
    results.insert("official".into(), count_rust_lines(&official)?);
    Ok(Value::Object(results))
}

/// Returns the folder of the `aws-sdk-entityresolution` crate that
/// `bench/Cargo.lock` pins, from `cargo metadata`.
fn official_crate_folder(paths: &Paths) -> Result<PathBuf, String> {
    let mut command = cargo(paths, &paths.suite_target());
    command.args(["metadata", "--format-version", "1", "--locked", "--offline"]);
    let metadata = parse_json(
        &output_of(command, "cargo metadata in bench/")?,
        "cargo metadata output",
    )?;
    let packages = metadata["packages"]
        .as_array()
        .ok_or("cargo metadata lists no packages")?;
    let manifest = packages
        .iter()
        .find(|package| package["name"] == "aws-sdk-entityresolution")
        .and_then(|package| package["manifest_path"].as_str())
        .ok_or("cargo metadata does not list aws-sdk-entityresolution")?;
    Path::new(manifest)
        .parent()
        .map(Path::to_path_buf)
        .ok_or_else(|| format!("invalid manifest path {manifest}"))
}

/// Counts `.rs` files under `folder`, their lines, and their code lines:
/// lines that are neither blank nor only a `//` comment.
fn count_rust_lines(folder: &Path) -> Result<Value, String> {
    let mut files = 0u64;
    let mut lines = 0u64;
    let mut code = 0u64;
    let mut pending = vec![folder.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries =
            std::fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry
                .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
                .path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                files += 1;
                for line in text.lines() {
                    lines += 1;
                    let trimmed = line.trim();
                    if !trimmed.is_empty() && !trimmed.starts_with("//") {
                        code += 1;
                    }
                }
            }
        }
    }
    let mut result = Map::new();
    result.insert("files".into(), Value::from(files));
    result.insert("lines".into(), Value::from(lines));
    result.insert("code_lines".into(), Value::from(code));
    Ok(Value::Object(result))
}
