//! Reads model files: Smithy IDL (`.smithy`) and JSON AST (`.json`) files,
//! and folders of them. Every file becomes a JSON AST document first (see
//! [`crate::idl`]), then shapes. The place of everything is recorded so
//! that later stages can report where a problem is, as a line and column
//! for IDL files and a JSON path for JSON files.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::{Member, Members, Operation, Reference, Resource, Service, Shape, ShapeId, ShapeKind, Traits};
use crate::diagnostics::{Diagnostic, Diagnostics, LineColumn, Location};
use crate::idl::{self, Document, MixinMode, Source};

/// The shapes and `apply` statements of one model file.
#[derive(Clone, Debug, Default)]
pub struct ModelFile {
    pub shapes: Vec<Shape>,
    /// Traits that `apply` entries add to shapes defined elsewhere.
    pub applies: Vec<(ShapeId, Traits)>,
}

/// Maximum depth of the folders searched for model files.
const MAX_FOLDER_DEPTH: usize = 32;

/// Reads the model files and folders at `paths` as one model, with mixins
/// flattened. Returns one [`ModelFile`] per file, with folders expanded
/// into their `.smithy` and `.json` files sorted by path.
///
/// # Errors
///
/// Fails with every problem found: unreadable or unsupported files, syntax
/// errors, invalid shapes, mixins or `apply` statements.
pub fn load_paths(paths: &[PathBuf]) -> Result<Vec<ModelFile>, Diagnostics> {
    let documents = load_documents(paths, MixinMode::Flatten)?;
    let mut files = Vec::with_capacity(documents.len());
    let mut problems = Diagnostics::default();
    for document in &documents {
        match load_document(document) {
            Ok(file) => files.push(file),
            Err(found) => problems.extend(found),
        }
    }
    problems.into_result(files)
}

/// Reads the model files and folders at `paths` as one model into JSON AST
/// documents, one per file, with mixins kept or flattened as `mode`
/// selects.
///
/// # Errors
///
/// Fails like [`load_paths`], except for problems in the shapes themselves,
/// which [`load_document`] finds.
pub fn load_documents(paths: &[PathBuf], mode: MixinMode) -> Result<Vec<Document>, Diagnostics> {
    let files = model_files(paths)?;
    let mut sources = Vec::with_capacity(files.len());
    let mut problems = Diagnostics::default();
    for path in &files {
        match read_source(path) {
            Ok(source) => sources.push(source),
            Err(found) => problems.extend(found),
        }
    }
    // Resolving names across files with one file missing would only add
    // misleading problems.
    problems.into_result(())?;

    let (documents, problems) = idl::build(sources, idl::builtin_documents(), mode);
    problems.into_result(documents)
}

/// Reads and parses the model file at `path`, `.smithy` or `.json`, as a
/// model of its own.
pub fn load_file(path: &Path) -> Result<ModelFile, Diagnostics> {
    let files = load_paths(&[path.to_path_buf()])?;
    let mut merged = ModelFile::default();
    for file in files {
        merged.shapes.extend(file.shapes);
        merged.applies.extend(file.applies);
    }
    Ok(merged)
}

/// Parses JSON AST `bytes`, read from `path`, as a model of its own.
pub fn load_json(path: &Path, bytes: &[u8]) -> Result<ModelFile, Diagnostics> {
    let text = utf8(path, bytes)?;
    let document = parse_json(path, text)?;
    let (documents, problems) = idl::build(vec![Source::Json(document)], idl::builtin_documents(), MixinMode::Flatten);
    problems.into_result(())?;
    match documents.first() {
        Some(document) => load_document(document),
        None => Ok(ModelFile::default()),
    }
}

