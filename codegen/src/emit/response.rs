//! Emits `from_response`, which reads an operation output or a modeled
//! error from a whole HTTP response: JSON body members, headers, the
//! payload and the status code.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::json::{read_field, read_value};
use super::rust::{format_tokens, ident};
use crate::plan::{Binding, FieldPlan, NamedKind, PayloadKind, RustType, StructPlan, StructRole, TimestampFormat};

/// Returns the `from_response` function of an output or error structure.
pub fn from_response(plan: &StructPlan) -> TokenStream {
    let name = format_ident!("{}", plan.rust_name);
    let has_body_members = plan.fields.iter().any(|f| matches!(f.binding, Binding::Body { .. }));
    let is_error = matches!(plan.role, StructRole::Error(_));
    let parse = has_body_members.then(|| {
        // An error's body may be cut short or not JSON at all; the status
        // and headers still identify the error, so it reads as empty.
        let value = if is_error {
            quote!(ingot_runtime::protocol::error_body(response))
        } else {
            quote!(ingot_runtime::json::parse(response.body())?)
        };
        quote! {
            let value = #value;
            let object = ingot_runtime::json::object(&value)?;
        }
    });
    let reads = plan.fields.iter().map(|field| {
        let field_name = ident(&field.rust_name);
        let read = read_binding(field);
        quote!(#field_name: #read,)
    });
    let metadata = is_error.then(|| quote!(metadata: Default::default(),));
    let response = if plan.fields.is_empty() { quote!(_response) } else { quote!(response) };
    let docs = format!(" Reads the `{}` from a response.", plan.id.name());

    quote! {
        impl #name {
            #[doc = #docs]
            pub(crate) fn from_response(#response: &ingot_runtime::Response) -> Result<Self, ingot_runtime::Error> {
                #parse
                Ok(Self {
                    #(#reads)*
                    #metadata
                })
            }
        }
    }
}

/// Returns the expression that reads one field from `response`, or from
/// `object` for JSON body members.
fn read_binding(field: &FieldPlan) -> TokenStream {
    match &field.binding {
        Binding::Body { json_name } => {
            let read = read_field(field, json_name);
            quote!(#read?)
        }
        Binding::Header { name, media_type } => read_header(&field.ty, name, *media_type),
        Binding::PrefixHeaders(prefix) => {
            quote!(Some(ingot_runtime::http_binding::prefix_headers(response.headers(), #prefix)).filter(|map| !map.is_empty()))
        }
        Binding::ResponseCode => {
            let status = quote!(i32::from(response.status()));
            if field.optional {
                quote!(Some(#status))
            } else {
                status
            }
        }
        Binding::Payload(kind) => read_payload(&field.ty, kind),
        // Labels and query parameters exist only in requests.
        Binding::Label | Binding::Query(_) | Binding::QueryParams => quote!(None),
    }
}

fn read_header(ty: &RustType, name: &str, media_type: bool) -> TokenStream {
    if media_type {
        return quote!(ingot_runtime::http_binding::read_media_type_header(response.headers(), #name)?);
    }
    match ty {
        RustType::DateTime(format) => {
            let format = format_tokens(format.unwrap_or(TimestampFormat::HttpDate));
            quote!(ingot_runtime::http_binding::read_timestamp_header(response.headers(), #name, #format)?)
        }
        RustType::List { item, .. } => match &**item {
            RustType::DateTime(format) => {
                let format = format_tokens(format.unwrap_or(TimestampFormat::HttpDate));
                quote!(ingot_runtime::http_binding::read_timestamp_header_list(response.headers(), #name, #format)?)
            }
            _ => quote!(ingot_runtime::http_binding::read_header_list(response.headers(), #name)?),
        },
        _ => quote!(ingot_runtime::http_binding::read_header(response.headers(), #name)?),
    }
}

fn read_payload(ty: &RustType, kind: &PayloadKind) -> TokenStream {
    match kind {
        PayloadKind::Blob { streaming: true, .. } => {
            quote!(Some(ingot_runtime::Blob::from(response.body().to_vec())))
        }
        PayloadKind::Blob { .. } => quote!(ingot_runtime::protocol::read_blob_payload(response)),
        PayloadKind::Text { .. } => {
            let text = quote!(ingot_runtime::protocol::read_text_payload(response)?);
            match ty {
                RustType::Named { kind: NamedKind::Enum, .. } => quote!(#text.map(|text| text.as_str().into())),
                _ => text,
            }
        }
        PayloadKind::Json => {
            let read = read_value(ty, quote!(&value));
            quote! {
                match ingot_runtime::protocol::read_json_payload(response)? {
                    Some(value) => Some(#read?),
                    None => None,
                }
            }
        }
    }
}
