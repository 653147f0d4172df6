//! Project commands, run as `cargo xtask <command>`.
//!
//! - `bench [--quick]`: benchmarks ingot's client against the official SDK
//!   and writes `BENCHMARKS.md`.
//! - `codegen [--check]`: regenerates every crate under `generated/` from the
//!   models in `model/`; `--check` writes nothing and fails when a
//!   generated file is stale.
//! - `endpoint-tests [--model FILE]...`: runs the endpoint test cases of
//!   models through the runtime's rules engine.
//! - `fuzz [--seconds N] [--target NAME]`: runs the cargo-fuzz targets in
//!   `fuzz/` for N seconds each.
//! - `idl-tests [--suite DIR] [--verbose]`: runs the Smithy IDL loader
//!   conformance suite.
//! - `protocol-tests [--verbose]`: runs the Smithy protocol tests of the
//!   restJson1 and awsJson test services against generated clients.

mod bench;
mod codegen;
mod corpus;
mod endpoint_tests;
mod fuzz;
mod idl_tests;
mod protocol_tests;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  bench [--quick | --report-only]
      Measure ingot's Entity Resolution client against the official
      aws-sdk-entityresolution on this machine (per-call overhead, signing,
      serialization, build time and size, code generation, lines) and write
      BENCHMARKS.md and target/bench/results.json. Takes 15 to 30 minutes on
      2 cores; needs the package registry once for the official SDK.
      --quick        few calls, short criterion runs, and builds that reuse
                     the previous target folders: checks that the suite works
      --report-only  rewrite BENCHMARKS.md from target/bench/results.json
                     without measuring
  codegen [--check] [--model FILE]... [--out DIR] [--crate-name NAME] [--service ID]
          [--operations A,B,...]
      Generate a client crate from each model. Without --model, every
      model/*.json is generated into generated/<file name>/.
      --check        write nothing; fail, naming the files, when regenerating
                     would change them
      --model PATH   a Smithy IDL (.smithy) or JSON AST (.json) file, or a
                     folder of them; repeat to merge several into one model
      --out DIR      the crate folder to write (with --model)
      --crate-name   the generated crate's name (default: the first model's
                     file name)
      --service ID   the service to generate when the model has several
      --operations   generate only these operations, by model name, and the
                     shapes they reach
  corpus [--compile] [--models DIR]
      Generate every restJson1 and awsJson model of DIR (default: the AWS
      models of the shared test data) in memory and print `N passed, M
      failed`, naming each failure. --compile also writes the crates to
      target/corpus and runs `cargo check` on each; this takes hours.
  endpoint-tests [--model FILE]...
      Run the smithy.rules#endpointTests cases of each model through the
      runtime's endpoint rules engine and print `N passed, M failed`, naming
      each failure with its model and documentation. Without --model, run
      the AWS models of the shared test data.
  fuzz [--seconds N] [--target NAME]
      Build the cargo-fuzz targets in fuzz/ and run each (or only NAME) for
      N seconds (default 10), seeded from the repository's and the shared
      test inputs; print per target the executions, executions per second
      and any crash with its input file. Needs cargo-fuzz (`cargo install
      cargo-fuzz --locked`); runs on a stable toolchain with
      RUSTC_BOOTSTRAP=1. Corpora and crash inputs go to target/fuzz/.
  idl-tests [--suite DIR] [--verbose]
      Run the Smithy IDL loader conformance suite in DIR (default: the
      smithy/idl-tests folder of the shared test data) and print `valid: N/M
      loaded equal, invalid: N/M rejected`, naming each failure. --verbose
      also prints, for each invalid model, the reference message and ingot's.
  protocol-tests [--verbose]
      Generate a client with its Smithy protocol tests for each restJson1,
      awsJson1_0 and awsJson1_1 test service of the shared test data, run
      them in target/protocol-tests, and print per protocol `N passed, M
      failed, K skipped`, naming each failure. Cases listed in
      xtask/protocol-tests-skipped.txt are left out. --verbose prints each
      failure's whole message instead of its first lines.
";

/// Returns the workspace root: xtask sits one level below it.
fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("bench") => bench::run(&args[1..]),
        Some("codegen") => codegen::run(&args[1..]),
        Some("corpus") => corpus::run(&args[1..]),
        Some("endpoint-tests") => endpoint_tests::run(&args[1..]),
        Some("fuzz") => fuzz::run(&args[1..]),
        Some("idl-tests") => idl_tests::run(&args[1..]),
        Some("protocol-tests") => protocol_tests::run(&args[1..]),
        Some("help" | "--help" | "-h") => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{USAGE}")),
        None => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}
