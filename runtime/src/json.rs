//! JSON as the AWS JSON protocols use it: a writer that appends to one
//! buffer, and reading through `serde_json::Value` with errors that give the
//! path of the bad value, such as `outputSourceConfig[0].roleArn`.
//!
//! Generated types implement [`WriteJson`] and [`ReadJson`]; the impls here
//! cover strings, numbers, booleans, lists and maps, so the generated code
//! only lists members and their JSON names.

use std::collections::HashMap;
use std::fmt;

pub use serde_json::{Map, Value};

/// Nesting deeper than this is rejected before parsing, which keeps a
/// hostile response from exhausting the stack. serde_json's own limit (128)
/// also applies.
const MAX_DEPTH: usize = 128;

/// Appends JSON text to a buffer, inserting commas between items.
#[derive(Debug, Default)]
pub struct JsonWriter {
    buffer: Vec<u8>,
    /// Whether the next item in the current object or array needs a comma.
    needs_comma: bool,
}

impl JsonWriter {
    /// Creates an empty writer.
    pub fn new() -> Self {
        Self::default()
    }

    fn separate(&mut self) {
        if self.needs_comma {
            self.buffer.push(b',');
        }
        self.needs_comma = true;
    }

    /// Opens an object as the next value.
    pub fn begin_object(&mut self) {
        self.separate();
        self.buffer.push(b'{');
        self.needs_comma = false;
    }

    /// Closes the innermost object.
    pub fn end_object(&mut self) {
        self.buffer.push(b'}');
        self.needs_comma = true;
    }

    /// Opens an array as the next value.
    pub fn begin_array(&mut self) {
        self.separate();
        self.buffer.push(b'[');
        self.needs_comma = false;
    }

    /// Closes the innermost array.
    pub fn end_array(&mut self) {
        self.buffer.push(b']');
        self.needs_comma = true;
    }

    /// Writes an object key; the value follows.
    pub fn key(&mut self, key: &str) {
        self.separate();
        self.escaped(key);
        self.buffer.push(b':');
        self.needs_comma = false;
    }

    /// Writes a string value.
    pub fn string(&mut self, value: &str) {
        self.separate();
        self.escaped(value);
    }

    /// Writes a literal `true` or `false`.
    pub fn boolean(&mut self, value: bool) {
        self.separate();
        self.buffer
            .extend_from_slice(if value { b"true" } else { b"false" });
    }

    /// Writes an integer.
    pub fn integer(&mut self, value: i64) {
        self.separate();
        self.buffer.extend_from_slice(value.to_string().as_bytes());
    }

    /// Writes a floating-point number; NaN and the infinities become the
    /// strings `"NaN"`, `"Infinity"` and `"-Infinity"`, as the AWS JSON
    /// protocols define them.
    pub fn float(&mut self, value: f64) {
        if value.is_nan() {
            return self.string("NaN");
        }
        if value.is_infinite() {
            return self.string(if value > 0.0 { "Infinity" } else { "-Infinity" });
        }
        self.separate();
        self.buffer.extend_from_slice(value.to_string().as_bytes());
    }

    /// Writes `key` and `value`.
    pub fn field<T: WriteJson + ?Sized>(&mut self, key: &str, value: &T) {
        self.key(key);
        value.write_json(self);
    }

    /// Writes `key` and `value` when the value is present.
    pub fn optional_field<T: WriteJson>(&mut self, key: &str, value: &Option<T>) {
        if let Some(value) = value {
            self.field(key, value);
        }
    }

    /// Returns the JSON text written so far.
    pub fn finish(self) -> Vec<u8> {
        self.buffer
    }

    fn escaped(&mut self, text: &str) {
        // serde_json's string escaping is exact and fast; it cannot fail
        // when writing into a Vec.
        let _ = serde_json::to_writer(&mut self.buffer, text);
    }
}

/// A value that can write itself as JSON.
pub trait WriteJson {
    /// Writes `self` as the next JSON value.
    fn write_json(&self, writer: &mut JsonWriter);
}

impl WriteJson for str {
    fn write_json(&self, writer: &mut JsonWriter) {
        writer.string(self);
    }
}

impl WriteJson for String {
    fn write_json(&self, writer: &mut JsonWriter) {
        writer.string(self);
    }
}

impl WriteJson for bool {
    fn write_json(&self, writer: &mut JsonWriter) {
        writer.boolean(*self);
    }
}

macro_rules! write_integer {
    ($($t:ty),*) => {$(
        impl WriteJson for $t {
            fn write_json(&self, writer: &mut JsonWriter) {
                writer.integer(i64::from(*self));
            }
        }
    )*};
}
write_integer!(i8, i16, i32, i64);

