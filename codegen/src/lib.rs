//! ingot's code generator: turns Smithy models into Rust client crates.
//!
//! The pipeline runs in stages, one module each:
//!
//! 1. [`model`] loads Smithy IDL and JSON AST files ([`idl`] reads the
//!    IDL) and assembles them with the prelude.
//! 2. [`select`] picks the service and the shapes it reaches.
//! 3. [`plan`] decides every Rust name and type.
//! 4. [`emit`] turns the plan into formatted Rust files.
//! 5. [`output`] writes them, or checks them against the files on disk.

pub mod corpus;
pub mod diagnostics;
pub mod emit;
pub mod idl;
pub mod model;
pub mod output;
pub mod plan;
pub mod select;

use std::fmt;
use std::path::{Path, PathBuf};

pub use diagnostics::{Diagnostic, Diagnostics, Location};
pub use emit::Files;

/// The models to read and the crate to generate from them.
#[derive(Clone, Debug)]
pub struct Options {
    /// The model files, `.smithy` IDL or `.json` JSON AST, and folders of
    /// them.
    pub models: Vec<PathBuf>,
    /// The service to generate, by shape id or name; needed only when the
    /// model has several.
    pub service: Option<String>,
    /// The operations to generate, by name; all when `None`. Only the
    /// shapes these operations reach are generated.
    pub operations: Option<Vec<String>>,
    /// The generated crate's name; letters, digits, `-` and `_` only.
    pub crate_name: String,
    pub crate_version: String,
    /// The path from the generated crate's folder to the runtime crate.
    pub runtime_path: String,
    /// How the stamp in each generated file names the models, such as
    /// `model/entityresolution.json`.
    pub source_names: Vec<String>,
}

/// A generated crate, in memory.
#[derive(Clone, Debug)]
pub struct Generated {
    pub files: Files,
    /// Shapes in the model outside the prelude.
    pub shape_count: usize,
    pub operation_count: usize,
}

/// The reason generation failed.
#[derive(Debug)]
pub enum Error {
    /// The model has problems; each names its file, place and shape.
    Model(Diagnostics),
    /// The generator produced invalid Rust, which is a bug in ingot.
    Emit(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Model(diagnostics) => write!(f, "{diagnostics}"),
            Self::Emit(message) => write!(f, "internal error, please report it: {message}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<Diagnostics> for Error {
    fn from(diagnostics: Diagnostics) -> Self {
        Self::Model(diagnostics)
    }
}

/// Loads the models and generates the client crate in memory.
///
/// # Errors
///
/// Fails with every problem found in the models, or when the crate name is
/// not a valid crate name.
pub fn generate(options: &Options) -> Result<Generated, Error> {
    let first = options.models.first().map(PathBuf::as_path).unwrap_or(Path::new("<no model>"));
    let at = Location::new(first, "$");
    check_crate_name(&options.crate_name, &at)?;

    let mut problems = Diagnostics::default();
    let files = match model::load_paths(&options.models) {
        Ok(files) => files,
        Err(found) => {
            problems.extend(found);
            Vec::new()
        }
    };
    if options.models.is_empty() {
        problems.push(Diagnostic::new(at.clone(), "no model files given"));
    }
    problems.into_result(())?;

    let model = model::assemble(files)?;
    let selection = select::select(&model, options.service.as_deref(), options.operations.as_deref(), &at)?;
    let crate_options = plan::CrateOptions {
        crate_name: options.crate_name.clone(),
        crate_version: options.crate_version.clone(),
        sources: options.source_names.clone(),
    };
    let plan = plan::plan(&model, &selection, &crate_options)?;
    let manifest = emit::ManifestOptions {
        runtime_path: options.runtime_path.clone(),
    };
    let files = emit::emit(&plan, &manifest).map_err(Error::Emit)?;

    Ok(Generated {
        files,
        shape_count: model.user_shape_count(),
        operation_count: plan.operations.len(),
    })
}

/// Rejects crate names that Cargo would reject or that could lead outside
/// the output folder.
fn check_crate_name(name: &str, at: &Location) -> Result<(), Diagnostics> {
    let valid = !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && name.starts_with(|c: char| c.is_ascii_alphabetic());
    if valid {
        return Ok(());
    }
    Err(Diagnostic::new(at.clone(), format!("invalid crate name {name:?}"))
        .hint("use ASCII letters, digits, `-` and `_`, starting with a letter")
        .into())
}
