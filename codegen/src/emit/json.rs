//! Emits the code that writes and reads one value as JSON. Most types go
//! through the runtime's `WriteJson` and `ReadJson` traits. Timestamps whose
//! model sets a format other than the JSON default (epoch seconds) need
//! explicit code, and so do the lists and maps that contain them.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::rust::{format_tokens, ident, type_tokens};
use crate::plan::{DefaultValue, FieldPlan, NamedKind, RustType, TimestampFormat};

/// Returns whether values of `ty` need more than the `WriteJson` and
/// `ReadJson` impls.
pub fn needs_format(ty: &RustType) -> bool {
    match ty {
        RustType::DateTime(Some(format)) => *format != TimestampFormat::EpochSeconds,
        RustType::List { item, .. } => needs_format(item),
        RustType::Map { value, .. } => needs_format(value),
        RustType::Boxed(inner) => needs_format(inner),
        _ => false,
    }
}

/// Returns statements that write `value`, a reference to a `ty`, as the
/// next JSON value of `writer`.
pub fn write_value(ty: &RustType, value: TokenStream) -> TokenStream {
    if !needs_format(ty) {
        return quote!(ingot_runtime::json::WriteJson::write_json(#value, writer););
    }
    match ty {
        RustType::DateTime(Some(format)) => {
            let format = format_tokens(*format);
            quote!(writer.timestamp(#value, #format);)
        }
        RustType::List { item, sparse } => {
            let write = write_item(item, *sparse);
            quote! {
                writer.begin_array();
                for item in #value {
                    #write
                }
                writer.end_array();
            }
        }
        RustType::Map { value: item_ty, sparse } => {
            let write = write_item(item_ty, *sparse);
            quote! {
                writer.begin_object();
                for (key, item) in #value {
                    writer.key(key);
                    #write
                }
                writer.end_object();
            }
        }
        RustType::Boxed(inner) => write_value(inner, quote!(&**#value)),
        _ => quote!(ingot_runtime::json::WriteJson::write_json(#value, writer);),
    }
}

/// Writes the list item or map value `item`; a sparse one may be null.
fn write_item(ty: &RustType, sparse: bool) -> TokenStream {
    let write = write_value(ty, quote!(item));
    if sparse {
        quote! {
            match item {
                Some(item) => { #write }
                None => writer.null(),
            }
        }
    } else {
        write
    }
}

/// Returns an expression that reads a `ty` from `value`, a
/// `&ingot_runtime::json::Value`, giving `Result<T, ReadError>`.
pub fn read_value(ty: &RustType, value: TokenStream) -> TokenStream {
    if !needs_format(ty) {
        return quote!(ingot_runtime::json::ReadJson::read_json(#value));
    }
    match ty {
        RustType::DateTime(Some(format)) => {
            let format = format_tokens(*format);
            quote!(ingot_runtime::json::read_timestamp(#value, #format))
        }
        RustType::List { item, sparse } => {
            let read = read_item(item, *sparse);
            quote!(ingot_runtime::json::read_list_with(#value, #sparse, |item| #read))
        }
        RustType::Map { value: item_ty, sparse } => {
            let read = read_item(item_ty, *sparse);
            quote!(ingot_runtime::json::read_map_with(#value, #sparse, |item| #read))
        }
        RustType::Boxed(inner) => {
            let read = read_value(inner, value);
            quote!(#read.map(Box::new))
        }
        _ => quote!(ingot_runtime::json::ReadJson::read_json(#value)),
    }
}

/// Reads a list item or map value. A null is `None` in a sparse list or
/// map; in a dense one the runtime skips it before calling this.
fn read_item(ty: &RustType, sparse: bool) -> TokenStream {
    let read = read_value(ty, quote!(item));
    if sparse {
        quote!(if item.is_null() { Ok(None) } else { #read.map(Some) })
    } else {
        read
    }
}

/// Returns the statement that writes body member `field` of `owner` under
/// `key`, skipping an optional field that is not set.
pub fn write_field(field: &FieldPlan, key: &str, owner: TokenStream) -> TokenStream {
    let field_name = ident(&field.rust_name);
    if !needs_format(&field.ty) {
        return if field.optional {
            quote!(writer.optional_field(#key, &#owner.#field_name);)
        } else {
            quote!(writer.field(#key, &#owner.#field_name);)
        };
    }
    let write = write_value(&field.ty, quote!(value));
    if field.optional {
        quote! {
            if let Some(value) = &#owner.#field_name {
                writer.key(#key);
                #write
            }
        }
    } else {
        quote! {
            let value = &#owner.#field_name;
            writer.key(#key);
            #write
        }
    }
}

/// Returns an expression that reads body member `field` from `object`, a
/// JSON object, giving `Result<T, ReadError>` for the field's type.
pub fn read_field(field: &FieldPlan, key: &str) -> TokenStream {
    let optional = if needs_format(&field.ty) {
        let read = read_value(&field.ty, quote!(value));
        quote!(ingot_runtime::json::optional_with(object, #key, |value| #read))
    } else {
        quote!(ingot_runtime::json::optional(object, #key))
    };
    if field.optional {
        return optional;
    }
    match &field.default {
        Some(default) => {
            let fill = fill_default(default, &field.ty);
            quote!(#optional.map(|value| value #fill))
        }
        None if needs_format(&field.ty) => {
            let read = read_value(&field.ty, quote!(value));
            quote!(ingot_runtime::json::required_with(object, #key, |value| #read))
        }
        None => quote!(ingot_runtime::json::required(object, #key)),
    }
}

/// Returns the method call that replaces a missing `Option` value with the
/// `@default` value: `unwrap_or` for literals, `unwrap_or_default` for
/// empty collections and `unwrap_or_else` for values that allocate.
pub fn fill_default(default: &DefaultValue, ty: &RustType) -> TokenStream {
    let value = default_tokens(default, ty);
    match default {
        DefaultValue::Empty => quote!(.unwrap_or_default()),
        // An empty blob is `Blob::default()`, which clippy would rather see
        // passed as a function than wrapped in a closure.
        DefaultValue::String(text) if text.is_empty() && *ty.unboxed() == RustType::Blob => quote!(.unwrap_or_default()),
        DefaultValue::Bool(_) | DefaultValue::Integer(_) | DefaultValue::Float(_)
            if !matches!(ty, RustType::Named { .. }) =>
        {
            quote!(.unwrap_or(#value))
        }
        _ => quote!(.unwrap_or_else(|| #value)),
    }
}

/// Returns an expression for a `@default` value of a field of type `ty`.
pub fn default_tokens(default: &DefaultValue, ty: &RustType) -> TokenStream {
    let ty_tokens = type_tokens(ty);
    match (default, ty.unboxed()) {
        (DefaultValue::Bool(value), _) => quote!(#value),
        (DefaultValue::Integer(value), RustType::Named { kind: NamedKind::IntEnum, .. }) => {
            let literal = Literal::i64_unsuffixed(*value);
            quote!(#ty_tokens::from(#literal))
        }
        (DefaultValue::Integer(value), RustType::F32 | RustType::F64) => {
            let literal = Literal::f64_unsuffixed(*value as f64);
            quote!(#literal)
        }
        (DefaultValue::Integer(value), _) => {
            let literal = Literal::i64_unsuffixed(*value);
            quote!(#literal)
        }
        (DefaultValue::Float(value), _) => {
            let literal = Literal::f64_unsuffixed(*value);
            quote!(#literal)
        }
        (DefaultValue::String(text), RustType::String) => quote!(String::from(#text)),
        (DefaultValue::String(text), RustType::Blob) => {
            // A blob's default is base64 text; models only use the empty one.
            if text.is_empty() {
                quote!(ingot_runtime::Blob::default())
            } else {
                quote!(ingot_runtime::Blob::from(ingot_runtime::blob::base64_decode(#text).unwrap_or_default()))
            }
        }
        (DefaultValue::String(text), _) => quote!(#ty_tokens::from(#text)),
        (DefaultValue::Empty, _) => quote!(Default::default()),
        (DefaultValue::Timestamp(seconds), _) => {
            let literal = Literal::f64_unsuffixed(*seconds);
            quote!(ingot_runtime::DateTime::from_secs_f64(#literal).unwrap_or(ingot_runtime::DateTime::from_secs(0)))
        }
        (DefaultValue::Document(json), _) => {
            quote!(ingot_runtime::json::parse(#json.as_bytes()).unwrap_or_default())
        }
    }
}
