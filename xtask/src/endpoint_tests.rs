//! `cargo xtask endpoint-tests [--model FILE]...`: runs the
//! `smithy.rules#endpointTests` cases of Smithy models through the
//! runtime's rules engine and prints `N passed, M failed`, naming each
//! failure with its model and documentation. Without `--model`, it runs
//! every AWS model of the shared test data.

use std::path::{Path, PathBuf};
use std::time::Instant;

use ingot_runtime::endpoint::testing;

pub fn run(args: &[String]) -> Result<(), String> {
    let mut models = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--model" => models.push(PathBuf::from(iter.next().ok_or("--model needs a file")?)),
            other => {
                return Err(format!(
                    "unknown option `{other}` for endpoint-tests; see `cargo xtask help`"
                ))
            }
        }
    }
    if models.is_empty() {
        models = corpus_models(&crate::workspace_root())?;
    }

    let started = Instant::now();
    let report = testing::run_model_files(&models);
    for failure in &report.failures {
        println!("FAILED {failure}");
    }
    println!(
        "ran the endpoint tests of {} models in {:.1} s",
        models.len(),
        started.elapsed().as_secs_f64()
    );
    if report.passed_with_earlier_partitions > 0 {
        println!(
            "{} of the passed cases match only the earlier partitions data, in which the isolated \
             partitions (aws-iso, aws-iso-b, aws-iso-e, aws-iso-f) had no dual-stack endpoints",
            report.passed_with_earlier_partitions
        );
    }
    println!("{}", report.summary());

    if report.failed > 0 {
        return Err(format!(
            "{} failed; see the FAILED lines above",
            report.failed
        ));
    }
    Ok(())
}

/// Returns the AWS models of the shared test data: `INGOT_TEST_DATA`, else
/// `shared` beside the checkout.
fn corpus_models(root: &Path) -> Result<Vec<PathBuf>, String> {
    let base = std::env::var_os("INGOT_TEST_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("..").join("shared"));
    let folder = base.join("models").join("aws");
    let entries = std::fs::read_dir(&folder).map_err(|error| {
        format!(
            "cannot read the model corpus at {}: {error}; set INGOT_TEST_DATA or pass --model FILE",
            folder.display()
        )
    })?;

    let mut models: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "json")
        })
        .collect();
    models.sort();
    if models.is_empty() {
        return Err(format!("no *.json model in {}", folder.display()));
    }
    Ok(models)
}
