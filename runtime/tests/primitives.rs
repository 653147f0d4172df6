//! Checks timestamp parsing against the malformed-timestamp cases of the
//! Smithy restJson1 protocol tests, read in place from the shared test data.
//!
//! Those cases are written for servers: each lists values that a member of
//! one timestamp format must reject, in a body, header, path label or query
//! string. A client reads the same formats, so every value must fail to
//! parse in the member's format, and the values that are well-formed in
//! another format must parse in that one. All failures are reported
//! together.

use std::fs;

use ingot_runtime::http_binding::parse_timestamp_header;
use ingot_runtime::json::{self, read_timestamp};
use ingot_runtime::{DateTime, TimestampFormat};
use percent_encoding::percent_decode_str;

const FILES: [&str; 4] = [
    "malformed-timestamp-body.smithy",
    "malformed-timestamp-header.smithy",
    "malformed-timestamp-path.smithy",
    "malformed-timestamp-query.smithy",
];

/// One `httpMalformedRequestTests` case: its id, the body template when the
/// value goes in the body, and the `testParameters` values.
struct Case {
    id: String,
    body: Option<String>,
    values: Vec<String>,
}

/// Where a case puts the value and which format the member has, both read
/// from the id, such as `RestJsonHeaderTimestampDefaultRejectsEpochSeconds`.
struct Target {
    location: &'static str,
    format: TimestampFormat,
    rejected: String,
}

#[test]
fn malformed_timestamps_are_rejected() {
    let Some(dir) = ingot_test_data::require(
        "smithy/protocol-tests/aws/restJson1/malformedRequests",
        "restJson1 malformed-timestamp cases",
    ) else {
        return;
    };

    let mut failures = Vec::new();
    let mut checked = 0;
    for file in FILES {
        let text = fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        for case in cases(&text) {
            let target =
                target(&case.id).unwrap_or_else(|| panic!("{file}: unknown case id {}", case.id));
            for value in &case.values {
                checked += 1;
                if let Err(failure) = check(&case, &target, value) {
                    failures.push(format!("{} {value:?}: {failure}", case.id));
                }
            }
        }
    }

    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // The four files hold over 80 values; far fewer means the extraction broke.
    assert!(checked > 80, "only {checked} values were found");
}

fn check(case: &Case, target: &Target, value: &str) -> Result<(), String> {
    let text = match target.location {
        "Path" | "Query" => percent_decode_str(value)
            .decode_utf8()
            .map_err(|e| e.to_string())?
            .into_owned(),
        _ => value.to_string(),
    };

    // A server must reject offsets, but a client must read them (the
    // DatetimeOffsets response tests), so those values must parse instead.
    if target.rejected == "UTCOffsets" {
        return match DateTime::parse(&text, TimestampFormat::DateTime) {
            Ok(_) => Ok(()),
            Err(error) => Err(format!("an offset date-time was rejected: {error}")),
        };
    }

    let parsed = match (target.location, &case.body) {
        ("Body", Some(body)) => parse_body(body, value, target.format),
        ("Body", None) => return Err("the body case has no body template".to_string()),
        ("Header", _) => {
            parse_timestamp_header("timestamp", &text, target.format).map_err(|e| e.to_string())
        }
        _ => DateTime::parse(&text, target.format).map_err(|e| e.to_string()),
    };
    if let Ok(time) = parsed {
        return Err(format!("parsed in {} as {time}", target.format));
    }

    // The value must be valid in the format the id names, so the rejection
    // above is about its format and not a broken parser.
    let actual = match target.rejected.as_str() {
        "DateTime" => Some(TimestampFormat::DateTime),
        "EpochSeconds" | "StringifiedEpochSeconds" | "Epoch" => Some(TimestampFormat::EpochSeconds),
        "HttpDate" => Some(TimestampFormat::HttpDate),
        _ => None,
    };
    if let Some(actual) = actual {
        DateTime::parse(&text, actual)
            .map_err(|error| format!("not valid as {actual}: {error}"))?;
    }
    Ok(())
}

/// Fills the body template and reads its `timestamp` member. A body that is
/// not JSON, such as one with the literal `1515531081ABC`, is rejected too.
fn parse_body(template: &str, value: &str, format: TimestampFormat) -> Result<DateTime, String> {
    let json_string = serde_json::to_string(value).map_err(|e| e.to_string())?;
    let body = template
        .replace("$value:S", &json_string)
        .replace("$value:L", value);
    let parsed = json::parse(body.as_bytes()).map_err(|e| e.to_string())?;
    read_timestamp(&parsed["timestamp"], format).map_err(|e| e.to_string())
}

fn target(id: &str) -> Option<Target> {
    let rest = id.strip_prefix("RestJson")?;
    let location = ["Body", "Header", "Path", "Query"]
        .into_iter()
        .find(|location| rest.starts_with(location))?;
    let rest = rest[location.len()..].strip_prefix("Timestamp")?;
    let (format_name, rejected) = rest.split_once("Rejects")?;

    let format = match format_name {
        "DateTime" => TimestampFormat::DateTime,
        "Epoch" => TimestampFormat::EpochSeconds,
        "HttpDate" => TimestampFormat::HttpDate,
        // restJson1's defaults: epoch-seconds in a body, http-date in a
        // header, date-time in a label or query string.
        "Default" => match location {
            "Body" => TimestampFormat::EpochSeconds,
            "Header" => TimestampFormat::HttpDate,
            _ => TimestampFormat::DateTime,
        },
        _ => return None,
    };
    Some(Target {
        location,
        format,
        rejected: rejected.to_string(),
    })
}

/// Extracts the cases of a Smithy IDL file: the text after each `id: "`
/// up to the next one contains that case's body and values.
fn cases(text: &str) -> Vec<Case> {
    text.split("id: \"")
        .skip(1)
        .map(|chunk| {
            let id = chunk[..chunk.find('"').unwrap_or(0)].to_string();
            let body = chunk.split_once("body: \"\"\"").and_then(|(_, rest)| {
                rest.split_once("\"\"\"")
                    .map(|(body, _)| body.trim().to_string())
            });
            let values = chunk
                .split_once("value: [")
                .map(|(_, rest)| string_list(rest))
                .unwrap_or_default();
            Case { id, body, values }
        })
        .collect()
}

/// Reads Smithy strings up to the `]` that closes the list. Strings may
/// contain `]` and the escapes `\"` and `\\`.
fn string_list(text: &str) -> Vec<String> {
    let mut values = Vec::new();
    let mut characters = text.chars();
    while let Some(character) = characters.next() {
        match character {
            ']' => break,
            '"' => {
                let mut value = String::new();
                while let Some(character) = characters.next() {
                    match character {
                        '"' => break,
                        '\\' => value.extend(characters.next()),
                        other => value.push(other),
                    }
                }
                values.push(value);
            }
            _ => {}
        }
    }
    values
}
