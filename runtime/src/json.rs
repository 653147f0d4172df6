//! JSON as the AWS JSON protocols use it: a writer that appends to one
//! buffer, and reading through `serde_json::Value` with errors that give the
//! path of the bad value, such as `outputSourceConfig[0].roleArn`.
//!
//! Generated types implement [`WriteJson`] and [`ReadJson`]; the impls here
//! cover strings, numbers, booleans, timestamps, blobs, documents, lists and
//! maps, so the generated code only lists members and their JSON names.
//!
//! Lists and maps drop `null` items unless the item type is an `Option`,
//! which is how generated code spells Smithy's `@sparse` collections.

use std::collections::HashMap;
use std::fmt;

pub use serde_json::{Map, Value};

use crate::blob::{base64_decode, base64_encode, Blob};
use crate::date_time::{DateTime, TimestampFormat};

/// A Smithy document: untyped JSON data, sent and received as it is.
pub type Document = Value;

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

    /// Writes a 32-bit float with its own shortest digits, so `1.1f32` is
    /// `1.1` and not the `1.100000023841858` of its 64-bit widening.
    pub fn float32(&mut self, value: f32) {
        if !value.is_finite() {
            return self.float(f64::from(value));
        }
        self.separate();
        self.buffer.extend_from_slice(value.to_string().as_bytes());
    }

    /// Writes a literal `null`, as sparse lists and maps hold it.
    pub fn null(&mut self) {
        self.separate();
        self.buffer.extend_from_slice(b"null");
    }

    /// Writes a timestamp in `format`: a number for epoch-seconds, the
    /// protocols' default, and a string for the other formats.
    pub fn timestamp(&mut self, value: &DateTime, format: TimestampFormat) {
        let text = value.format(format);
        match format {
            TimestampFormat::EpochSeconds => {
                self.separate();
                self.buffer.extend_from_slice(text.as_bytes());
            }
            TimestampFormat::DateTime | TimestampFormat::HttpDate => self.string(&text),
        }
    }

    /// Writes binary data as a base64 string.
    pub fn blob(&mut self, bytes: &[u8]) {
        self.string(&base64_encode(bytes));
    }

    /// Writes a document as the JSON it holds.
    pub fn document(&mut self, value: &Document) {
        self.separate();
        // serde_json fails only on I/O errors, which a Vec does not have, and
        // on non-string keys or non-finite numbers, which a `Value` cannot
        // contain.
        let _ = serde_json::to_writer(&mut self.buffer, value);
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
        writer.float32(*self);
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

/// `None` is `null`: the item of a sparse list or the value of a sparse map.
impl<T: WriteJson> WriteJson for Option<T> {
    fn write_json(&self, writer: &mut JsonWriter) {
        match self {
            Some(value) => value.write_json(writer),
            None => writer.null(),
        }
    }
}

impl<T: WriteJson + ?Sized> WriteJson for Box<T> {
    fn write_json(&self, writer: &mut JsonWriter) {
        (**self).write_json(writer);
    }
}

/// Writes epoch-seconds, the JSON protocols' default format. Members with
/// another `@timestampFormat` call [`JsonWriter::timestamp`] instead.
impl WriteJson for DateTime {
    fn write_json(&self, writer: &mut JsonWriter) {
        writer.timestamp(self, TimestampFormat::EpochSeconds);
    }
}

impl WriteJson for Blob {
    fn write_json(&self, writer: &mut JsonWriter) {
        writer.blob(self.as_bytes());
    }
}

impl WriteJson for Document {
    fn write_json(&self, writer: &mut JsonWriter) {
        writer.document(self);
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

    /// Returns the value a `null` item of a list or map reads as, or `None`
    /// to drop the item. Only `Option<T>`, the item type of sparse
    /// collections, keeps nulls.
    fn read_null() -> Option<Self> {
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
        value
            .as_bool()
            .ok_or_else(|| ReadError::expected("a boolean", value))
    }

    fn missing() -> Option<Self> {
        Some(false)
    }
}

/// Reads an integer, accepting a number written with a zero fraction or an
/// exponent (`3.0`, `1e3`), since JSON does not tell the two apart.
fn read_i64(value: &Value, type_name: &str) -> Result<i64, ReadError> {
    let Value::Number(number) = value else {
        return Err(ReadError::expected("an integer", value));
    };
    if let Some(integer) = number.as_i64() {
        return Ok(integer);
    }
    let too_large = || ReadError::new(format!("integer {number} does not fit in {type_name}"));
    if number.is_u64() {
        return Err(too_large());
    }
    match number.as_f64() {
        Some(float) if float.fract() != 0.0 => Err(ReadError::new(format!(
            "expected an integer, found {number}, which has a fraction"
        ))),
        // Integral floats in this range convert exactly; 2^63 itself does not fit.
        Some(float) if (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&float) => {
            Ok(float as i64)
        }
        _ => Err(too_large()),
    }
}

macro_rules! read_integer {
    ($($t:ty),*) => {$(
        impl ReadJson for $t {
            fn read_json(value: &Value) -> Result<Self, ReadError> {
                let number = read_i64(value, stringify!($t))?;
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
        let mut list = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            // Null items of a list that is not sparse carry no value.
            if item.is_null() {
                list.extend(T::read_null());
                continue;
            }
            list.push(T::read_json(item).map_err(|e| e.in_index(index))?);
        }
        Ok(list)
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
                if let Some(null) = T::read_null() {
                    map.insert(key.clone(), null);
                }
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

/// `null` reads as `None`, so `Vec<Option<T>>` and `HashMap<String,
/// Option<T>>` keep the nulls of sparse lists and maps.
impl<T: ReadJson> ReadJson for Option<T> {
    fn read_json(value: &Value) -> Result<Self, ReadError> {
        match value {
            Value::Null => Ok(None),
            value => T::read_json(value).map(Some),
        }
    }

    fn missing() -> Option<Self> {
        Some(None)
    }

    fn read_null() -> Option<Self> {
        Some(None)
    }
}

/// Boxed values, which break cycles of recursive structures, read as the
/// value they contain.
impl<T: ReadJson> ReadJson for Box<T> {
    fn read_json(value: &Value) -> Result<Self, ReadError> {
        T::read_json(value).map(Box::new)
    }

    fn missing() -> Option<Self> {
        T::missing().map(Box::new)
    }
}

/// Reads epoch-seconds, the JSON protocols' default format. Members with
/// another `@timestampFormat` call [`read_timestamp`] instead.
impl ReadJson for DateTime {
    fn read_json(value: &Value) -> Result<Self, ReadError> {
        read_timestamp(value, TimestampFormat::EpochSeconds)
    }

    fn missing() -> Option<Self> {
        Some(DateTime::UNIX_EPOCH)
    }
}

impl ReadJson for Blob {
    fn read_json(value: &Value) -> Result<Self, ReadError> {
        read_blob(value)
    }

    fn missing() -> Option<Self> {
        Some(Blob::default())
    }
}

/// Any JSON value is a document, `null` included.
impl ReadJson for Document {
    fn read_json(value: &Value) -> Result<Self, ReadError> {
        Ok(value.clone())
    }

    fn missing() -> Option<Self> {
        Some(Value::Null)
    }
}

/// Reads a timestamp in `format`: a JSON number for epoch-seconds, a string
/// for date-time and http-date.
///
/// # Errors
///
/// Fails when the value has the other JSON type or its text is not a
/// timestamp in `format`.
pub fn read_timestamp(value: &Value, format: TimestampFormat) -> Result<DateTime, ReadError> {
    let text = match (format, value) {
        // serde_json writes a number as its shortest exact digits, which the
        // epoch-seconds parser reads without going through a float again.
        (TimestampFormat::EpochSeconds, Value::Number(number)) => number.to_string(),
        (TimestampFormat::EpochSeconds, other) => {
            return Err(ReadError::expected(
                "an epoch-seconds timestamp (a number)",
                other,
            ));
        }
        (_, Value::String(text)) => text.clone(),
        (_, other) => {
            let what = format!("a {format} timestamp (a string)");
            return Err(ReadError::expected(&what, other));
        }
    };
    DateTime::parse(&text, format).map_err(|error| ReadError::new(error.to_string()))
}

/// Reads a base64 string as binary data.
///
/// # Errors
///
/// Fails when the value is not a string or not valid base64.
pub fn read_blob(value: &Value) -> Result<Blob, ReadError> {
    let Value::String(text) = value else {
        return Err(ReadError::expected("a base64 string", value));
    };
    base64_decode(text)
        .map(Blob::from)
        .map_err(|error| ReadError::new(error.to_string()))
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
pub fn optional<T: ReadJson>(
    object: &Map<String, Value>,
    key: &str,
) -> Result<Option<T>, ReadError> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => T::read_json(value).map(Some).map_err(|e| e.in_key(key)),
    }
}

/// Reads member `key` of `object` with `read`, for members that the
/// [`ReadJson`] impls do not cover, such as a timestamp in a non-default
/// format. Absent and `null` read as `None`.
pub fn optional_with<T>(
    object: &Map<String, Value>,
    key: &str,
    read: impl FnOnce(&Value) -> Result<T, ReadError>,
) -> Result<Option<T>, ReadError> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => read(value).map(Some).map_err(|e| e.in_key(key)),
    }
}

/// Reads required member `key` of `object`, correcting an omission to the
/// type's zero value where it has one.
pub fn required<T: ReadJson>(object: &Map<String, Value>, key: &str) -> Result<T, ReadError> {
    match optional(object, key)? {
        Some(value) => Ok(value),
        None => T::missing().ok_or_else(|| ReadError::new("missing required member").in_key(key)),
    }
}

/// Reads required member `key` of `object` with `read`, correcting an
/// omission to the type's zero value where it has one.
pub fn required_with<T: ReadJson>(
    object: &Map<String, Value>,
    key: &str,
    read: impl FnOnce(&Value) -> Result<T, ReadError>,
) -> Result<T, ReadError> {
    match optional_with(object, key, read)? {
        Some(value) => Ok(value),
        None => T::missing().ok_or_else(|| ReadError::new("missing required member").in_key(key)),
    }
}

/// Reads an array with `read` for each item. A `null` item is passed to
/// `read` when `keep_nulls` is set (sparse lists), and skipped otherwise.
pub fn read_list_with<T>(
    value: &Value,
    keep_nulls: bool,
    mut read: impl FnMut(&Value) -> Result<T, ReadError>,
) -> Result<Vec<T>, ReadError> {
    let Value::Array(items) = value else {
        return Err(ReadError::expected("an array", value));
    };
    let mut list = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        if item.is_null() && !keep_nulls {
            continue;
        }
        list.push(read(item).map_err(|e| e.in_index(index))?);
    }
    Ok(list)
}

/// Reads an object as a map with `read` for each value. A `null` value is
/// passed to `read` when `keep_nulls` is set (sparse maps), and skipped
/// otherwise.
pub fn read_map_with<T>(
    value: &Value,
    keep_nulls: bool,
    mut read: impl FnMut(&Value) -> Result<T, ReadError>,
) -> Result<HashMap<String, T>, ReadError> {
    let object = object(value)?;
    let mut map = HashMap::with_capacity(object.len());
    for (key, item) in object {
        if item.is_null() && !keep_nulls {
            continue;
        }
        map.insert(key.clone(), read(item).map_err(|e| e.in_key(key))?);
    }
    Ok(map)
}

/// Returns the one member that is set in a union's JSON object, with its
/// key. `null` members and the `__type` key, which some services add, do
/// not count.
///
/// # Errors
///
/// Fails when the value is not an object, or when no member or more than
/// one member is set.
pub fn union_member(value: &Value) -> Result<(&str, &Value), ReadError> {
    let object = object(value)?;
    let mut set = object
        .iter()
        .filter(|(key, item)| !item.is_null() && key.as_str() != "__type");
    match (set.next(), set.next()) {
        (Some((key, item)), None) => Ok((key.as_str(), item)),
        (None, _) => Err(ReadError::new("a union with no member set")),
        (Some((first, _)), Some((second, _))) => Err(ReadError::new(format!(
            "a union with more than one member set (`{first}` and `{second}`)"
        ))),
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
        assert_eq!(
            error.to_string(),
            "expected a string, found a number at $.items[1].name"
        );
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
    fn long_doubles_read_exactly() {
        // Each of these read one unit in the last place off before the
        // parser was switched to correctly rounded parsing.
        let value =
            parse(br#"[-13165491307661.277, 1.1632815959212974e41, -1.5042238267583835e-203]"#)
                .unwrap();
        let numbers: Vec<f64> = value
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_f64().unwrap())
            .collect();
        assert_eq!(
            numbers,
            [
                -13165491307661.277,
                1.1632815959212974e41,
                -1.5042238267583835e-203
            ]
        );
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

    fn write(write: impl FnOnce(&mut JsonWriter)) -> String {
        let mut writer = JsonWriter::new();
        write(&mut writer);
        String::from_utf8(writer.finish()).unwrap()
    }

    fn read<T: ReadJson>(json: &str) -> Result<T, ReadError> {
        T::read_json(&parse(json.as_bytes()).unwrap())
    }

    #[test]
    fn timestamps_write_in_each_format() {
        // From the restJson1 JsonTimestamps request tests.
        let time = DateTime::from_secs(1_398_796_238);
        let json = write(|writer| {
            writer.begin_object();
            writer.field("normal", &time);
            writer.key("dateTime");
            writer.timestamp(&time, TimestampFormat::DateTime);
            writer.key("epochSeconds");
            writer.timestamp(&time, TimestampFormat::EpochSeconds);
            writer.key("httpDate");
            writer.timestamp(&time, TimestampFormat::HttpDate);
            writer.end_object();
        });
        assert_eq!(
            json,
            r#"{"normal":1398796238,"dateTime":"2014-04-29T18:30:38Z","epochSeconds":1398796238,"httpDate":"Tue, 29 Apr 2014 18:30:38 GMT"}"#
        );

        let fractional = DateTime::from_secs_and_nanos(946_845_296, 123_000_000);
        assert_eq!(
            write(|writer| fractional.write_json(writer)),
            "946845296.123"
        );
        let before_epoch = DateTime::from_secs_and_nanos(-2, 500_000_000);
        assert_eq!(write(|writer| before_epoch.write_json(writer)), "-1.5");
    }

    #[test]
    fn timestamps_read_in_each_format() {
        let expected = DateTime::from_secs(1_398_796_238);
        let value = parse(br#"{"n": 1398796238, "d": "2014-04-29T18:30:38Z", "h": "Tue, 29 Apr 2014 18:30:38 GMT"}"#).unwrap();
        let object = object(&value).unwrap();
        assert_eq!(required::<DateTime>(object, "n").unwrap(), expected);
        let read_as = |key, format| optional_with(object, key, |v| read_timestamp(v, format));
        assert_eq!(
            read_as("d", TimestampFormat::DateTime).unwrap(),
            Some(expected)
        );
        assert_eq!(
            read_as("h", TimestampFormat::HttpDate).unwrap(),
            Some(expected)
        );
        assert_eq!(read_as("absent", TimestampFormat::HttpDate).unwrap(), None);

        // From the DatetimeOffsets and FractionalSeconds response tests.
        let offset = read_timestamp(
            &Value::from("2019-12-17T00:48:18+01:00"),
            TimestampFormat::DateTime,
        );
        assert_eq!(offset.unwrap(), DateTime::from_secs(1_576_540_098));
        let fraction = read_timestamp(
            &Value::from("2000-01-02T20:34:56.123Z"),
            TimestampFormat::DateTime,
        );
        assert_eq!(
            fraction.unwrap(),
            DateTime::from_secs_and_nanos(946_845_296, 123_000_000)
        );
    }

    #[test]
    fn epoch_seconds_read_exactly() {
        // serde_json holds 946845296.123 as the nearest f64, 946845296.12299990…;
        // its shortest digits give back exactly 123 milliseconds.
        let cases = [
            ("946845296.123", 946_845_296, 123_000_000),
            ("1398796238", 1_398_796_238, 0),
            ("1.398796238E9", 1_398_796_238, 0),
            ("-1.5", -2, 500_000_000),
            ("9223372036854775807", i64::MAX, 0),
        ];
        for (json, secs, nanos) in cases {
            let time: DateTime = read(json).unwrap();
            assert_eq!((time.secs(), time.subsec_nanos()), (secs, nanos), "{json}");
        }
    }

    #[test]
    fn timestamps_reject_the_wrong_json_type() {
        let error = read::<DateTime>(r#""1398796238""#).unwrap_err();
        assert_eq!(
            error.to_string(),
            "expected an epoch-seconds timestamp (a number), found a string at $"
        );
        let error = read_timestamp(&Value::from(1), TimestampFormat::DateTime).unwrap_err();
        assert_eq!(
            error.to_string(),
            "expected a date-time timestamp (a string), found a number at $"
        );
        let error = read_timestamp(&Value::from("Tue, 29 Apr 2014"), TimestampFormat::HttpDate)
            .unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("invalid http-date timestamp \"Tue, 29 Apr 2014\""),
            "{error}"
        );
        let error = read::<DateTime>("1e300").unwrap_err();
        assert!(error.to_string().contains("outside the range"), "{error}");
    }

    #[test]
    fn blobs_are_base64_strings() {
        // From the restJson1 JsonBlobs tests.
        let blob = Blob::from("value");
        assert_eq!(write(|writer| blob.write_json(writer)), r#""dmFsdWU=""#);
        assert_eq!(read::<Blob>(r#""dmFsdWU=""#).unwrap(), blob);
        assert_eq!(read_blob(&Value::from("")).unwrap(), Blob::default());

        let error = read::<Blob>(r#""not base64!""#).unwrap_err();
        assert!(error.to_string().starts_with("invalid base64"), "{error}");
        let error = read::<Blob>("[1,2]").unwrap_err();
        assert_eq!(
            error.to_string(),
            "expected a base64 string, found an array at $"
        );
    }

    #[test]
    fn documents_round_trip_any_value() {
        let text = r#"{"a":[1,2.5,"x",null,true,{"b":{}}],"c":"\u00e9\n"}"#;
        let document: Document = read(text).unwrap();
        let written = write(|writer| {
            writer.begin_array();
            document.write_json(writer);
            writer.document(&Value::Null);
            writer.end_array();
        });
        assert_eq!(
            written,
            format!("[{},null]", serde_json::to_string(&document).unwrap())
        );
        assert_eq!(parse(written.as_bytes()).unwrap()[0], document);
        assert_eq!(read::<Document>("null").unwrap(), Value::Null);
        assert_eq!(Document::missing(), Some(Value::Null));
    }

    #[test]
    fn sparse_lists_keep_nulls() {
        // From the restJson1 SparseJsonLists tests.
        let strings: Vec<Option<String>> = read(r#"[null, "hi"]"#).unwrap();
        assert_eq!(strings, [None, Some("hi".to_string())]);
        let shorts: Vec<Option<i16>> = read("[null, 2]").unwrap();
        assert_eq!(shorts, [None, Some(2)]);
        assert_eq!(write(|writer| strings.write_json(writer)), r#"[null,"hi"]"#);
        assert_eq!(write(|writer| shorts.write_json(writer)), "[null,2]");
    }

    #[test]
    fn dense_lists_drop_nulls() {
        let strings: Vec<String> = read(r#"[null, "hi", null]"#).unwrap();
        assert_eq!(strings, ["hi"]);
        // A bad item is still reported at its position in the JSON array.
        let error = read::<Vec<String>>(r#"[null, "a", 3]"#).unwrap_err();
        assert_eq!(error.path(), "$[2]");
    }

    #[test]
    fn sparse_maps_keep_nulls() {
        let sparse: HashMap<String, Option<String>> = read(r#"{"a": null, "b": "x"}"#).unwrap();
        assert_eq!(
            sparse,
            HashMap::from([
                ("a".to_string(), None),
                ("b".to_string(), Some("x".to_string()))
            ])
        );
        let dense: HashMap<String, String> = read(r#"{"a": null, "b": "x"}"#).unwrap();
        assert_eq!(dense, HashMap::from([("b".to_string(), "x".to_string())]));

        let single: HashMap<String, Option<i32>> = HashMap::from([("k".to_string(), None)]);
        assert_eq!(write(|writer| single.write_json(writer)), r#"{"k":null}"#);
    }

    #[test]
    fn nested_sparse_lists_keep_inner_nulls() {
        let nested: Vec<Vec<Option<bool>>> = read("[[true, null], null, []]").unwrap();
        assert_eq!(nested, [vec![Some(true), None], vec![]]);
    }

    #[test]
    fn integers_accept_integral_numbers_only() {
        assert_eq!(read::<i32>("3.0").unwrap(), 3);
        assert_eq!(read::<i64>("1e3").unwrap(), 1000);
        assert_eq!(read::<i64>("-0.0").unwrap(), 0);
        assert_eq!(read::<i64>("9223372036854775807").unwrap(), i64::MAX);
        assert_eq!(read::<i64>("-9223372036854775808").unwrap(), i64::MIN);
        assert_eq!(
            read::<i64>("9007199254740993").unwrap(),
            9_007_199_254_740_993
        );

        let error = read::<i32>("1.5").unwrap_err();
        assert_eq!(
            error.to_string(),
            "expected an integer, found 1.5, which has a fraction at $"
        );
        let error = read::<i64>("9223372036854775808").unwrap_err();
        assert!(error.to_string().contains("does not fit in i64"), "{error}");
        let error = read::<i64>("1e19").unwrap_err();
        assert!(error.to_string().contains("does not fit in i64"), "{error}");
        let error = read::<i8>("128.0").unwrap_err();
        assert!(error.to_string().contains("does not fit in i8"), "{error}");
        let error = read::<i32>(r#""3""#).unwrap_err();
        assert_eq!(
            error.to_string(),
            "expected an integer, found a string at $"
        );
    }

    #[test]
    fn floats_write_shortest_digits() {
        assert_eq!(write(|writer| 1.1f32.write_json(writer)), "1.1");
        assert_eq!(write(|writer| 1.1f64.write_json(writer)), "1.1");
        // From the awsJson1_1 KitchenSink double test.
        assert_eq!(
            write(|writer| 123_456_789.123_456_79f64.write_json(writer)),
            "123456789.12345679"
        );
        assert_eq!(
            write(|writer| f32::NEG_INFINITY.write_json(writer)),
            r#""-Infinity""#
        );
        assert_eq!(write(|writer| f32::NAN.write_json(writer)), r#""NaN""#);
        assert!(read::<f64>(r#""NaN""#).unwrap().is_nan());
        assert_eq!(read::<f32>(r#""-Infinity""#).unwrap(), f32::NEG_INFINITY);
    }
}