/// Returns the files `paths` name: files as given, folders replaced by the
/// `.smithy` and `.json` files below them, sorted by path.
fn model_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Diagnostics> {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut problems = Diagnostics::default();
    for path in paths {
        let at = Location::new(path, "$");
        let metadata = match std::fs::metadata(path) {
            Ok(metadata) => metadata,
            Err(e) => {
                problems.push(
                    Diagnostic::new(at, format!("cannot read the model file: {e}"))
                        .hint("check that the path exists and is readable"),
                );
                continue;
            }
        };
        if metadata.is_dir() {
            let mut found = Vec::new();
            if let Err(problem) = folder_files(path, 0, &mut found) {
                problems.extend(problem);
                continue;
            }
            if found.is_empty() {
                problems.push(
                    Diagnostic::new(at, "the folder has no model files")
                        .hint("a model folder holds `.smithy` IDL or `.json` JSON AST files, in it or below it"),
                );
            }
            found.sort();
            files.extend(found);
        } else if model_extension(path).is_some() {
            files.push(path.clone());
        } else {
            problems.push(
                Diagnostic::new(at, "unsupported model file: expected a `.smithy` IDL or `.json` JSON AST file")
                    .hint("rename the file to end in .smithy or .json, according to its format"),
            );
        }
    }
    let mut seen = std::collections::HashSet::new();
    files.retain(|file| seen.insert(file.clone()));
    problems.into_result(files)
}

fn folder_files(folder: &Path, depth: usize, found: &mut Vec<PathBuf>) -> Result<(), Diagnostics> {
    let at = Location::new(folder, "$");
    if depth > MAX_FOLDER_DEPTH {
        return Err(Diagnostic::new(
            at,
            format!("model folders are nested more than {MAX_FOLDER_DEPTH} levels deep; is there a symbolic link loop?"),
        )
        .into());
    }
    let unreadable = |e: std::io::Error| Diagnostics::from(Diagnostic::new(at.clone(), format!("cannot read the model folder: {e}")));
    let entries = std::fs::read_dir(folder).map_err(unreadable)?;
    for entry in entries {
        let entry = entry.map_err(unreadable)?;
        let path = entry.path();
        // Hidden files and folders, such as editor backups, are not models.
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            folder_files(&path, depth + 1, found)?;
        } else if model_extension(&path).is_some() {
            found.push(path);
        }
    }
    Ok(())
}

/// The model file formats, by file extension.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Idl,
    Json,
}

fn model_extension(path: &Path) -> Option<Format> {
    let extension = path.extension()?.to_str()?;
    if extension.eq_ignore_ascii_case("smithy") {
        Some(Format::Idl)
    } else if extension.eq_ignore_ascii_case("json") {
        Some(Format::Json)
    } else {
        None
    }
}

fn read_source(path: &Path) -> Result<Source, Diagnostics> {
    let at = Location::new(path, "$");
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::new(at.clone(), format!("cannot read the model file: {e}"))
            .hint("check that the path exists and is readable")
    })?;
    let text = utf8(path, &bytes)?;
    match model_extension(path) {
        Some(Format::Idl) => Ok(Source::Idl(idl::parse(path, text)?)),
        _ => Ok(Source::Json(parse_json(path, text)?)),
    }
}

/// Returns `bytes` as text, or where the first invalid UTF-8 byte is.
fn utf8<'b>(path: &Path, bytes: &'b [u8]) -> Result<&'b str, Diagnostics> {
    std::str::from_utf8(bytes).map_err(|e| {
        let valid = &bytes[..e.valid_up_to()];
        // The prefix before the error is valid UTF-8 by definition.
        let before = std::str::from_utf8(valid).unwrap_or_default();
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        let at = LineColumn {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
        };
        Diagnostic::new(
            Location::at_line(path, at),
            format!("the model file is not valid UTF-8 (invalid byte at offset {})", e.valid_up_to()),
        )
        .hint("Smithy model files must be encoded in UTF-8")
        .into()
    })
}

fn parse_json(path: &Path, text: &str) -> Result<Document, Diagnostics> {
    // RFC 8259 lets a parser ignore a byte order mark, and editors on some
    // systems write one.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let at = Location::new(path, "$");
    if text.trim().is_empty() {
        return Err(Diagnostic::new(at, "the model file is empty")
            .hint("a JSON AST model is an object such as {\"smithy\": \"2.0\", \"shapes\": {}}")
            .into());
    }
    let root: Value = super::strict_json::parse(text).map_err(|e| {
        let line = LineColumn {
            line: u32::try_from(e.line()).unwrap_or(u32::MAX),
            column: u32::try_from(e.column()).unwrap_or(u32::MAX),
        };
        Diagnostic::new(Location::at_line(path, line), format!("invalid JSON: {e}"))
    })?;
    Ok(Document::new(path, root))
}

