//! `cargo xtask idl-tests`: runs the Smithy IDL loader conformance suite
//! and prints `valid: N/M loaded equal, invalid: N/M rejected`, naming each
//! failure.

use std::path::PathBuf;

use ingot_codegen::idl::conformance;

pub fn run(args: &[String]) -> Result<(), String> {
    let mut suite = None;
    let mut verbose = false;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--suite" => suite = Some(PathBuf::from(iter.next().ok_or("--suite needs a folder")?)),
            "--verbose" => verbose = true,
            other => {
                return Err(format!(
                    "unknown option `{other}` for idl-tests; see `cargo xtask help`"
                ))
            }
        }
    }
    let suite = suite.unwrap_or_else(default_suite);
    if !suite.join("valid").is_dir() || !suite.join("invalid").is_dir() {
        return Err(format!(
            "{} has no valid/ and invalid/ folders; pass the suite with --suite DIR or set INGOT_TEST_DATA",
            suite.display()
        ));
    }

    let report = conformance::run(&suite);
    if verbose {
        for rejection in &report.rejections {
            println!("{rejection}");
        }
    }
    println!("{report}");
    if report.passed() {
        Ok(())
    } else {
        Err(format!(
            "{} conformance cases failed",
            report.failures.len()
        ))
    }
}

/// Returns the suite in the shared test data: `INGOT_TEST_DATA`, else the
/// `shared` folder beside the checkout, as the tests find it.
fn default_suite() -> PathBuf {
    let shared = match std::env::var_os("INGOT_TEST_DATA") {
        Some(dir) => PathBuf::from(dir),
        None => {
            let root = crate::workspace_root();
            root.parent().unwrap_or(&root).join("shared")
        }
    };
    shared.join("smithy").join("idl-tests")
}
