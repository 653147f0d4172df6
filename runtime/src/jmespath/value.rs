//! Conversion of the values of generated types to the JSON data model that
//! JMESPath expressions in waiters read. Structures become objects keyed by
//! member name (not the JSON wire name), timestamps become epoch seconds
//! and blobs base64 strings, as the Smithy waiters specification defines them.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::{Blob, DateTime, Document};

/// A value that waiter expressions can read.
pub trait ToJmespath {
    /// Returns the value in JMESPath's data model.
    fn to_jmespath(&self) -> Value;
}

/// Returns an object with the `members` whose value is not null; a missing
/// member reads as null either way.
pub fn object<'k>(members: impl IntoIterator<Item = (&'k str, Value)>) -> Value {
    let mut map = Map::new();
    for (name, value) in members {
        if !value.is_null() {
            map.insert(name.to_string(), value);
        }
    }
    Value::Object(map)
}

impl ToJmespath for String {
    fn to_jmespath(&self) -> Value {
        Value::String(self.clone())
    }
}

impl ToJmespath for bool {
    fn to_jmespath(&self) -> Value {
        Value::Bool(*self)
    }
}

macro_rules! number {
    ($($t:ty),*) => {$(
        impl ToJmespath for $t {
            fn to_jmespath(&self) -> Value {
                Value::from(*self)
            }
        }
    )*};
}

number!(i8, i16, i32, i64, f32, f64);

impl ToJmespath for DateTime {
    fn to_jmespath(&self) -> Value {
        Value::from(self.as_secs_f64())
    }
}

impl ToJmespath for Blob {
    fn to_jmespath(&self) -> Value {
        Value::String(crate::blob::base64_encode(self.as_bytes()))
    }
}

impl ToJmespath for Document {
    fn to_jmespath(&self) -> Value {
        self.clone()
    }
}

impl<T: ToJmespath> ToJmespath for Option<T> {
    fn to_jmespath(&self) -> Value {
        self.as_ref().map_or(Value::Null, ToJmespath::to_jmespath)
    }
}

impl<T: ToJmespath + ?Sized> ToJmespath for Box<T> {
    fn to_jmespath(&self) -> Value {
        (**self).to_jmespath()
    }
}

impl<T: ToJmespath> ToJmespath for Vec<T> {
    fn to_jmespath(&self) -> Value {
        Value::Array(self.iter().map(ToJmespath::to_jmespath).collect())
    }
}

impl<T: ToJmespath> ToJmespath for HashMap<String, T> {
    fn to_jmespath(&self) -> Value {
        Value::Object(
            self.iter()
                .map(|(key, value)| (key.clone(), value.to_jmespath()))
                .collect(),
        )
    }
}