/// Reads the shapes of one JSON AST document whose mixins are flattened.
pub fn load_document(document: &Document) -> Result<ModelFile, Diagnostics> {
    let mut loader = Loader {
        problems: Diagnostics::default(),
        file: ModelFile::default(),
    };
    loader.root(&document.value, &document.root());
    loader.problems.into_result(loader.file)
}

struct Loader {
    problems: Diagnostics,
    file: ModelFile,
}

impl Loader {
    fn problem(&mut self, at: &Location, message: impl Into<String>) {
        self.problems.push(Diagnostic::new(at.clone(), message));
    }

    fn root(&mut self, root: &Value, at: &Location) {
        let Some(root) = self.object(root, at, "the model") else {
            return;
        };

        match root.get("smithy") {
            Some(Value::String(version)) if version.starts_with('2') || version.starts_with('1') => {}
            Some(other) => self.problem(
                &at.key("smithy"),
                format!("unsupported Smithy version {other}: expected \"2.0\" or \"1.0\""),
            ),
            None => self.problems.push(
                Diagnostic::new(at.clone(), "missing `smithy` version key")
                    .hint("add \"smithy\": \"2.0\" at the top of the file"),
            ),
        }

        let Some(shapes) = root.get("shapes") else {
            return;
        };
        let at = at.key("shapes");
        let Some(shapes) = self.object(shapes, &at, "`shapes`") else {
            return;
        };
        for (id, value) in shapes {
            let at = at.key(id);
            match ShapeId::parse(id) {
                Ok(id) if id.member().is_some() => {
                    self.problem(&at, format!("shape id {id} must not name a member"));
                }
                Ok(id) => self.shape(id, value, &at),
                Err(reason) => self.problem(&at, reason),
            }
        }
    }

    fn shape(&mut self, id: ShapeId, value: &Value, at: &Location) {
        let Some(body) = self.object(value, at, "a shape") else {
            return;
        };
        let Some(type_name) = body.get("type").and_then(Value::as_str) else {
            self.problems.push(
                Diagnostic::new(at.clone(), "missing or non-string `type`")
                    .shape(&id)
                    .hint("every shape needs \"type\", such as \"structure\" or \"string\""),
            );
            return;
        };
        // Mixins are flattened before shapes are read; a list left here
        // means the document skipped that step.
        if body.get("mixins").and_then(Value::as_array).is_some_and(|m| !m.is_empty()) {
            self.problems.push(
                Diagnostic::new(at.key("mixins"), "mixins must be flattened before the shapes are read")
                    .shape(&id)
                    .hint("load the file with `load_paths`, which flattens mixins"),
            );
        }
        let traits = self.traits(body.get("traits"), &at.key("traits"));

        if type_name == "apply" {
            self.file.applies.push((id, traits));
            return;
        }

        let kind = match type_name {
            "blob" => ShapeKind::Blob,
            "boolean" => ShapeKind::Boolean,
            "string" => ShapeKind::String,
            "byte" => ShapeKind::Byte,
            "short" => ShapeKind::Short,
            "integer" => ShapeKind::Integer,
            "long" => ShapeKind::Long,
            "float" => ShapeKind::Float,
            "double" => ShapeKind::Double,
            "bigInteger" => ShapeKind::BigInteger,
            "bigDecimal" => ShapeKind::BigDecimal,
            "timestamp" => ShapeKind::Timestamp,
            "document" => ShapeKind::Document,
            "enum" => ShapeKind::Enum(self.enum_members(&id, body, at, false)),
            "intEnum" => ShapeKind::IntEnum(self.enum_members(&id, body, at, true)),
            "structure" => ShapeKind::Structure(self.members(&id, body, at)),
            "union" => ShapeKind::Union(self.members(&id, body, at)),
            // Smithy 1.0 sets are lists whose items are unique.
            "list" | "set" => match self.member(&id, "member", body, at) {
                Some(member) => ShapeKind::List(Box::new(member)),
                None => return,
            },
            "map" => {
                let key = self.member(&id, "key", body, at);
                let value = self.member(&id, "value", body, at);
                match (key, value) {
                    (Some(key), Some(value)) => ShapeKind::Map {
                        key: Box::new(key),
                        value: Box::new(value),
                    },
                    _ => return,
                }
            }
            "service" => ShapeKind::Service(self.service(body, at)),
            "operation" => ShapeKind::Operation(self.operation(body, at)),
            "resource" => ShapeKind::Resource(self.resource(body, at)),
            other => {
                self.problems.push(
                    Diagnostic::new(at.key("type"), format!("unknown shape type {other:?}"))
                        .shape(&id)
                        .hint("use a Smithy 2.0 shape type such as \"structure\", \"list\" or \"string\""),
                );
                return;
            }
        };

        self.file.shapes.push(Shape {
            id,
            kind,
            traits,
            location: at.clone(),
        });
    }

