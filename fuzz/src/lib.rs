//! Helpers that the fuzz targets share: a reader that turns one fuzz input
//! into choices, strings and a response, an HTTP client that returns that
//! response, a loopback server for the credentials endpoints, and one
//! async runtime per fuzzing thread.

pub mod input;
pub mod loopback;
pub mod responder;

use std::future::Future;

/// Runs `future` to completion on this thread's runtime, which is created
/// once, because building a runtime per input would dominate the time.
pub fn block_on<F: Future>(future: F) -> F::Output {
    thread_local! {
        static RUNTIME: tokio::runtime::Runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a current-thread runtime builds");
    }
    RUNTIME.with(|runtime| runtime.block_on(future))
}

/// Runs the generator's stages after assembly on `model`: select the
/// service, plan and emit, formatting the diagnostics of the stage that
/// fails, as the command line does.
///
/// # Panics
///
/// Panics when emitting fails, which only a generator bug causes.
pub fn generate(model: &ingot_codegen::model::Model, path: &std::path::Path) {
    use ingot_codegen::{emit, plan, select, Location};

    let at = Location::new(path, "$");
    let selection = match select::select(model, None, None, &at) {
        Ok(selection) => selection,
        Err(problems) => return consume(problems.to_string()),
    };
    let options = plan::CrateOptions {
        crate_name: "fuzzed".into(),
        crate_version: "0.1.0".into(),
        sources: vec![path.display().to_string()],
    };
    let plan = match plan::plan(model, &selection, &options) {
        Ok(plan) => plan,
        Err(problems) => return consume(problems.to_string()),
    };
    let manifest = emit::ManifestOptions {
        runtime_path: "../runtime".into(),
        protocol_tests: false,
    };
    // Emitting Rust that does not parse is a generator bug, not bad input.
    if let Err(message) = emit::emit(&plan, &manifest) {
        panic!("a model that passed every check produced invalid Rust: {message}");
    }
}

/// Uses `value` in a way the optimizer cannot remove, so that the
/// formatting and accessors a target calls on its results really run.
pub fn consume<T>(value: T) {
    std::hint::black_box(value);
}
