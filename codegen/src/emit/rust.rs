//! Small helpers that turn planned names and types into tokens.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::plan::names::needs_raw;
use crate::plan::{RustType, TimestampFormat, TypeModule};

/// Returns `name` as an identifier, raw when it is a keyword.
pub fn ident(name: &str) -> Ident {
    if needs_raw(name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        format_ident!("{}", name)
    }
}

/// Returns the tokens of a field's type, without the `Option` of optional
/// fields.
pub fn type_tokens(ty: &RustType) -> TokenStream {
    match ty {
        RustType::String => quote!(String),
        RustType::Bool => quote!(bool),
        RustType::I8 => quote!(i8),
        RustType::I16 => quote!(i16),
        RustType::I32 => quote!(i32),
        RustType::I64 => quote!(i64),
        RustType::F32 => quote!(f32),
        RustType::F64 => quote!(f64),
        RustType::DateTime(_) => quote!(ingot_runtime::DateTime),
        RustType::Blob => quote!(ingot_runtime::Blob),
        RustType::Document => quote!(ingot_runtime::Document),
        RustType::Unit => quote!(()),
        RustType::Named { module, name, .. } => {
            let name = format_ident!("{}", name);
            match module {
                TypeModule::Types => quote!(crate::types::#name),
                TypeModule::Error => quote!(crate::error::#name),
            }
        }
        RustType::List { item, sparse } => {
            let item = type_tokens(item);
            if *sparse {
                quote!(Vec<Option<#item>>)
            } else {
                quote!(Vec<#item>)
            }
        }
        RustType::Map { value, sparse } => {
            let value = type_tokens(value);
            if *sparse {
                quote!(std::collections::HashMap<String, Option<#value>>)
            } else {
                quote!(std::collections::HashMap<String, #value>)
            }
        }
        RustType::Boxed(inner) => {
            let inner = type_tokens(inner);
            quote!(Box<#inner>)
        }
    }
}

/// Returns the tokens of a `TimestampFormat` value of the runtime.
pub fn format_tokens(format: TimestampFormat) -> TokenStream {
    match format {
        TimestampFormat::DateTime => quote!(ingot_runtime::TimestampFormat::DateTime),
        TimestampFormat::EpochSeconds => quote!(ingot_runtime::TimestampFormat::EpochSeconds),
        TimestampFormat::HttpDate => quote!(ingot_runtime::TimestampFormat::HttpDate),
    }
}
