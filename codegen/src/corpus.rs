//! Runs the generator over a folder of models, such as the published AWS
//! models, and reports which ones fail. Used by the corpus test and by
//! `cargo xtask corpus`.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::{generate, Generated, Options};

/// The protocol traits this version of ingot generates clients for.
pub const SUPPORTED_PROTOCOLS: &[&str] = &["aws.protocols#restJson1", "aws.protocols#awsJson1_0", "aws.protocols#awsJson1_1"];

/// The outcome of generating one model.
#[derive(Debug)]
pub struct Outcome {
    pub model: PathBuf,
    pub result: Result<Generated, String>,
    pub elapsed: Duration,
}

/// Returns the JSON models in `folder` whose service uses a supported
/// protocol, sorted by path.
///
/// # Errors
///
/// Fails when the folder cannot be read; a model that is not valid JSON is
/// kept, so that generating it reports the problem.
pub fn supported_models(folder: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut models = Vec::new();
    for entry in std::fs::read_dir(folder)? {
        let path = entry?.path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        if uses_supported_protocol(&path).unwrap_or(true) {
            models.push(path);
        }
    }
    models.sort();
    Ok(models)
}

/// Returns whether any service shape of the model at `path` has a supported
/// protocol trait, or `None` when the file cannot be read as JSON.
fn uses_supported_protocol(path: &Path) -> Option<bool> {
    let text = std::fs::read(path).ok()?;
    let model: serde_json::Value = serde_json::from_slice(&text).ok()?;
    let shapes = model.get("shapes")?.as_object()?;
    Some(shapes.values().any(|shape| {
        shape.get("type").and_then(|t| t.as_str()) == Some("service")
            && shape
                .get("traits")
                .and_then(|t| t.as_object())
                .is_some_and(|traits| SUPPORTED_PROTOCOLS.iter().any(|p| traits.contains_key(*p)))
    }))
}

/// Returns the generator options for one corpus model: a crate named after
/// the file, depending on the runtime at `runtime_path`.
pub fn options_for(model: &Path, runtime_path: &str) -> Options {
    let stem = model.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    Options {
        models: vec![model.to_path_buf()],
        service: None,
        operations: None,
        crate_name: crate_name_for(&stem),
        crate_version: "0.1.0".into(),
        runtime_path: runtime_path.to_string(),
        source_names: vec![format!("{stem}.json")],
    }
}

/// Returns a valid crate name for a model file stem such as `iot-data`.
pub fn crate_name_for(stem: &str) -> String {
    let name: String = stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name
    } else {
        format!("model_{name}")
    }
}

/// Generates every model in memory on `threads` threads, calling `done`
/// after each, and returns the outcomes in the order of `models`. A panic
/// in the generator is caught and reported as that model's failure.
pub fn generate_all(models: &[PathBuf], threads: usize, done: impl Fn(&Outcome) + Sync) -> Vec<Outcome> {
    let next = AtomicUsize::new(0);
    let outcomes = Mutex::new(Vec::with_capacity(models.len()));
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(model) = models.get(index) else { break };
                let started = Instant::now();
                let options = options_for(model, "../runtime");
                let result = std::panic::catch_unwind(|| generate(&options))
                    .map_err(|panic| format!("the generator panicked: {}", panic_message(&panic)))
                    .and_then(|result| result.map_err(|e| e.to_string()));
                let outcome = Outcome { model: model.clone(), result, elapsed: started.elapsed() };
                done(&outcome);
                outcomes.lock().unwrap_or_else(|e| e.into_inner()).push((index, outcome));
            });
        }
    });
    let mut outcomes = outcomes.into_inner().unwrap_or_else(|e| e.into_inner());
    outcomes.sort_by_key(|(index, _)| *index);
    outcomes.into_iter().map(|(_, outcome)| outcome).collect()
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".to_string())
}
