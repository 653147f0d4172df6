//! Runs one of the minimal programs against the loopback server and checks
//! that it made exactly one StartIdMappingJob call and printed the job id.
//! Prints its wall time and peak memory as one JSON object on stdout.
//!
//! ```text
//! run_program PROGRAM SCRATCH_DIR
//! ```
//!
//! The program gets an empty environment apart from the region, static
//! credentials, the endpoint of the loopback server, and a HOME and AWS
//! config paths inside SCRATCH_DIR that hold no files, so neither SDK can
//! find anything else to contact.

use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use ingot_bench::fixture;
use ingot_bench::server::LoopbackServer;

/// The maximum run time of a one-call program before it is killed.
const TIMEOUT: Duration = Duration::from_secs(60);

fn run() -> Result<serde_json::Value, String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [program, scratch] = args.as_slice() else {
        return Err("usage: run_program PROGRAM SCRATCH_DIR".into());
    };
    let scratch = Path::new(scratch);
    std::fs::create_dir_all(scratch)
        .map_err(|e| format!("cannot create {}: {e}", scratch.display()))?;
    let server =
        LoopbackServer::start().map_err(|e| format!("cannot start the loopback server: {e}"))?;

    let started = Instant::now();
    let mut child = Command::new(program)
        .env_clear()
        .env("HOME", scratch)
        .env("AWS_CONFIG_FILE", scratch.join("no-config"))
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            scratch.join("no-credentials"),
        )
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_REGION", fixture::REGION)
        .env("AWS_ACCESS_KEY_ID", fixture::ACCESS_KEY_ID)
        .env("AWS_SECRET_ACCESS_KEY", fixture::SECRET_ACCESS_KEY)
        .env("AWS_ENDPOINT_URL_ENTITYRESOLUTION", server.endpoint())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {program}: {e}"))?;

    while child
        .try_wait()
        .map_err(|e| format!("cannot wait for {program}: {e}"))?
        .is_none()
    {
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "{program} did not finish within {} s",
                TIMEOUT.as_secs()
            ));
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    let wall = started.elapsed();
    let output = child
        .wait_with_output()
        .map_err(|e| format!("cannot read the output of {program}: {e}"))?;
    let max_rss_kib = ingot_bench::rusage::children_max_rss_kib()
        .map_err(|e| format!("getrusage failed: {e}"))?;

    let stdout = String::from_utf8_lossy(&output.stdout);
    let expected = format!("jobId: {}", fixture::JOB_ID);
    if !output.status.success() || stdout.trim() != expected {
        return Err(format!(
            "{program} failed ({}); expected {expected:?} on stdout\nstdout: {stdout}\nstderr: {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    if server.request_count() != 1 {
        return Err(format!(
            "{program} sent {} requests, expected 1",
            server.request_count()
        ));
    }
    Ok(serde_json::json!({ "wall_s": wall.as_secs_f64(), "max_rss_kib": max_rss_kib }))
}

fn main() -> ExitCode {
    match run() {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("run_program: {message}");
            ExitCode::FAILURE
        }
    }
}
