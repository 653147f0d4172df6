//! The machine, toolchain and dependency versions of a run, and the load
//! average seen during it.

use std::path::Path;
use std::process::Command;

use ingot_runtime::json::{Map, Value};

/// Returns the processor model, core count, memory and kernel.
pub fn describe() -> Value {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find_map(|line| {
            line.strip_prefix("model name")
                .and_then(|rest| rest.split_once(':'))
                .map(|(_, v)| v.trim())
        })
        .unwrap_or("unknown")
        .to_string();
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let memory_kib = meminfo
        .lines()
        .find_map(|line| line.strip_prefix("MemTotal:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok()
        })
        .unwrap_or(0);
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .unwrap_or_default()
        .trim()
        .to_string();

    let mut machine = Map::new();
    machine.insert("cpu".into(), Value::from(cpu));
    machine.insert("cores".into(), Value::from(cores));
    machine.insert(
        "memory_gib".into(),
        Value::from((memory_kib as f64 / 1_048_576.0 * 10.0).round() / 10.0),
    );
    machine.insert("kernel".into(), Value::from(kernel));
    Value::Object(machine)
}

/// Returns the rustc version and the versions of the compared crates that
/// `bench/Cargo.lock` pins.
pub fn versions(bench: &Path) -> Value {
    let rustc = Command::new(std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into()))
        .arg("--version")
        .output()
        .ok()
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_string())
        .unwrap_or_else(|| "unknown".into());
    let lock = std::fs::read_to_string(bench.join("Cargo.lock")).unwrap_or_default();

    let mut versions = Map::new();
    versions.insert("rustc".into(), Value::from(rustc));
    for name in [
        "aws-sdk-entityresolution",
        "aws-config",
        "aws-sigv4",
        "aws-smithy-runtime",
        "hyper",
        "criterion",
    ] {
        if let Some(version) = locked_version(&lock, name) {
            versions.insert(name.into(), Value::from(version));
        }
    }
    Value::Object(versions)
}

/// Returns the highest version of package `name` in a Cargo.lock.
fn locked_version(lock: &str, name: &str) -> Option<String> {
    let wanted = format!("name = \"{name}\"");
    let mut lines = lock.lines();
    let mut found: Option<String> = None;
    while let Some(line) = lines.next() {
        if line.trim() != wanted {
            continue;
        }
        let version = lines
            .next()
            .and_then(|l| l.trim().strip_prefix("version = "))
            .map(|v| v.trim_matches('"').to_string());
        // Several versions can be locked (hyper 0.14 and 1); the last listed is the highest.
        if version.is_some() {
            found = version;
        }
    }
    found
}

/// Samples of `/proc/loadavg` taken between the steps of a run.
#[derive(Default)]
pub struct LoadSampler {
    samples: Vec<(String, [f64; 3])>,
}

impl LoadSampler {
    /// Records the load average now, labelled with the step just finished.
    pub fn sample(&mut self, label: &str) {
        let text = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
        let mut fields = text
            .split_whitespace()
            .map(|f| f.parse::<f64>().unwrap_or(f64::NAN));
        let values = [
            fields.next().unwrap_or(f64::NAN),
            fields.next().unwrap_or(f64::NAN),
            fields.next().unwrap_or(f64::NAN),
        ];
        self.samples.push((label.to_string(), values));
    }

    pub fn to_json(&self) -> Value {
        let samples = self
            .samples
            .iter()
            .map(|(label, values)| {
                let mut sample = Map::new();
                sample.insert("after".into(), Value::from(label.as_str()));
                sample.insert("one_minute".into(), Value::from(values[0]));
                sample.insert("five_minutes".into(), Value::from(values[1]));
                sample.insert("fifteen_minutes".into(), Value::from(values[2]));
                Value::Object(sample)
            })
            .collect::<Vec<_>>();
        Value::from(samples)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locked_version_takes_the_last_entry() {
        let lock = "[[package]]\nname = \"hyper\"\nversion = \"0.14.32\"\n\n[[package]]\nname = \"hyper\"\nversion = \"1.13.0\"\n";
        assert_eq!(locked_version(lock, "hyper").as_deref(), Some("1.13.0"));
        assert_eq!(locked_version(lock, "tokio"), None);
    }
}
