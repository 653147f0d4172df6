//! Turns the `params` of a protocol test case, JSON keyed by member name,
//! into Rust expressions that build the same value with the generated
//! builders and constructors.

use std::cell::Cell;
use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::{Number, Value};

use crate::emit::rust::{ident, type_tokens};
use crate::plan::{FieldPlan, NamedKind, RustType, ServicePlan, StructPlan, UnionPlan};

/// The generated types of one crate, by Rust name.
pub struct Types<'p> {
    structures: BTreeMap<&'p str, &'p StructPlan>,
    unions: BTreeMap<&'p str, &'p UnionPlan>,
    /// Whether a float in the last built value was NaN, which `==` never
    /// matches, so the test compares that member by its `Debug` text.
    saw_nan: Cell<bool>,
}

impl<'p> Types<'p> {
    pub fn new(plan: &'p ServicePlan) -> Self {
        Self {
            structures: plan
                .structures
                .iter()
                .map(|s| (s.rust_name.as_str(), s))
                .collect(),
            unions: plan
                .unions
                .iter()
                .map(|u| (u.rust_name.as_str(), u))
                .collect(),
            saw_nan: Cell::new(false),
        }
    }

    /// Returns whether a NaN was built since the last call, and clears the
    /// flag.
    pub fn take_nan(&self) -> bool {
        self.saw_nan.replace(false)
    }

    /// Returns the `set_*` calls that put each member of `params`, an
    /// object, into a builder of `fields`. Null members are left unset.
    pub fn setters(
        &self,
        fields: &[FieldPlan],
        params: &Value,
        at: &str,
    ) -> Result<Vec<TokenStream>, String> {
        let object = match params {
            Value::Object(object) => object,
            Value::Null => return Ok(Vec::new()),
            other => {
                return Err(format!(
                    "{at}: expected an object of members, found {other}"
                ))
            }
        };
        let mut calls = Vec::new();
        for (member, value) in object {
            let Some(field) = fields.iter().find(|f| &f.member == member) else {
                return Err(format!("{at}: the structure has no member `{member}`"));
            };
            if value.is_null() {
                continue;
            }
            let expression = self.value(&field.ty, value, &format!("{at}.{member}"))?;
            calls.push(set_call(field, expression));
        }
        Ok(calls)
    }

