//! `cargo xtask codegen`: generates client crates, or checks that the
//! committed ones are current.

use std::path::{Component, Path, PathBuf};
use std::time::Instant;

use ingot_codegen::{output, Options};

mod aws_clients;

/// A parsed `codegen` command line.
#[derive(Debug, Default)]
struct Arguments {
    check: bool,
    models: Vec<PathBuf>,
    out: Option<PathBuf>,
    crate_name: Option<String>,
    service: Option<String>,
    operations: Option<Vec<String>>,
}

/// One crate to generate: its models, where it goes and, when set, the
/// only operations it keeps (else those of `--operations`, else all).
struct Job {
    models: Vec<PathBuf>,
    out: PathBuf,
    crate_name: String,
    operations: Option<Vec<String>>,
}

pub fn run(args: &[String]) -> Result<(), String> {
    let arguments = parse(args)?;
    let root = crate::workspace_root();

    let jobs = if arguments.models.is_empty() {
        if arguments.out.is_some() || arguments.crate_name.is_some() {
            return Err("--out and --crate-name need --model".into());
        }
        default_jobs(&root)?
    } else {
        let first = &arguments.models[0];
        let crate_name = match &arguments.crate_name {
            Some(name) => name.clone(),
            None => file_stem(first)?,
        };
        let out = arguments.out.clone().ok_or("--model needs --out DIR: the folder of the crate to write")?;
        vec![Job { models: arguments.models.clone(), out, crate_name, operations: None }]
    };

    let mut stale = Vec::new();
    for job in jobs {
        stale.extend(generate(&root, &job, &arguments)?);
    }
    if !stale.is_empty() {
        return Err(format!(
            "generated code is stale; run `cargo xtask codegen` and commit the result:\n  {}",
            stale.join("\n  ")
        ));
    }
    Ok(())
}

fn parse(args: &[String]) -> Result<Arguments, String> {
    let mut arguments = Arguments::default();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut value = |name: &str| iter.next().cloned().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--check" => arguments.check = true,
            "--model" => arguments.models.push(PathBuf::from(value("--model")?)),
            "--out" => arguments.out = Some(PathBuf::from(value("--out")?)),
            "--crate-name" => arguments.crate_name = Some(value("--crate-name")?),
            "--service" => arguments.service = Some(value("--service")?),
            "--operations" => {
                let list = value("--operations")?;
                let names: Vec<String> = list.split(',').map(str::trim).filter(|n| !n.is_empty()).map(String::from).collect();
                if names.is_empty() {
                    return Err("--operations needs a comma-separated list of operation names".into());
                }
                arguments.operations = Some(names);
            }
            other => return Err(format!("unknown option `{other}` for codegen; see `cargo xtask help`")),
        }
    }
    Ok(arguments)
}

/// Returns one job per `model/*.json`, into `generated/<name>/`, one per
/// test model `tests/models/*.json`, into `tests/generated/<name>/`, and one
/// per AWS client that `tests/aws-clients.txt` lists.
fn default_jobs(root: &Path) -> Result<Vec<Job>, String> {
    let mut jobs = folder_jobs(&root.join("model"), &root.join("generated"))?;
    if jobs.is_empty() {
        return Err(format!("no *.json model in {}", root.join("model").display()));
    }
    let test_models = root.join("tests").join("models");
    if test_models.is_dir() {
        jobs.extend(folder_jobs(&test_models, &root.join("tests").join("generated"))?);
    }
    jobs.extend(aws_clients::jobs(root)?);
    Ok(jobs)
}

/// Returns one job per `*.json` model in `models`, into `out/<name>/`.
fn folder_jobs(models: &Path, out: &Path) -> Result<Vec<Job>, String> {
    let entries = std::fs::read_dir(models).map_err(|e| format!("cannot read {}: {e}", models.display()))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|model| {
            let crate_name = file_stem(&model)?;
            let out = out.join(&crate_name);
            Ok(Job { models: vec![model], out, crate_name, operations: None })
        })
        .collect()
}

/// Generates one crate; returns the stale files in check mode.
fn generate(root: &Path, job: &Job, arguments: &Arguments) -> Result<Vec<String>, String> {
    let started = Instant::now();
    let out = absolute(&job.out)?;
    let runtime_path = relative_path(&out, &root.join("runtime"));
    let options = Options {
        models: job.models.clone(),
        service: arguments.service.clone(),
        operations: job.operations.clone().or_else(|| arguments.operations.clone()),
        crate_name: job.crate_name.clone(),
        crate_version: "0.1.0".into(),
        runtime_path,
        source_names: job.models.iter().map(|m| source_name(root, m)).collect(),
    };
    let generated = ingot_codegen::generate(&options).map_err(|e| e.to_string())?;
    let shown = display_path(root, &out);

    if arguments.check {
        let stale = output::stale_files(&out, &generated.files).map_err(|e| e.to_string())?;
        println!(
            "checked {shown}: {} shapes, {} operations, {} files, {} stale",
            generated.shape_count,
            generated.operation_count,
            generated.files.len(),
            stale.len()
        );
        return Ok(stale.into_iter().map(|file| format!("{shown}/{file}")).collect());
    }

    let report = output::write_tree(&out, &generated.files).map_err(|e| format!("cannot write the crate: {e}"))?;
    println!(
        "generated {shown}: {} shapes, {} operations, {} files written, {} unchanged, {} removed in {} ms",
        generated.shape_count,
        generated.operation_count,
        report.written.len(),
        report.unchanged,
        report.removed.len(),
        started.elapsed().as_millis()
    );
    Ok(Vec::new())
}

fn file_stem(path: &Path) -> Result<String, String> {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .ok_or_else(|| format!("{} has no file name", path.display()))
}

fn absolute(path: &Path) -> Result<PathBuf, String> {
    std::path::absolute(path).map(|p| normalize(&p)).map_err(|e| format!("invalid path {}: {e}", path.display()))
}

/// Removes `.` and `..` components without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Returns the path from folder `from` to `to`, both absolute, with `/`.
fn relative_path(from: &Path, to: &Path) -> String {
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); from.len() - common];
    parts.extend(to[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned()));
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

/// Returns `path` relative to the workspace root when it is inside it.
fn display_path(root: &Path, path: &Path) -> String {
    let absolute = absolute(path).unwrap_or_else(|_| path.to_path_buf());
    absolute
        .strip_prefix(root)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_else(|_| absolute.to_string_lossy().into_owned())
}

/// Returns how generated files name model `path`: relative to the workspace
/// root when inside it, else by file name alone, so that generated files
/// never record a machine's folders.
fn source_name(root: &Path, path: &Path) -> String {
    let absolute = absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match absolute.strip_prefix(root) {
        Ok(relative) => relative.to_string_lossy().replace('\\', "/"),
        Err(_) => absolute.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
    }
}
