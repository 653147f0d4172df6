//! Emits a string or integer enum. Each keeps values it does not know in
//! `Unknown`, so a service that adds a value does not break the client.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::docs::doc_attrs;
use super::structure::allow_module_inception;
use crate::plan::EnumPlan;

/// Returns the enum and its conversions.
pub fn enumeration(plan: &EnumPlan) -> TokenStream {
    let inception = allow_module_inception(&plan.module, "types");
    let body = if plan.int { int_enum(plan) } else { string_enum(plan) };
    quote!(#inception #body)
}

fn string_enum(plan: &EnumPlan) -> TokenStream {
    let name = format_ident!("{}", plan.rust_name);
    let fallback = format!("The `{}` enum.", plan.id.name());
    let docs = doc_attrs(plan.docs.as_deref(), &fallback);
    let variants = variants(plan);
    let names: Vec<_> = plan.values.iter().map(|v| format_ident!("{}", v.rust_name)).collect();
    let values: Vec<&str> = plan.values.iter().map(|v| v.value.as_str()).collect();

    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value that this version of the client does not know.
            Unknown(String),
        }

        impl #name {
            /// Returns the value as the service spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#names => #values,)*
                    Self::Unknown(value) => value,
                }
            }

            /// Returns every value this version of the client recognizes.
            pub fn values() -> &'static [&'static str] {
                &[#(#values),*]
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#values => Self::#names,)*
                    other => Self::Unknown(other.to_string()),
                }
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                Self::from(value.as_str())
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ingot_runtime::http_binding::HttpScalar for #name {
            fn format_http(&self) -> String {
                self.as_str().to_string()
            }

            fn parse_http(text: &str) -> Result<Self, &'static str> {
                Ok(Self::from(text))
            }
        }

        impl ingot_runtime::json::WriteJson for #name {
            fn write_json(&self, writer: &mut ingot_runtime::json::JsonWriter) {
                writer.string(self.as_str());
            }
        }

        impl ingot_runtime::json::ReadJson for #name {
            fn read_json(value: &ingot_runtime::json::Value) -> Result<Self, ingot_runtime::json::ReadError> {
                <String as ingot_runtime::json::ReadJson>::read_json(value).map(Self::from)
            }

            fn missing() -> Option<Self> {
                Some(Self::Unknown(String::new()))
            }
        }
    }
}

fn int_enum(plan: &EnumPlan) -> TokenStream {
    let name = format_ident!("{}", plan.rust_name);
    let fallback = format!("The `{}` integer enum.", plan.id.name());
    let docs = doc_attrs(plan.docs.as_deref(), &fallback);
    let variants = variants(plan);
    let names: Vec<_> = plan.values.iter().map(|v| format_ident!("{}", v.rust_name)).collect();
    let values: Vec<Literal> = plan
        .values
        .iter()
        .map(|v| Literal::i32_unsuffixed(v.value.parse().unwrap_or_default()))
        .collect();

    quote! {
        #docs
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value that this version of the client does not know.
            Unknown(i32),
        }

        impl #name {
            /// Returns the value as the service sends it.
            pub fn value(&self) -> i32 {
                match self {
                    #(Self::#names => #values,)*
                    Self::Unknown(value) => *value,
                }
            }
        }

        impl From<i32> for #name {
            fn from(value: i32) -> Self {
                match value {
                    #(#values => Self::#names,)*
                    other => Self::Unknown(other),
                }
            }
        }

        impl ingot_runtime::http_binding::HttpScalar for #name {
            fn format_http(&self) -> String {
                self.value().to_string()
            }

            fn parse_http(text: &str) -> Result<Self, &'static str> {
                text.parse::<i32>().map(Self::from).map_err(|_| "an integer")
            }
        }

        impl ingot_runtime::json::WriteJson for #name {
            fn write_json(&self, writer: &mut ingot_runtime::json::JsonWriter) {
                writer.integer(i64::from(self.value()));
            }
        }

        impl ingot_runtime::json::ReadJson for #name {
            fn read_json(value: &ingot_runtime::json::Value) -> Result<Self, ingot_runtime::json::ReadError> {
                <i32 as ingot_runtime::json::ReadJson>::read_json(value).map(Self::from)
            }

            fn missing() -> Option<Self> {
                Some(Self::Unknown(0))
            }
        }
    }
}

fn variants(plan: &EnumPlan) -> Vec<TokenStream> {
    plan.values
        .iter()
        .map(|value| {
            let variant = format_ident!("{}", value.rust_name);
            let fallback = format!("`{}`", value.value.replace('`', "'"));
            let docs = doc_attrs(value.docs.as_deref(), &fallback);
            quote!(#docs #variant,)
        })
        .collect()
}