    /// Returns an expression of type `ty` with the value of `value`.
    pub fn value(&self, ty: &RustType, value: &Value, at: &str) -> Result<TokenStream, String> {
        let mismatch = || format!("{at}: {value} does not fit a {}", type_tokens(ty));
        match (ty, value) {
            (RustType::String, Value::String(text)) => Ok(quote!(String::from(#text))),
            (RustType::Bool, Value::Bool(flag)) => Ok(quote!(#flag)),
            (
                RustType::I8 | RustType::I16 | RustType::I32 | RustType::I64,
                Value::Number(number),
            ) => {
                let integer = number.as_i64().ok_or_else(mismatch)?;
                literal(&format!("{integer}_{}", type_tokens(ty)))
            }
            (RustType::F32 | RustType::F64, _) => self.float(ty, value).ok_or_else(mismatch),
            (RustType::DateTime(_), Value::Number(number)) => {
                timestamp(number).ok_or_else(mismatch)
            }
            (RustType::Blob, Value::String(text)) => Ok(quote!(ingot_runtime::Blob::from(#text))),
            (RustType::Document, document) => {
                let text = document.to_string();
                Ok(
                    quote!(ingot_runtime::json::parse(#text.as_bytes()).expect("the test's document is JSON")),
                )
            }
            (
                RustType::Named {
                    kind: NamedKind::Enum,
                    ..
                },
                Value::String(text),
            ) => {
                let path = type_tokens(ty);
                Ok(quote!(#path::from(#text)))
            }
            (
                RustType::Named {
                    kind: NamedKind::IntEnum,
                    ..
                },
                Value::Number(number),
            ) => {
                let path = type_tokens(ty);
                let integer = number
                    .as_i64()
                    .and_then(|n| i32::try_from(n).ok())
                    .ok_or_else(mismatch)?;
                Ok(quote!(#path::from(#integer)))
            }
            (
                RustType::Named {
                    kind: NamedKind::Structure,
                    name,
                    ..
                },
                _,
            ) => {
                let plan = self
                    .structures
                    .get(name.as_str())
                    .ok_or_else(|| format!("{at}: no structure `{name}`"))?;
                let setters = self.setters(&plan.fields, value, at)?;
                let path = type_tokens(ty);
                Ok(quote!(#path::builder() #(#setters)* .build()))
            }
            (
                RustType::Named {
                    kind: NamedKind::Union,
                    name,
                    ..
                },
                Value::Object(object),
            ) => {
                let plan = self
                    .unions
                    .get(name.as_str())
                    .ok_or_else(|| format!("{at}: no union `{name}`"))?;
                self.union(plan, ty, object, at)
            }
            (RustType::List { item, sparse }, Value::Array(items)) => {
                let mut expressions = Vec::new();
                for (index, item_value) in items.iter().enumerate() {
                    let at = format!("{at}[{index}]");
                    expressions.push(match (sparse, item_value) {
                        (true, Value::Null) => quote!(None),
                        (true, _) => {
                            let expression = self.value(item, item_value, &at)?;
                            quote!(Some(#expression))
                        }
                        (false, _) => self.value(item, item_value, &at)?,
                    });
                }
                Ok(quote!(Vec::from([#(#expressions),*])))
            }
            (
                RustType::Map {
                    value: value_ty,
                    sparse,
                },
                Value::Object(entries),
            ) => {
                let mut pairs = Vec::new();
                for (key, entry) in entries {
                    let at = format!("{at}.{key}");
                    let expression = match (sparse, entry) {
                        (true, Value::Null) => quote!(None),
                        (true, _) => {
                            let expression = self.value(value_ty, entry, &at)?;
                            quote!(Some(#expression))
                        }
                        (false, _) => self.value(value_ty, entry, &at)?,
                    };
                    pairs.push(quote!((String::from(#key), #expression)));
                }
                Ok(quote!(std::collections::HashMap::from_iter([#(#pairs),*])))
            }
            (RustType::Boxed(inner), _) => {
                let expression = self.value(inner, value, at)?;
                Ok(quote!(Box::new(#expression)))
            }
            _ => Err(mismatch()),
        }
    }

    fn union(
        &self,
        plan: &UnionPlan,
        ty: &RustType,
        object: &serde_json::Map<String, Value>,
        at: &str,
    ) -> Result<TokenStream, String> {
        let mut set = object.iter().filter(|(_, value)| !value.is_null());
        let (Some((member, value)), None) = (set.next(), set.next()) else {
            return Err(format!("{at}: a union needs exactly one member set"));
        };
        let variant = plan
            .variants
            .iter()
            .find(|v| &v.member == member)
            .ok_or_else(|| format!("{at}: the union has no member `{member}`"))?;
        let path = type_tokens(ty);
        let name = format_ident!("{}", variant.rust_name);
        if variant.ty == RustType::Unit {
            return Ok(quote!(#path::#name));
        }
        let expression = self.value(&variant.ty, value, &format!("{at}.{member}"))?;
        Ok(quote!(#path::#name(#expression)))
    }

    /// Returns a float literal; the protocol tests spell NaN and the
    /// infinities as strings.
    fn float(&self, ty: &RustType, value: &Value) -> Option<TokenStream> {
        let suffix = type_tokens(ty);
        match value {
            Value::Number(number) => literal(&format!("{:?}_{suffix}", number.as_f64()?)).ok(),
            Value::String(text) if text == "NaN" => {
                self.saw_nan.set(true);
                Some(quote!(#suffix::NAN))
            }
            Value::String(text) if text == "Infinity" => Some(quote!(#suffix::INFINITY)),
            Value::String(text) if text == "-Infinity" => Some(quote!(#suffix::NEG_INFINITY)),
            _ => None,
        }
    }

    /// Returns the calls that set each required member of `fields` that
    /// `params` leaves out to a placeholder, so that the builder accepts
    /// the input of a response test, whose params describe only the output.
    pub fn placeholders(&self, fields: &[FieldPlan]) -> Vec<TokenStream> {
        fields
            .iter()
            .filter(|f| f.must_be_set())
            .map(|field| set_call(field, self.placeholder(&field.ty, 0)))
            .collect()
    }

    /// Returns the simplest valid value of `ty`: a non-empty string, since
    /// an empty URI label is rejected, and zero or empty otherwise.
    fn placeholder(&self, ty: &RustType, depth: usize) -> TokenStream {
        let path = type_tokens(ty);
        match ty {
            RustType::String => quote!(String::from("placeholder")),
            RustType::Bool => quote!(false),
            RustType::F32 | RustType::F64 => quote!(0.0),
            RustType::I8 | RustType::I16 | RustType::I32 | RustType::I64 => quote!(0),
            RustType::DateTime(_) => quote!(ingot_runtime::DateTime::from_secs(0)),
            RustType::Blob => quote!(ingot_runtime::Blob::default()),
            RustType::Document => quote!(ingot_runtime::json::Value::Null),
            RustType::List { .. } => quote!(Vec::new()),
            RustType::Map { .. } => quote!(std::collections::HashMap::new()),
            RustType::Boxed(inner) => {
                let inner = self.placeholder(inner, depth + 1);
                quote!(Box::new(#inner))
            }
            RustType::Named {
                kind: NamedKind::Enum,
                ..
            } => quote!(#path::from("placeholder")),
            RustType::Named {
                kind: NamedKind::IntEnum,
                ..
            } => quote!(#path::from(0)),
            RustType::Named {
                kind: NamedKind::Structure,
                name,
                ..
            } => {
                let setters = match self.structures.get(name.as_str()) {
                    Some(plan) if depth < 8 => plan
                        .fields
                        .iter()
                        .filter(|f| f.must_be_set())
                        .map(|field| set_call(field, self.placeholder(&field.ty, depth + 1)))
                        .collect(),
                    _ => Vec::new(),
                };
                quote!(#path::builder() #(#setters)* .build())
            }
            RustType::Named {
                kind: NamedKind::Union,
                name,
                ..
            } => {
                let variant = self
                    .unions
                    .get(name.as_str())
                    .and_then(|plan| plan.variants.first());
                match variant {
                    Some(variant) if variant.ty == RustType::Unit => {
                        let name = ident(&variant.rust_name);
                        quote!(#path::#name)
                    }
                    Some(variant) => {
                        let name = ident(&variant.rust_name);
                        let value = self.placeholder(&variant.ty, depth + 1);
                        quote!(#path::#name(#value))
                    }
                    None => quote!(#path::Unknown(String::from("placeholder"))),
                }
            }
            RustType::Unit => quote!(()),
        }
    }
}

/// Parses one literal, such as `-5_i32`, into tokens.
fn literal(text: &str) -> Result<TokenStream, String> {
    text.parse().map_err(|_| format!("invalid literal {text}"))
}

/// Returns a `DateTime` for epoch seconds written as a decimal number. The
/// digits are split as text, because `1576540098.52` has no exact binary
/// form and would lose its fraction's last digits.
fn timestamp(number: &Number) -> Option<TokenStream> {
    if let Some(seconds) = number.as_i64() {
        let seconds = literal(&format!("{seconds}_i64")).ok()?;
        return Some(quote!(ingot_runtime::DateTime::from_secs_and_nanos(#seconds, 0)));
    }
    let text = number.to_string();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.as_str()),
    };
    let (whole, fraction) = digits.split_once('.')?;
    if fraction.len() > 9 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut seconds: i64 = whole.parse().ok()?;
    let mut nanos: u32 = format!("{fraction:0<9}").parse().ok()?;
    // -1.5 is 1.5 seconds before the epoch: second -2 plus half a second.
    if negative {
        seconds = -seconds;
        if nanos > 0 {
            seconds -= 1;
            nanos = 1_000_000_000 - nanos;
        }
    }
    let seconds = literal(&format!("{seconds}_i64")).ok()?;
    Some(quote!(ingot_runtime::DateTime::from_secs_and_nanos(#seconds, #nanos)))
}

/// Returns the call that sets `field` to `value`: in `Some` through the
/// `set_` setter of an optional member, as it is for a tracked one.
fn set_call(field: &FieldPlan, value: TokenStream) -> TokenStream {
    let setter = format_ident!("set_{}", field.rust_name);
    let collection = matches!(field.ty, RustType::List { .. } | RustType::Map { .. });
    match (field.must_be_set(), collection) {
        (true, true) => quote!(.#setter(#value)),
        // A tracked member that is not a collection has only its plain setter.
        (true, false) => {
            let setter = ident(&field.rust_name);
            quote!(.#setter(#value))
        }
        (false, _) => quote!(.#setter(Some(#value))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timestamp_text(json: &str) -> Option<String> {
        let number: Number = serde_json::from_str(json).unwrap();
        timestamp(&number).map(|tokens| tokens.to_string().replace(' ', ""))
    }

    #[test]
    fn timestamp_keeps_decimal_fraction() {
        let text = timestamp_text("1576540098.52").unwrap();
        assert!(text.ends_with("(1576540098_i64,520000000u32)"), "{text}");
    }

    #[test]
    fn timestamp_before_epoch_borrows_second() {
        let text = timestamp_text("-1.5").unwrap();
        assert!(text.ends_with("(-2_i64,500000000u32)"), "{text}");
    }

    #[test]
    fn timestamp_whole_seconds() {
        let text = timestamp_text("946845296").unwrap();
        assert!(text.ends_with("(946845296_i64,0)"), "{text}");
    }

    #[test]
    fn timestamp_rejects_sub_nanosecond_digits() {
        assert_eq!(timestamp_text("1.0000000001"), None);
    }
}
