//! A JSON AST model from the fuzz input goes through the generator's
//! pipeline as far as it gets: load, assemble with the prelude, select the
//! service, plan, and emit the crate in memory. Every stage must return
//! its diagnostics for bad input; a panic or a hang is a bug.

#![no_main]

use std::path::Path;

use ingot_codegen::model;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.json");
    let model = match model::load_json(path, data).and_then(|file| model::assemble(vec![file])) {
        Ok(model) => model,
        Err(problems) => return ingot_fuzz::consume(problems.to_string()),
    };
    ingot_fuzz::generate(&model, path);
});
