//! Emits a structure, its builder, its `Debug` (which redacts sensitive
//! members) and its JSON reading and writing.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::builder::{self, TypeState};
use super::docs::doc_attrs;
use super::json::{read_field, write_field};
use super::response::from_response;
use super::rust::{ident, type_tokens};
use crate::plan::{Binding, FieldPlan, RustType, StructPlan, StructRole};

/// Text that stands for a sensitive value in `Debug` output.
const REDACTED: &str = "** redacted **";

/// Returns the structure, its builder and trait impls.
pub fn structure(plan: &StructPlan) -> TokenStream {
    let StructPlan {
        id,
        rust_name,
        module,
        docs,
        role,
        fields,
    } = plan;
    let name = format_ident!("{}", rust_name);
    let builder_name = format_ident!("{}Builder", rust_name);
    let is_error = matches!(role, StructRole::Error(_));

    let fallback = format!("The `{}` structure.", id.name());
    let struct_docs = doc_attrs(docs.as_deref(), &fallback);
    let field_defs = fields.iter().map(|field| {
        let field_name = ident(&field.rust_name);
        let ty = field_type(field);
        let fallback = format!("The `{}` member.", field.member);
        let docs = doc_attrs(field.docs.as_deref(), &fallback);
        quote! { #docs pub #field_name: #ty, }
    });
    let metadata_field = is_error.then(|| quote!(metadata: ingot_runtime::ErrorMetadata,));

    let redacted = fields.iter().any(|f| f.sensitive);
    let debug_derive = if redacted { quote!() } else { quote!(Debug,) };
    let struct_debug = redacted.then(|| debug_impl(&name, fields, is_error, &TypeState::none()));

    let state = TypeState::new(plan);
    let builder_debug = redacted.then(|| debug_impl(&builder_name, fields, false, &state));
    let builder = builder::builder(plan, &name, &state, &debug_derive);
    let error_impls = is_error.then(|| error_impls(&name, fields));
    let json = json_impls(plan, &name);
    // Errors whose members are all in the body are read through `ReadJson`.
    let bound_outside_body = fields
        .iter()
        .any(|f| !matches!(f.binding, Binding::Body { .. }));
    let needs_reader = *role == StructRole::Output || (is_error && bound_outside_body);
    let from_response = needs_reader.then(|| from_response(plan));
    let folder = if is_error { "error" } else { "types" };
    let inception = allow_module_inception(module, folder);

    quote! {
        #inception
        #struct_docs
        #[derive(Clone, PartialEq, #debug_derive)]
        #[non_exhaustive]
        pub struct #name {
            #(#field_defs)*
            #metadata_field
        }

        #struct_debug
        #builder
        #builder_debug
        #error_impls
        #json
        #from_response
    }
}

/// Returns an inner attribute that allows `clippy::module_inception` when a
/// type's module has the name of the folder that contains it, as
/// `error/error.rs` for a shape named `Error` does. The module is private,
/// so its name never reaches users.
pub fn allow_module_inception(module: &str, folder: &str) -> Option<TokenStream> {
    (module == folder).then(|| quote!(#![allow(clippy::module_inception)]))
}

/// Returns a field's type, wrapped in `Option` when it is optional.
pub fn field_type(field: &FieldPlan) -> TokenStream {
    let ty = type_tokens(&field.ty);
    if field.optional {
        quote!(Option<#ty>)
    } else {
        ty
    }
}

fn debug_impl(
    name: &proc_macro2::Ident,
    fields: &[FieldPlan],
    with_metadata: bool,
    state: &TypeState<'_>,
) -> TokenStream {
    let type_name = name.to_string();
    let entries = fields.iter().map(|field| {
        let label = &field.rust_name;
        if field.sensitive {
            quote!(.field(#label, &#REDACTED))
        } else {
            let place = state.place(field);
            quote!(.field(#label, &#place))
        }
    });
    let metadata = with_metadata.then(|| quote!(.field("metadata", &self.metadata)));
    let (debug_params, params) = (state.debug_params(), state.params());
    quote! {
        impl #debug_params std::fmt::Debug for #name #params {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#type_name)
                    #(#entries)*
                    #metadata
                    .finish()
            }
        }
    }
}

fn error_impls(name: &proc_macro2::Ident, fields: &[FieldPlan]) -> TokenStream {
    // Services spell the message member `message` or `Message`, whatever the
    // model names it. The response metadata reads either spelling, so an
    // optional string `message` field that the body left empty takes its value.
    let has_message_field = fields.iter().any(|f| {
        f.rust_name == "message"
            && f.optional
            && f.ty == RustType::String
            && matches!(f.binding, Binding::Body { .. })
    });
    let message_fallback = has_message_field.then(|| {
        quote! {
            if self.message.is_none() {
                self.message = metadata.message().map(str::to_string);
            }
        }
    });
    quote! {
        impl #name {
            /// Returns the status, code, message and request id of the response.
            pub fn meta(&self) -> &ingot_runtime::ErrorMetadata {
                &self.metadata
            }

        }

        impl ingot_runtime::error::ModeledError for #name {
            fn with_metadata(mut self, metadata: ingot_runtime::ErrorMetadata) -> Self {
                #message_fallback
                self.metadata = metadata;
                self
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(&self.metadata, f)
            }
        }

        impl std::error::Error for #name {}
    }
}

/// Returns the JSON impls a structure needs for its role. Data structures
/// are read and written, and errors are read. Inputs are written, and
/// outputs read, by their operation, because HTTP bindings apply to them.
fn json_impls(plan: &StructPlan, name: &proc_macro2::Ident) -> TokenStream {
    let body_fields: Vec<(&FieldPlan, &String)> = plan
        .fields
        .iter()
        .filter_map(|field| match &field.binding {
            Binding::Body { json_name } => Some((field, json_name)),
            _ => None,
        })
        .collect();

    let write = (plan.role == StructRole::Data).then(|| {
        let writes = body_fields
            .iter()
            .map(|(field, json_name)| write_field(field, json_name, quote!(self)));
        quote! {
            impl ingot_runtime::json::WriteJson for #name {
                fn write_json(&self, writer: &mut ingot_runtime::json::JsonWriter) {
                    writer.begin_object();
                    #(#writes)*
                    writer.end_object();
                }
            }
        }
    });

    let readable = matches!(plan.role, StructRole::Data | StructRole::Error(_));
    let read = readable.then(|| {
        let reads = plan.fields.iter().map(|field| {
            let field_name = ident(&field.rust_name);
            match &field.binding {
                Binding::Body { json_name } => {
                    let read = read_field(field, json_name);
                    quote!(#field_name: #read?,)
                }
                // Members bound to headers are read by `from_response`.
                _ => quote!(#field_name: Default::default(),),
            }
        });
        let object = if body_fields.is_empty() { quote!(_object) } else { quote!(object) };
        let metadata = matches!(plan.role, StructRole::Error(_)).then(|| quote!(metadata: Default::default(),));
        quote! {
            impl ingot_runtime::json::ReadJson for #name {
                fn read_json(value: &ingot_runtime::json::Value) -> Result<Self, ingot_runtime::json::ReadError> {
                    let #object = ingot_runtime::json::object(value)?;
                    Ok(Self {
                        #(#reads)*
                        #metadata
                    })
                }
            }
        }
    });

    quote!(#write #read)
}
