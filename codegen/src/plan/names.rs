//! Every Rust name the generator emits is decided here: case conversion
//! with heck, escaping of keywords and collisions between names.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words that are keywords in some Rust edition; a field or function with
/// such a name is written as a raw identifier (`r#type`).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn", "else", "enum",
    "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "static", "struct", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore.
const NOT_RAW: &[&str] = &["crate", "self", "super", "Self", "_"];

/// Type names that would shadow the standard prelude or items the generated
/// code refers to by their short name; such shapes get a `Value` suffix.
const RESERVED_TYPES: &[&str] = &[
    "Box", "Clone", "Copy", "Debug", "Default", "Drop", "Eq", "Err", "Fn", "From", "HashMap", "Into", "Iterator",
    "None", "Ok", "Option", "PartialEq", "Result", "Self", "Send", "Sized", "Some", "String", "Sync", "ToString",
    "Vec",
];

/// Returns the snake_case form of a member or operation name, safe to use as
/// a Rust field, function or module name.
pub fn snake(name: &str) -> String {
    let snake = name.to_snake_case();
    let snake = if snake.is_empty() { "value".to_string() } else { snake };
    let snake = if snake.starts_with(|c: char| c.is_ascii_digit()) { format!("_{snake}") } else { snake };
    if NOT_RAW.contains(&snake.as_str()) {
        return format!("{snake}_");
    }
    snake
}

/// Returns whether `ident` must be written as `r#ident`.
pub fn needs_raw(ident: &str) -> bool {
    KEYWORDS.contains(&ident)
}

/// Returns the UpperCamelCase form of a shape name, safe to use as a Rust
/// type name.
pub fn camel(name: &str) -> String {
    let camel = name.to_upper_camel_case();
    let camel = if camel.starts_with(|c: char| c.is_ascii_digit()) { format!("_{camel}") } else { camel };
    if RESERVED_TYPES.contains(&camel.as_str()) {
        return format!("{camel}Value");
    }
    camel
}

/// Makes `names` unique by appending `_2`, `_3`, ... to later duplicates,
/// keeping the first occurrence unchanged; returns the unique names in order.
pub fn dedupe(names: Vec<String>) -> Vec<String> {
    let mut taken = std::collections::BTreeSet::new();
    names
        .into_iter()
        .map(|name| {
            let mut candidate = name.clone();
            let mut counter = 2;
            while !taken.insert(candidate.clone()) {
                candidate = format!("{name}_{counter}");
                counter += 1;
            }
            candidate
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_names() {
        let cases = [
            ("outputS3Path", "output_s3_path"),
            ("KMSArn", "kms_arn"),
            ("roleArn", "role_arn"),
            ("StartIdMappingJob", "start_id_mapping_job"),
            ("type", "type"),
            ("self", "self_"),
            ("Self", "self_"),
            ("crate", "crate_"),
            ("super", "super_"),
            ("1st", "_1st"),
        ];
        for (input, expected) in cases {
            assert_eq!(snake(input), expected, "snake({input})");
        }
    }

    #[test]
    fn raw_keywords() {
        assert!(needs_raw("type"));
        assert!(needs_raw("match"));
        assert!(needs_raw("async"));
        assert!(!needs_raw("self_"));
        assert!(!needs_raw("name"));
    }

    #[test]
    fn camel_names() {
        let cases = [
            ("IdMappingJobOutputSource", "IdMappingJobOutputSource"),
            ("KMSArn", "KmsArn"),
            ("Result", "ResultValue"),
            ("Option", "OptionValue"),
            ("String", "StringValue"),
            ("Vec", "VecValue"),
            ("Box", "BoxValue"),
            ("Client", "Client"),
        ];
        for (input, expected) in cases {
            assert_eq!(camel(input), expected, "camel({input})");
        }
    }

    #[test]
    fn dedupe_suffixes_later_duplicates() {
        let names = vec!["foo_bar".to_string(), "baz".to_string(), "foo_bar".to_string(), "foo_bar".to_string()];
        assert_eq!(dedupe(names), ["foo_bar", "baz", "foo_bar_2", "foo_bar_3"]);
    }
}
