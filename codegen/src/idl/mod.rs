//! Smithy IDL support, and the steps that need every file of a model.
//!
//! An IDL file is lexed and parsed into a syntax tree ([`parse`]), then
//! converted into the JSON AST a `.json` model file contains, so that both
//! formats reach the typed model the same way. Converting needs the whole
//! model because a relative shape id may name a shape of another file.
//! [`build`] therefore takes every file at once. Over all files, it then
//! gives elided members their target, upgrades Smithy 1.0 files, applies
//! `apply` entries and resolves mixins.
//!
//! The built-in prelude ([`builtin_documents`]) is written in IDL and read
//! the same way.

mod convert;
mod document;
mod elision;
mod lexer;
mod mixins;
mod parser;
mod syntax;
mod upgrade;

pub mod conformance;

use std::path::Path;
use std::sync::OnceLock;

pub use document::Document;
pub use mixins::{flatten_mixins, MixinMode};
pub use parser::SyntaxError;
pub use syntax::IdlFile;

use crate::diagnostics::{Diagnostic, Diagnostics, Location};

/// A model file, read and parsed.
#[derive(Clone, Debug)]
pub enum Source {
    /// A parsed `.smithy` file.
    Idl(IdlFile),
    /// A `.json` JSON AST file.
    Json(Document),
}

/// Parses the Smithy IDL `text` of the file at `path`.
///
/// # Errors
///
/// Fails with the first syntax error, at its line and column.
pub fn parse(path: &Path, text: &str) -> Result<IdlFile, Diagnostics> {
    parser::parse(path, text)
        .map_err(|error| Diagnostic::new(Location::at_line(path, error.at), error.message).into())
}

/// Converts `sources` into JSON AST documents, one per source and in the
/// same order, and runs the steps that need the whole model: elided
/// members, the Smithy 1.0 upgrade, `apply` entries and mixins (kept or
/// flattened as `mode` selects). `others` are read-only documents the sources
/// may refer to, such as [`builtin_documents`].
///
/// Returns the documents with every problem found; the documents are only
/// meaningful when there is none.
pub fn build(
    sources: Vec<Source>,
    others: &[Document],
    mode: MixinMode,
) -> (Vec<Document>, Diagnostics) {
    let idl_files: Vec<&IdlFile> = sources
        .iter()
        .filter_map(|s| match s {
            Source::Idl(file) => Some(file),
            Source::Json(_) => None,
        })
        .collect();
    let json_documents = sources.iter().filter_map(|s| match s {
        Source::Json(document) => Some(document),
        Source::Idl(_) => None,
    });
    // Only IDL files have relative ids to resolve.
    let known = if idl_files.is_empty() {
        convert::Known::default()
    } else {
        convert::Known::new(&idl_files, json_documents.chain(others))
    };

    let mut problems = Diagnostics::default();
    let mut documents = Vec::with_capacity(sources.len());
    let mut elided = Vec::new();
    let mut bindings = Vec::new();
    for source in sources {
        match source {
            Source::Idl(file) => {
                let converted = convert::convert(&file, &known, documents.len());
                documents.push(converted.document);
                elided.extend(converted.elided);
                bindings.extend(converted.bindings);
                problems.extend(converted.problems);
            }
            Source::Json(document) => documents.push(document),
        }
    }

    if !elided.is_empty() || !bindings.is_empty() {
        problems.extend(elision::resolve(&mut documents, others, elided, &bindings));
    }
    problems.extend(upgrade::upgrade(&mut documents, others));
    problems.extend(mixins::resolve(&mut documents, others, mode));
    (documents, problems)
}

/// The built-in models as IDL text, by the name their locations show.
const BUILTIN_SOURCES: [(&str, &str); 2] = [
    ("<prelude>", include_str!("prelude.smithy")),
    ("<smithy.framework>", include_str!("framework.smithy")),
];

/// Returns the built-in models, parsed once: the `smithy.api` prelude and
/// the `smithy.framework` validation shapes.
pub fn builtin_documents() -> &'static [Document] {
    static DOCUMENTS: OnceLock<Vec<Document>> = OnceLock::new();
    DOCUMENTS.get_or_init(|| {
        let mut sources = Vec::new();
        for (name, text) in BUILTIN_SOURCES {
            match parse(Path::new(name), text) {
                Ok(file) => sources.push(Source::Idl(file)),
                // The built-in text is part of ingot; a unit test keeps it
                // valid, so this is a bug, not bad input.
                Err(problems) => panic!("the built-in model {name} is invalid:\n{problems}"),
            }
        }
        let (documents, problems) = build(sources, &[], MixinMode::Flatten);
        assert!(
            problems.is_empty(),
            "the built-in models are invalid:\n{problems}"
        );
        documents
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_models_load() {
        let documents = builtin_documents();
        assert_eq!(documents.len(), 2);
        let prelude = documents[0].shapes().unwrap();
        assert_eq!(prelude["smithy.api#tags"]["type"], "list");
        assert_eq!(
            prelude["smithy.api#PrimitiveInteger"]["traits"]["smithy.api#default"],
            0
        );
        // Annotation traits get an empty object, or an empty list for lists.
        assert_eq!(
            prelude["smithy.api#auth"]["traits"]["smithy.api#uniqueItems"],
            serde_json::json!({})
        );
    }
}