    fn members(&mut self, id: &ShapeId, body: &Map<String, Value>, at: &Location) -> Members {
        let mut members = Members::new();
        let Some(value) = body.get("members") else {
            return members;
        };
        let at = at.key("members");
        let Some(entries) = self.object(value, &at, "`members`") else {
            return members;
        };
        for (name, value) in entries {
            let member_at = at.key(name);
            if !super::is_identifier(name) {
                self.problems.push(
                    Diagnostic::new(member_at, format!("invalid member name {name:?}")).shape(id),
                );
                continue;
            }
            if let Some(member) = self.member_body(name, value, &member_at) {
                members.insert(name.clone(), member);
            }
        }
        members
    }

    /// Reads the members of an enum (`integers` false) or intEnum. An enum
    /// needs at least one member. An enum member's `enumValue`, when set,
    /// must be a string, and every intEnum member needs a 32-bit integer.
    fn enum_members(&mut self, id: &ShapeId, body: &Map<String, Value>, at: &Location, integers: bool) -> Members {
        let members = self.members(id, body, at);
        let kind = if integers { "intEnum" } else { "enum" };
        if members.is_empty() {
            self.problems.push(
                Diagnostic::new(at.clone(), format!("{kind} {id} has no members"))
                    .shape(id)
                    .hint("an enum needs at least one member"),
            );
        }
        for member in members.values() {
            let value = member.traits.enum_value();
            let valid = match (value, integers) {
                (None, false) => true,
                (Some(Value::String(text)), false) => !text.is_empty(),
                (Some(Value::Number(number)), true) => number.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
                _ => false,
            };
            if !valid {
                let expected = if integers { "a 32-bit integer" } else { "a non-empty string" };
                let found = value.map_or("none".to_string(), |v| v.to_string());
                self.problems.push(
                    Diagnostic::new(
                        member.location.key("traits").key("smithy.api#enumValue"),
                        format!("{kind} member `{}` needs {expected} as `smithy.api#enumValue`, found {found}", member.name),
                    )
                    .shape(id),
                );
            }
        }
        members
    }

    fn member(&mut self, id: &ShapeId, name: &str, body: &Map<String, Value>, at: &Location) -> Option<Member> {
        let at = at.key(name);
        let Some(value) = body.get(name) else {
            self.problems.push(Diagnostic::new(at, format!("missing `{name}`")).shape(id));
            return None;
        };
        self.member_body(name, value, &at)
    }

    fn member_body(&mut self, name: &str, value: &Value, at: &Location) -> Option<Member> {
        let body = self.object(value, at, "a member")?;
        let target = self.reference(body.get("target"), &at.key("target"))?;
        let traits = self.traits(body.get("traits"), &at.key("traits"));
        Some(Member {
            name: name.to_string(),
            target: target.target,
            traits,
            location: at.clone(),
        })
    }

