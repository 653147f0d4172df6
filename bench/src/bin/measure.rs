//! Runs a command and prints, as one JSON object on stdout, its wall time,
//! exit code and peak memory (maximum resident set size).
//!
//! ```text
//! measure -- PROGRAM [ARGS...]
//! ```
//!
//! The command's own output goes to this program's stderr, so that stdout
//! carries only the measurement.

use std::os::fd::AsFd;
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

fn run() -> Result<serde_json::Value, String> {
    let mut args = std::env::args().skip(1);
    if args.next().as_deref() != Some("--") {
        return Err("usage: measure -- PROGRAM [ARGS...]".into());
    }
    let program = args.next().ok_or("usage: measure -- PROGRAM [ARGS...]")?;
    let stderr = std::io::stderr()
        .as_fd()
        .try_clone_to_owned()
        .map_err(|e| format!("cannot share stderr: {e}"))?;

    let started = Instant::now();
    let status = Command::new(&program)
        .args(args)
        .stdout(Stdio::from(stderr))
        .status()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    let wall = started.elapsed();
    let max_rss_kib = ingot_bench::rusage::children_max_rss_kib()
        .map_err(|e| format!("getrusage failed: {e}"))?;

    Ok(serde_json::json!({
        "wall_s": wall.as_secs_f64(),
        "exit_code": status.code(),
        "max_rss_kib": max_rss_kib,
    }))
}

fn main() -> ExitCode {
    match run() {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("measure: {message}");
            ExitCode::FAILURE
        }
    }
}
