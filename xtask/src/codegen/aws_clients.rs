//! The AWS clients that the tests against moto use, listed in
//! `tests/aws-clients.txt`: one line per crate, generated from a model of
//! the shared AWS models with only the operations the tests call.

use std::path::{Path, PathBuf};

use super::Job;

/// The list of clients, relative to the workspace root.
const LIST: &str = "tests/aws-clients.txt";

/// Returns one job per line of `tests/aws-clients.txt`, into
/// `tests/generated/<crate>/`.
///
/// When the shared AWS models are missing, returns no jobs after printing
/// one line, except under `CI`, where that is an error.
pub(super) fn jobs(root: &Path) -> Result<Vec<Job>, String> {
    let list_path = root.join(LIST);
    let text = match std::fs::read_to_string(&list_path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("cannot read {}: {e}", list_path.display())),
    };
    let entries = parse(&text)?;

    let models = shared_models(root);
    if !models.is_dir() {
        let message = format!(
            "the AWS models folder {} is missing, so the {} clients of {LIST} were skipped; \
             set INGOT_TEST_DATA to the shared test data folder",
            models.display(),
            entries.len()
        );
        if std::env::var_os("CI").is_some() {
            return Err(message);
        }
        println!("skipped: {message}");
        return Ok(Vec::new());
    }

    let out = root.join("tests").join("generated");
    Ok(entries
        .into_iter()
        .map(|entry| Job {
            models: vec![models.join(format!("{}.json", entry.model))],
            out: out.join(&entry.crate_name),
            crate_name: entry.crate_name,
            operations: entry.operations,
        })
        .collect())
}

/// One line of the list.
#[derive(Debug, PartialEq)]
struct Entry {
    model: String,
    crate_name: String,
    /// `None` for a `*` in place of the list: every operation of the model.
    operations: Option<Vec<String>>,
}

/// Parses the list: `<model stem> <crate name> <Op,Op,...>` per line, or
/// `*` for every operation, with blank lines and `#` comments ignored.
fn parse(text: &str) -> Result<Vec<Entry>, String> {
    let mut entries = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }

        let fields: Vec<&str> = line.split_whitespace().collect();
        let [model, crate_name, operations] = fields[..] else {
            return Err(format!(
                "{LIST}:{}: expected `<model> <crate name> <Operation,Operation,...>`, found `{line}`",
                index + 1
            ));
        };
        let operations: Option<Vec<String>> = (operations != "*").then(|| {
            operations
                .split(',')
                .filter(|name| !name.is_empty())
                .map(String::from)
                .collect()
        });
        if operations.as_ref().is_some_and(Vec::is_empty) {
            return Err(format!(
                "{LIST}:{}: `{crate_name}` lists no operations",
                index + 1
            ));
        }
        if entries
            .iter()
            .any(|entry: &Entry| entry.crate_name == crate_name)
        {
            return Err(format!(
                "{LIST}:{}: crate `{crate_name}` is listed twice",
                index + 1
            ));
        }

        entries.push(Entry {
            model: model.to_string(),
            crate_name: crate_name.to_string(),
            operations,
        });
    }
    Ok(entries)
}

/// Returns the AWS models folder of the shared test data:
/// `$INGOT_TEST_DATA/models/aws`, else `shared/models/aws` beside the
/// checkout.
fn shared_models(root: &Path) -> PathBuf {
    let base = std::env::var_os("INGOT_TEST_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("..").join("shared"));
    base.join("models").join("aws")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_skips_comments_and_blank_lines() {
        let entries = parse("# clients\n\nsqs sqs CreateQueue,DeleteQueue\n").unwrap();
        assert_eq!(
            entries,
            vec![Entry {
                model: "sqs".into(),
                crate_name: "sqs".into(),
                operations: Some(vec!["CreateQueue".into(), "DeleteQueue".into()]),
            }]
        );
    }

    #[test]
    fn parse_reads_a_star_as_every_operation() {
        let entries = parse("entityresolution entityresolution_full *\n").unwrap();
        assert_eq!(entries[0].operations, None);
    }

    #[test]
    fn parse_rejects_missing_operations() {
        let error = parse("sqs sqs\n").unwrap_err();
        assert!(error.contains(":1: expected"), "{error}");
    }

    #[test]
    fn parse_rejects_duplicate_crate() {
        let error = parse("sqs sqs A\nsqs sqs B\n").unwrap_err();
        assert!(error.contains(":2: crate `sqs` is listed twice"), "{error}");
    }
}
