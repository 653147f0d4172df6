//! Emits a union as a Rust enum with one variant per member, plus
//! `Unknown` for members that a newer version of the service added.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::doc_attrs;
use super::json::{read_value, write_value};
use super::rust::type_tokens;
use super::structure::allow_module_inception;
use crate::plan::{RustType, UnionPlan};

/// Text that stands for a sensitive value in `Debug` output.
const REDACTED: &str = "** redacted **";

/// Returns the union's enum and its impls.
pub fn union(plan: &UnionPlan) -> TokenStream {
    let name = format_ident!("{}", plan.rust_name);
    let fallback = format!("The `{}` union: exactly one member is set.", plan.id.name());
    let docs = doc_attrs(plan.docs.as_deref(), &fallback);

    let variants = plan.variants.iter().map(|variant| {
        let variant_name = format_ident!("{}", variant.rust_name);
        let fallback = format!("The `{}` member.", variant.member);
        let docs = doc_attrs(variant.docs.as_deref(), &fallback);
        if variant.ty == RustType::Unit {
            return quote!(#docs #variant_name,);
        }
        let ty = type_tokens(&variant.ty);
        quote!(#docs #variant_name(#ty),)
    });

    // A member that targets `Unit` is written as an empty object.
    let writes = plan.variants.iter().map(|variant| {
        let variant_name = format_ident!("{}", variant.rust_name);
        let key = &variant.json_name;
        if variant.ty == RustType::Unit {
            return quote! {
                Self::#variant_name => {
                    writer.key(#key);
                    writer.begin_object();
                    writer.end_object();
                }
            };
        }
        let write = write_value(&variant.ty, quote!(value));
        quote! {
            Self::#variant_name(value) => {
                writer.key(#key);
                #write
            }
        }
    });
    // A union whose members all target `Unit` never reads a member's value.
    let member_value = if plan.variants.iter().all(|v| v.ty == RustType::Unit) { quote!(_) } else { quote!(value) };
    let reads = plan.variants.iter().map(|variant| {
        let variant_name = format_ident!("{}", variant.rust_name);
        let key = &variant.json_name;
        if variant.ty == RustType::Unit {
            return quote!(#key => Ok(Self::#variant_name),);
        }
        let read = read_value(&variant.ty, quote!(value));
        quote!(#key => #read.map(Self::#variant_name).map_err(|e| e.in_key(key)),)
    });

    let redacted = plan.variants.iter().any(|v| v.sensitive);
    let debug_derive = if redacted { quote!() } else { quote!(Debug,) };
    let debug = redacted.then(|| {
        let type_name = &plan.rust_name;
        let arms = plan.variants.iter().map(|variant| {
            let variant_name = format_ident!("{}", variant.rust_name);
            let label = &variant.rust_name;
            if variant.ty == RustType::Unit {
                quote!(Self::#variant_name => f.write_str(#label),)
            } else if variant.sensitive {
                quote!(Self::#variant_name(_) => f.debug_tuple(#label).field(&#REDACTED).finish(),)
            } else {
                quote!(Self::#variant_name(value) => f.debug_tuple(#label).field(value).finish(),)
            }
        });
        quote! {
            impl std::fmt::Debug for #name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    match self {
                        #(#arms)*
                        Self::Unknown(member) => f.debug_tuple(#type_name).field(member).finish(),
                    }
                }
            }
        }
    });

    let inception = allow_module_inception(&plan.module, "types");

    quote! {
        #inception
        #docs
        #[derive(Clone, PartialEq, #debug_derive)]
        #[non_exhaustive]
        // Variants hold the model's members as they are; boxing the large
        // ones would cost an allocation on every read.
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
            /// A member that this version of the client does not know, with
            /// the member's name. Sending it writes an empty union, which the
            /// service rejects.
            Unknown(String),
        }

        #debug

        impl ingot_runtime::json::WriteJson for #name {
            fn write_json(&self, writer: &mut ingot_runtime::json::JsonWriter) {
                writer.begin_object();
                match self {
                    #(#writes)*
                    Self::Unknown(_) => {}
                }
                writer.end_object();
            }
        }

        impl ingot_runtime::json::ReadJson for #name {
            fn read_json(value: &ingot_runtime::json::Value) -> Result<Self, ingot_runtime::json::ReadError> {
                let (key, #member_value) = ingot_runtime::json::union_member(value)?;
                match key {
                    #(#reads)*
                    other => Ok(Self::Unknown(other.to_string())),
                }
            }
        }
    }
}