impl WriteJson for f32 {
    fn write_json(&self, writer: &mut JsonWriter) {
        writer.float(f64::from(*self));
    }
}

impl WriteJson for f64 {
    fn write_json(&self, writer: &mut JsonWriter) {
        writer.float(*self);
    }
}

impl<T: WriteJson> WriteJson for Vec<T> {
    fn write_json(&self, writer: &mut JsonWriter) {
        writer.begin_array();
        for item in self {
            item.write_json(writer);
        }
        writer.end_array();
    }
}

impl<T: WriteJson> WriteJson for HashMap<String, T> {
    fn write_json(&self, writer: &mut JsonWriter) {
        writer.begin_object();
        for (key, value) in self {
            writer.field(key, value);
        }
        writer.end_object();
    }
}

/// A JSON value of the wrong type or a missing required member, with the
/// path to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadError {
    /// Path segments from the innermost outwards; reversed for display.
    path: Vec<String>,
    message: String,
}

impl ReadError {
    /// Creates an error at the current value.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            path: Vec::new(),
            message: message.into(),
        }
    }

    fn expected(what: &str, found: &Value) -> Self {
        Self::new(format!("expected {what}, found {}", type_name(found)))
    }

    /// Prefixes the path with an object key.
    pub fn in_key(mut self, key: &str) -> Self {
        self.path.push(format!(".{key}"));
        self
    }

    /// Prefixes the path with an array index.
    pub fn in_index(mut self, index: usize) -> Self {
        self.path.push(format!("[{index}]"));
        self
    }

    /// Returns the path to the bad value, such as `$.items[0].name`.
    pub fn path(&self) -> String {
        let mut path = String::from("$");
        for segment in self.path.iter().rev() {
            path.push_str(segment);
        }
        path
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at {}", self.message, self.path())
    }
}

impl std::error::Error for ReadError {}

/// A value that can read itself from JSON.
pub trait ReadJson: Sized {
    /// Reads `value`, failing when it has the wrong type.
    fn read_json(value: &Value) -> Result<Self, ReadError>;

    /// Returns the value a required member takes when the response leaves it
    /// out, or `None` when there is no sensible zero value. Smithy's client
    /// error correction fills such omissions instead of failing, so a
    /// service that relaxes a member to optional does not break old clients.
    fn missing() -> Option<Self> {
        None
    }
}

impl ReadJson for String {
    fn read_json(value: &Value) -> Result<Self, ReadError> {
        match value {
            Value::String(text) => Ok(text.clone()),
            other => Err(ReadError::expected("a string", other)),
        }
    }

    fn missing() -> Option<Self> {
        Some(String::new())
    }
}

impl ReadJson for bool {
    fn read_json(value: &Value) -> Result<Self, ReadError> {
        value.as_bool().ok_or_else(|| ReadError::expected("a boolean", value))
    }

    fn missing() -> Option<Self> {
        Some(false)
    }
}

macro_rules! read_integer {
    ($($t:ty),*) => {$(
        impl ReadJson for $t {
            fn read_json(value: &Value) -> Result<Self, ReadError> {
                let number = value.as_i64().ok_or_else(|| ReadError::expected("an integer", value))?;
                <$t>::try_from(number).map_err(|_| {
                    ReadError::new(format!("integer {number} does not fit in {}", stringify!($t)))
                })
            }

            fn missing() -> Option<Self> {
                Some(0)
            }
        }
    )*};
}
read_integer!(i8, i16, i32, i64);

fn read_float(value: &Value) -> Result<f64, ReadError> {
    match value {
        Value::Number(number) => number
            .as_f64()
            .ok_or_else(|| ReadError::expected("a number", value)),
        Value::String(text) => match text.as_str() {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            _ => Err(ReadError::expected("a number", value)),
        },
        other => Err(ReadError::expected("a number", other)),
    }
}

impl ReadJson for f64 {
    fn read_json(value: &Value) -> Result<Self, ReadError> {
        read_float(value)
    }

    fn missing() -> Option<Self> {
        Some(0.0)
    }
}

impl ReadJson for f32 {
    fn read_json(value: &Value) -> Result<Self, ReadError> {
        // Narrowing is what a 32-bit float member means on the wire.
        read_float(value).map(|v| v as f32)
    }

    fn missing() -> Option<Self> {
        Some(0.0)
    }
}

