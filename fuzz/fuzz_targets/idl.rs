//! Smithy IDL text from the fuzz input goes through the generator's
//! pipeline as far as it gets: parse, convert to the JSON AST with the
//! built-in prelude, load, assemble, select, plan and emit. Every stage
//! must return its diagnostics for bad input; a panic or a hang is a bug.

#![no_main]

use std::path::Path;

use ingot_codegen::idl::{self, MixinMode, Source};
use ingot_codegen::model;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The loader rejects files that are not UTF-8 before parsing them.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("fuzz.smithy");
    let file = match idl::parse(path, text) {
        Ok(file) => file,
        Err(problems) => return ingot_fuzz::consume(problems.to_string()),
    };

    let (documents, problems) = idl::build(
        vec![Source::Idl(file)],
        idl::builtin_documents(),
        MixinMode::Flatten,
    );
    if !problems.is_empty() {
        return ingot_fuzz::consume(problems.to_string());
    }
    let files: Result<Vec<_>, _> = documents.iter().map(model::load_document).collect();
    let model = match files.and_then(model::assemble) {
        Ok(model) => model,
        Err(problems) => return ingot_fuzz::consume(problems.to_string()),
    };
    ingot_fuzz::generate(&model, path);
});
