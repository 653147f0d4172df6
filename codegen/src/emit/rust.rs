//! Small helpers that turn planned names and types into tokens.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::plan::names::needs_raw;
use crate::plan::{RustType, TypeModule};

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
        RustType::Struct { module, name } => {
            let name = format_ident!("{}", name);
            match module {
                TypeModule::Types => quote!(crate::types::#name),
                TypeModule::Error => quote!(crate::error::#name),
            }
        }
        RustType::List(item) => {
            let item = type_tokens(item);
            quote!(Vec<#item>)
        }
        RustType::Map(value) => {
            let value = type_tokens(value);
            quote!(std::collections::HashMap<String, #value>)
        }
    }
}