impl<T: ReadJson> ReadJson for Vec<T> {
    fn read_json(value: &Value) -> Result<Self, ReadError> {
        let Value::Array(items) = value else {
            return Err(ReadError::expected("an array", value));
        };
        items
            .iter()
            .enumerate()
            .map(|(index, item)| T::read_json(item).map_err(|e| e.in_index(index)))
            .collect()
    }

    fn missing() -> Option<Self> {
        Some(Vec::new())
    }
}

impl<T: ReadJson> ReadJson for HashMap<String, T> {
    fn read_json(value: &Value) -> Result<Self, ReadError> {
        let object = object(value)?;
        let mut map = HashMap::with_capacity(object.len());
        for (key, item) in object {
            // Null values in a map that is not sparse carry no entry.
            if item.is_null() {
                continue;
            }
            let item = T::read_json(item).map_err(|e| e.in_key(key))?;
            map.insert(key.clone(), item);
        }
        Ok(map)
    }

    fn missing() -> Option<Self> {
        Some(HashMap::new())
    }
}

/// Parses a response body. An empty body reads as an empty object, because
/// services send no body when no member is set.
pub fn parse(body: &[u8]) -> Result<Value, ReadError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(Map::new()));
    }
    check_depth(body)?;
    serde_json::from_slice(body).map_err(|e| ReadError::new(format!("invalid JSON: {e}")))
}

/// Rejects nesting deeper than [`MAX_DEPTH`] with one pass over the bytes,
/// before the recursive parser runs.
fn check_depth(body: &[u8]) -> Result<(), ReadError> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for &byte in body {
        if in_string {
            match (escaped, byte) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(ReadError::new(format!(
                        "JSON nested deeper than {MAX_DEPTH} levels"
                    )));
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// Returns `value` as an object.
pub fn object(value: &Value) -> Result<&Map<String, Value>, ReadError> {
    value
        .as_object()
        .ok_or_else(|| ReadError::expected("an object", value))
}

/// Reads member `key` of `object`; absent and `null` read as `None`.
pub fn optional<T: ReadJson>(object: &Map<String, Value>, key: &str) -> Result<Option<T>, ReadError> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => T::read_json(value).map(Some).map_err(|e| e.in_key(key)),
    }
}

/// Reads required member `key` of `object`, correcting an omission to the
/// type's zero value where it has one.
pub fn required<T: ReadJson>(object: &Map<String, Value>, key: &str) -> Result<T, ReadError> {
    match optional(object, key)? {
        Some(value) => Ok(value),
        None => T::missing()
            .ok_or_else(|| ReadError::new("missing required member").in_key(key)),
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writer_escapes_and_separates() {
        let mut writer = JsonWriter::new();
        writer.begin_object();
        writer.field("a", "x\"y\n");
        writer.field("b", &vec![1i32, 2]);
        writer.key("c");
        writer.begin_object();
        writer.end_object();
        writer.field("d", &f64::NAN);
        writer.end_object();
        let text = String::from_utf8(writer.finish()).unwrap();
        assert_eq!(text, r#"{"a":"x\"y\n","b":[1,2],"c":{},"d":"NaN"}"#);
    }

    #[test]
    fn read_error_names_path() {
        let value = parse(br#"{"items":[{"name":"a"},{"name":7}]}"#).unwrap();
        let root = object(&value).unwrap();

        #[derive(Debug)]
        struct Item;
        impl ReadJson for Item {
            fn read_json(value: &Value) -> Result<Self, ReadError> {
                let _: String = required(object(value)?, "name")?;
                Ok(Item)
            }
        }

        let error = optional::<Vec<Item>>(root, "items").unwrap_err();
        assert_eq!(error.path(), "$.items[1].name");
        assert_eq!(error.to_string(), "expected a string, found a number at $.items[1].name");
    }

    #[test]
    fn deep_nesting_is_rejected() {
        let body = "[".repeat(100_000);
        let error = parse(body.as_bytes()).unwrap_err();
        assert!(error.to_string().contains("nested deeper"), "{error}");
    }

    #[test]
    fn brackets_inside_strings_do_not_count() {
        let body = format!("{{\"a\":\"{}\"}}", "[".repeat(1000));
        assert!(parse(body.as_bytes()).is_ok());
    }

    #[test]
    fn integer_out_of_range_is_error() {
        let value = parse(br#"{"n": 4294967296}"#).unwrap();
        let error = required::<i32>(object(&value).unwrap(), "n").unwrap_err();
        assert!(error.to_string().contains("does not fit in i32"), "{error}");
    }

    #[test]
    fn missing_required_string_is_corrected() {
        let value = parse(b"{}").unwrap();
        let text: String = required(object(&value).unwrap(), "id").unwrap();
        assert_eq!(text, "");
    }
}
