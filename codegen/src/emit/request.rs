//! Emits `serialize_request`, which turns an operation's input into an
//! HTTP request: under restJson1 by the members' HTTP bindings, under the
//! awsJson protocols as `POST /` with the whole input as the JSON body.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::json::{write_field, write_value};
use super::rust::{format_tokens, ident};
use crate::plan::{
    Binding, EndpointParamPlan, FieldPlan, NamedKind, OperationPlan, PayloadKind, Protocol, RustType, TimestampFormat, UriSegment,
};

/// Returns the `serialize_request` function of `operation`.
pub fn serialize_request(operation: &OperationPlan, protocol: Protocol, service_name: &str) -> TokenStream {
    let input = format_ident!("{}Input", operation.type_prefix);
    let host_prefix = operation.host_prefix.as_ref().map(|segments| host_prefix(segments));
    let endpoint_params: Vec<TokenStream> = operation.endpoint_params.iter().map(endpoint_param).collect();
    let host_prefix = match (host_prefix, endpoint_params.is_empty()) {
        (None, true) => None,
        (prefix, _) => Some(quote!(#prefix #(#endpoint_params)*)),
    };
    let body = match protocol {
        Protocol::RestJson1 => rest_json(operation, host_prefix),
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => aws_json(operation, protocol, service_name, host_prefix),
    };
    let input_name = if operation.input.fields.is_empty() { quote!(_input) } else { quote!(input) };
    let docs = match protocol {
        Protocol::RestJson1 => " Turns the input into an HTTP request as restJson1 binds it.",
        _ => " Turns the input into an HTTP request of the awsJson protocol.",
    };

    quote! {
        #[doc = #docs]
        fn serialize_request(#input_name: &#input) -> Result<ingot_runtime::Request, ingot_runtime::Error> {
            #body
            Ok(request)
        }
    }
}

/// Returns the statement that passes one endpoint rule parameter.
fn endpoint_param(param: &EndpointParamPlan) -> TokenStream {
    match param {
        EndpointParamPlan::Static { name, value } => {
            let value = match value {
                serde_json::Value::Bool(b) => quote!(#b),
                serde_json::Value::String(text) => quote!(#text),
                serde_json::Value::Array(items) => {
                    let items = items.iter().filter_map(serde_json::Value::as_str);
                    quote!(vec![#(String::from(#items)),*])
                }
                other => {
                    let text = other.to_string();
                    quote!(#text)
                }
            };
            quote!(request = request.endpoint_param(#name, #value);)
        }
        EndpointParamPlan::Member { name, rust_name, ty } => {
            let field = ident(rust_name);
            let value = match ty {
                RustType::Bool => quote!(*value),
                RustType::Named { .. } => quote!(value.as_str()),
                _ => quote!(value.clone()),
            };
            quote! {
                if let Some(value) = &input.#field {
                    request = request.endpoint_param(#name, #value);
                }
            }
        }
        EndpointParamPlan::Path { name, path } => quote!(request = request.endpoint_param_path(#name, #path);),
    }
}

/// Returns the statement that sets the request's host prefix; its labels
/// must be valid parts of a host name.
fn host_prefix(segments: &[UriSegment]) -> TokenStream {
    let mut text = String::new();
    let mut arguments = Vec::new();
    for segment in segments {
        match segment {
            UriSegment::Literal(literal) => text.push_str(&literal.replace('{', "{{").replace('}', "}}")),
            UriSegment::Label { member, rust_name, .. } => {
                text.push_str("{}");
                let field = ident(rust_name);
                arguments.push(quote!(ingot_runtime::protocol::host_label(#member, input.#field.as_deref())?));
            }
        }
    }
    if arguments.is_empty() {
        quote!(request = request.host_prefix(#text);)
    } else {
        quote!(request = request.host_prefix(format!(#text, #(#arguments),*));)
    }
}

fn aws_json(operation: &OperationPlan, protocol: Protocol, service_name: &str, host_prefix: Option<TokenStream>) -> TokenStream {
    let content_type = match protocol {
        Protocol::AwsJson1_0 => "application/x-amz-json-1.0",
        _ => "application/x-amz-json-1.1",
    };
    let target = format!("{service_name}.{}", operation.name);
    let writes = body_writes(&operation.input.fields);
    let binding = if host_prefix.is_some() { quote!(let mut request) } else { quote!(let request) };
    // Services that also speak awsQuery (`@awsQueryCompatible`) expect the
    // header from every client of their JSON protocol.
    let query_mode = operation.query_compatible.then(|| quote!(.header("x-amzn-query-mode", "true")?));
    quote! {
        let mut writer = ingot_runtime::json::JsonWriter::new();
        writer.begin_object();
        #(#writes)*
        writer.end_object();
        #binding = ingot_runtime::Request::new(ingot_runtime::http::Method::POST, "/")
            .header("content-type", #content_type)?
            .header("x-amz-target", #target)?
            #query_mode
            .body(writer.finish());
        #host_prefix
    }
}

fn body_writes(fields: &[FieldPlan]) -> Vec<TokenStream> {
    fields
        .iter()
        .filter_map(|field| match &field.binding {
            Binding::Body { json_name } => Some(write_field(field, json_name, quote!(input))),
            _ => None,
        })
        .collect()
}

fn rest_json(operation: &OperationPlan, host_prefix: Option<TokenStream>) -> TokenStream {
    let method = format_ident!("{}", operation.method);
    let fields = &operation.input.fields;

    let (path_pattern, arguments, labels) = pattern(&operation.uri, "/", fields);
    let path_pattern = if path_pattern.is_empty() { "/".to_string() } else { path_pattern };
    let literal = operation.query_literal.clone().unwrap_or_default();
    let query_pushes: Vec<TokenStream> = fields.iter().filter_map(query_push).collect();
    let query_params: Vec<TokenStream> = fields.iter().filter_map(query_params_push).collect();
    let path = if query_pushes.is_empty() && query_params.is_empty() && literal.is_empty() {
        if arguments.is_empty() {
            quote!(let path = #path_pattern;)
        } else {
            quote!(let path = format!(#path_pattern, #(#arguments),*);)
        }
    } else {
        let path_pattern = format!("{path_pattern}{{}}");
        let binding = if query_pushes.is_empty() && query_params.is_empty() { quote!(let query) } else { quote!(let mut query) };
        quote! {
            #binding = ingot_runtime::http_binding::QueryWriter::new(#literal);
            #(#query_pushes)*
            #(#query_params)*
            let path = format!(#path_pattern, #(#arguments,)* query.finish());
        }
    };

    let mut changes: Vec<TokenStream> = fields.iter().filter_map(header_write).collect();
    changes.extend(rest_json_body(fields));
    changes.extend(host_prefix);
    let binding = if changes.is_empty() { quote!(let request) } else { quote!(let mut request) };

    quote! {
        #(#labels)*
        #path
        #binding = ingot_runtime::Request::new(ingot_runtime::http::Method::#method, path);
        #(#changes)*
    }
}

/// Returns the `format!` pattern for `segments` joined by `separator`, its
/// arguments, and the statements that encode each label.
fn pattern(segments: &[UriSegment], separator: &str, fields: &[FieldPlan]) -> (String, Vec<proc_macro2::Ident>, Vec<TokenStream>) {
    let mut text = String::new();
    let mut arguments = Vec::new();
    let mut labels = Vec::new();
    for segment in segments {
        text.push_str(separator);
        match segment {
            UriSegment::Literal(literal) => text.push_str(&literal.replace('{', "{{").replace('}', "}}")),
            UriSegment::Label { member, rust_name, greedy } => {
                text.push_str("{}");
                let local = format_ident!("label_{}", rust_name.trim_start_matches("r#"));
                let field = ident(rust_name);
                let encode = if *greedy {
                    quote!(ingot_runtime::http_binding::greedy_label)
                } else {
                    quote!(ingot_runtime::rest_json::label)
                };
                let ty = fields.iter().find(|f| &f.rust_name == rust_name).map(|f| &f.ty).unwrap_or(&RustType::String);
                let value = match ty {
                    RustType::String => quote!(input.#field.as_deref()),
                    RustType::DateTime(format) => {
                        let format = format_tokens(format.unwrap_or(TimestampFormat::DateTime));
                        quote!(input.#field.map(|value| value.format(#format)).as_deref())
                    }
                    _ => quote!(input.#field.as_ref().map(ingot_runtime::http_binding::HttpScalar::format_http).as_deref()),
                };
                labels.push(quote! {
                    let #local = #encode(#member, #value)?;
                });
                arguments.push(local);
            }
        }
    }
    (text, arguments, labels)
}

/// Returns an expression that turns `value`, a reference to a scalar of
/// type `ty`, into its text for a label, query parameter or header.
fn to_text(ty: &RustType, value: TokenStream, default_format: TimestampFormat) -> TokenStream {
    match ty {
        RustType::DateTime(format) => {
            let format = format_tokens(format.unwrap_or(default_format));
            quote!(#value.format(#format))
        }
        _ => quote!(ingot_runtime::http_binding::HttpScalar::format_http(#value)),
    }
}

fn query_push(field: &FieldPlan) -> Option<TokenStream> {
    let Binding::Query(name) = &field.binding else {
        return None;
    };
    let field_name = ident(&field.rust_name);
    let push = match &field.ty {
        RustType::List { item, .. } => {
            let text = to_text(item, quote!(item), TimestampFormat::DateTime);
            quote! {
                for item in values {
                    query.push(#name, &#text);
                }
            }
        }
        ty => {
            let text = to_text(ty, quote!(values), TimestampFormat::DateTime);
            quote!(query.push(#name, &#text);)
        }
    };
    Some(quote! {
        if let Some(values) = &input.#field_name {
            #push
        }
    })
}

fn query_params_push(field: &FieldPlan) -> Option<TokenStream> {
    if field.binding != Binding::QueryParams {
        return None;
    }
    let field_name = ident(&field.rust_name);
    let RustType::Map { value, .. } = &field.ty else {
        return None;
    };
    // Parameters that an `httpQuery` member set take precedence.
    let push = match &**value {
        RustType::List { item, .. } => {
            let text = to_text(item, quote!(item), TimestampFormat::DateTime);
            quote! {
                for item in value {
                    query.push(key, &#text);
                }
            }
        }
        ty => {
            let text = to_text(ty, quote!(value), TimestampFormat::DateTime);
            quote!(query.push(key, &#text);)
        }
    };
    Some(quote! {
        if let Some(map) = &input.#field_name {
            let mut entries: Vec<_> = map.iter().filter(|(key, _)| !query.contains(key)).collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            for (key, value) in entries {
                #push
            }
        }
    })
}

/// Returns the statement that sets the header, or headers, of `field`.
fn header_write(field: &FieldPlan) -> Option<TokenStream> {
    let field_name = ident(&field.rust_name);
    let write = match &field.binding {
        Binding::Header { name, media_type: true } => {
            quote!(request = request.header(#name, &ingot_runtime::http_binding::format_media_type(value))?;)
        }
        Binding::Header { name, .. } => match &field.ty {
            RustType::List { item, .. } => {
                let joined = match &**item {
                    // An http-date contains a comma, which the list separator
                    // already marks, so dates are joined without quotes.
                    RustType::DateTime(format) => {
                        let format = format_tokens(format.unwrap_or(TimestampFormat::HttpDate));
                        quote!(ingot_runtime::http_binding::timestamp_header_list(value, #format))
                    }
                    _ => quote!(ingot_runtime::http_binding::header_list(
                        value.iter().map(ingot_runtime::http_binding::HttpScalar::format_http)
                    )),
                };
                // An empty list is sent as an empty header, as an empty
                // string is: only a missing member sends no header.
                quote!(request = request.header(#name, &#joined)?;)
            }
            ty => {
                let text = to_text(ty, quote!(value), TimestampFormat::HttpDate);
                quote!(request = request.header(#name, &#text)?;)
            }
        },
        Binding::PrefixHeaders(prefix) => quote! {
            for (key, item) in value {
                request = request.insert_header(&format!("{}{}", #prefix, key), item)?;
            }
        },
        _ => return None,
    };
    Some(quote! {
        if let Some(value) = &input.#field_name {
            #write
        }
    })
}

/// Returns the statements that set the body: the payload member, or a
/// JSON object of the body members.
fn rest_json_body(fields: &[FieldPlan]) -> Option<TokenStream> {
    if let Some(field) = fields.iter().find(|f| matches!(f.binding, Binding::Payload(_))) {
        return Some(payload(field));
    }
    let writes = body_writes(fields);
    if writes.is_empty() {
        return None;
    }
    Some(quote! {
        let mut writer = ingot_runtime::json::JsonWriter::new();
        writer.begin_object();
        #(#writes)*
        writer.end_object();
        request = request.header("content-type", "application/json")?.body(writer.finish());
    })
}

fn payload(field: &FieldPlan) -> TokenStream {
    let field_name = ident(&field.rust_name);
    let Binding::Payload(kind) = &field.binding else {
        return quote!();
    };
    let (content_type, set_body) = match kind {
        PayloadKind::Blob { media_type, .. } => (
            media_type.as_deref().unwrap_or("application/octet-stream"),
            quote!(request = request.body(value.as_bytes().to_vec());),
        ),
        // Both strings and string enums have `as_str`.
        PayloadKind::Text { media_type } => (
            media_type.as_deref().unwrap_or("text/plain"),
            quote!(request = request.body(value.as_str().as_bytes().to_vec());),
        ),
        PayloadKind::Json => {
            let write = write_value(&field.ty, quote!(value));
            let set_body = quote! {
                let mut buffer = ingot_runtime::json::JsonWriter::new();
                let writer = &mut buffer;
                #write
                request = request.body(buffer.finish());
            };
            ("application/json", set_body)
        }
    };
    // An unset structure payload is sent as an empty JSON object, the same
    // body an input without a payload sends. An unset union, blob or string
    // sends no body.
    let unset = match (kind, field.ty.unboxed()) {
        (PayloadKind::Json, RustType::Named { kind: NamedKind::Structure, .. }) => Some(quote! {
            else {
                if !request.headers().contains_key(ingot_runtime::http::header::CONTENT_TYPE) {
                    request = request.header("content-type", "application/json")?;
                }
                request = request.body(b"{}".to_vec());
            }
        }),
        _ => None,
    };
    // A member bound to the `Content-Type` header, set earlier, names the
    // payload's media type better than the model's default.
    quote! {
        if let Some(value) = &input.#field_name {
            if !request.headers().contains_key(ingot_runtime::http::header::CONTENT_TYPE) {
                request = request.header("content-type", #content_type)?;
            }
            #set_body
        } #unset
    }
}