    fn service(&mut self, body: &Map<String, Value>, at: &Location) -> Service {
        let mut service = Service {
            version: body.get("version").and_then(Value::as_str).map(str::to_string),
            operations: self.references(body.get("operations"), &at.key("operations")),
            resources: self.references(body.get("resources"), &at.key("resources")),
            errors: self.references(body.get("errors"), &at.key("errors")),
            ..Service::default()
        };
        if let Some(rename) = body.get("rename") {
            let rename_at = at.key("rename");
            if let Some(entries) = self.object(rename, &rename_at, "`rename`") {
                for (id, name) in entries {
                    match (ShapeId::parse(id), name.as_str()) {
                        (Ok(id), Some(name)) => {
                            service.rename.insert(id, name.to_string());
                        }
                        (Err(reason), _) => self.problem(&rename_at.key(id), reason),
                        (_, None) => self.problem(&rename_at.key(id), "expected a string"),
                    }
                }
            }
        }
        service
    }

    fn operation(&mut self, body: &Map<String, Value>, at: &Location) -> Operation {
        Operation {
            input: self.reference(body.get("input"), &at.key("input")),
            output: self.reference(body.get("output"), &at.key("output")),
            errors: self.references(body.get("errors"), &at.key("errors")),
        }
    }

    fn resource(&mut self, body: &Map<String, Value>, at: &Location) -> Resource {
        let mut resource = Resource::default();
        for (field, into_properties) in [("identifiers", false), ("properties", true)] {
            let Some(value) = body.get(field) else { continue };
            let field_at = at.key(field);
            let Some(entries) = self.object(value, &field_at, field) else { continue };
            for (name, value) in entries {
                if let Some(reference) = self.reference(Some(value), &field_at.key(name)) {
                    let map = if into_properties {
                        &mut resource.properties
                    } else {
                        &mut resource.identifiers
                    };
                    map.insert(name.clone(), reference);
                }
            }
        }
        for field in ["create", "put", "read", "update", "delete", "list"] {
            if let Some(reference) = body.get(field) {
                resource.operations.extend(self.reference(Some(reference), &at.key(field)));
            }
        }
        for field in ["operations", "collectionOperations"] {
            let found = self.references(body.get(field), &at.key(field));
            resource.operations.extend(found);
        }
        resource.resources = self.references(body.get("resources"), &at.key("resources"));
        resource
    }

    fn references(&mut self, value: Option<&Value>, at: &Location) -> Vec<Reference> {
        let Some(value) = value else {
            return Vec::new();
        };
        let Some(items) = value.as_array() else {
            self.problem(at, "expected an array of `{\"target\": ...}` objects");
            return Vec::new();
        };
        items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| self.reference(Some(item), &at.index(i)))
            .collect()
    }

    fn reference(&mut self, value: Option<&Value>, at: &Location) -> Option<Reference> {
        let value = value?;
        // Member targets are bare strings; other references are objects.
        let target = match value {
            Value::String(text) => text.as_str(),
            Value::Object(map) => match map.get("target") {
                Some(Value::String(text)) => text.as_str(),
                _ => {
                    self.problem(at, "missing or non-string `target`");
                    return None;
                }
            },
            _ => {
                self.problem(at, "expected a shape id string or `{\"target\": ...}`");
                return None;
            }
        };
        match ShapeId::parse(target) {
            Ok(target) => Some(Reference {
                target,
                location: at.clone(),
            }),
            Err(reason) => {
                self.problem(at, reason);
                None
            }
        }
    }

    fn traits(&mut self, value: Option<&Value>, at: &Location) -> Traits {
        let mut traits = Traits::default();
        let Some(value) = value else {
            return traits;
        };
        let Some(entries) = self.object(value, at, "`traits`") else {
            return traits;
        };
        for (id, value) in entries {
            match ShapeId::parse(id) {
                Ok(trait_id) => traits.insert(&trait_id, value.clone(), at.key(id)),
                Err(reason) => self.problem(&at.key(id), format!("invalid trait id: {reason}")),
            }
        }
        traits
    }

    fn object<'v>(&mut self, value: &'v Value, at: &Location, what: &str) -> Option<&'v Map<String, Value>> {
        match value {
            Value::Object(map) => Some(map),
            other => {
                self.problem(at, format!("{what} must be a JSON object, found {}", json_type(other)));
                None
            }
        }
    }
}

/// Returns the JSON type name of `value` for messages.
pub(crate) fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
