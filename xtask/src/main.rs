//! Project commands, run as `cargo xtask <command>`.
//!
//! - `codegen [--check]`: regenerates every crate under `generated/` from the
//!   models in `model/`; `--check` writes nothing and fails when a
//!   generated file is stale.

mod codegen;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  codegen [--check] [--model FILE]... [--out DIR] [--crate-name NAME] [--service ID]
      Generate a client crate from each model. Without --model, every
      model/*.json is generated into generated/<file name>/.
      --check        write nothing; fail, naming the files, when regenerating
                     would change them
      --model FILE   a Smithy JSON AST file; repeat to merge several files
                     into one model
      --out DIR      the crate folder to write (with --model)
      --crate-name   the generated crate's name (default: the first model's
                     file name)
      --service ID   the service to generate when the model has several
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen::run(&args[1..]),
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
