//! Emits `tests/protocol_tests.rs`: the Smithy protocol test cases of a
//! service (`smithy.test#httpRequestTests` on operations and
//! `smithy.test#httpResponseTests` on operations and errors) as Rust tests
//! of the generated client against a loopback server.
//!
//! Request tests build the input from the case's `params`, send it, and
//! check the method, path, query, headers and body the server received.
//! Response tests serve the case's status, headers and body, and compare
//! the output or error the client returns with one built from `params`.
//! Cases for servers only (`appliesTo: server`) and for other protocols are
//! not client tests, so they are left out. Cases that the caller lists as
//! skipped are left out too and reported with their reason.

mod values;

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::{Map, Value};

use super::rust::ident;
use crate::model::Model;
use crate::plan::{OperationPlan, Protocol, ServicePlan, StructPlan, StructRole};
use values::Types;

/// The helpers that every generated protocol test file uses.
pub const SUPPORT: &str = include_str!("../../templates/protocol_test_support.rs");

/// How to generate the protocol tests of a crate.
#[derive(Clone, Debug, Default)]
pub struct ProtocolTestOptions {
    /// Cases to leave out, by [`CaseRecord::key`], with the reason for each.
    pub skipped: BTreeMap<String, String>,
}

/// One client test case of the model and what became of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseRecord {
    /// `request` or `response`.
    pub kind: &'static str,
    /// The case's `id`.
    pub id: String,
    /// The test's name in the test binary, such as
    /// `request::RestJsonListsSerializeNull`, or `None` when skipped.
    pub test_name: Option<String>,
    /// The reason the case was left out.
    pub skipped: Option<String>,
}

impl CaseRecord {
    /// Returns the key that names the case in a skip list, such as
    /// `request RestJsonListsSerializeNull`.
    pub fn key(&self) -> String {
        format!("{} {}", self.kind, self.id)
    }
}

/// The test file's text and the cases it contains or leaves out.
pub struct ProtocolTests {
    pub tests: TokenStream,
    pub cases: Vec<CaseRecord>,
}

/// One test case with the operation it runs and, for an error's response
/// test, the error.
struct Case<'p> {
    model: &'p Model,
    kind: Kind,
    value: &'p Map<String, Value>,
    id: String,
    operation: &'p OperationPlan,
    error: Option<&'p StructPlan>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Request,
    Response,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Self::Request => "request",
            Self::Response => "response",
        }
    }
}

/// Returns the protocol tests of `plan`, whose shapes come from `model`.
pub fn protocol_tests(
    model: &Model,
    plan: &ServicePlan,
    options: &ProtocolTestOptions,
) -> ProtocolTests {
    let types = Types::new(plan);
    let mut records = Vec::new();
    let mut tests: BTreeMap<&'static str, Vec<TokenStream>> = BTreeMap::new();
    let mut names: BTreeSet<String> = BTreeSet::new();

    for case in client_cases(model, plan) {
        let mut record = CaseRecord {
            kind: case.kind.name(),
            id: case.id.clone(),
            test_name: None,
            skipped: None,
        };
        if let Some(reason) = options.skipped.get(&record.key()) {
            record.skipped = Some(reason.clone());
            records.push(record);
            continue;
        }

        let name = unique_name(&case.id, case.kind, &mut names);
        let body = match (case.kind, case.error) {
            (Kind::Request, _) => request_test(&case, &types),
            (Kind::Response, None) => output_test(&case, &types),
            (Kind::Response, Some(error)) => error_test(&case, error, &types),
        };
        // A case that cannot be built fails with the reason, so the counts
        // show it.
        let body = body.unwrap_or_else(|reason| {
            let message = format!("cannot build the test case: {reason}");
            quote!(panic!(#message);)
        });
        let function = format_ident!("{}", name);
        let docs = case
            .value
            .get("documentation")
            .and_then(Value::as_str)
            .map(|text| {
                let lines = text.lines().map(|line| format!(" {line}"));
                quote!(#(#[doc = #lines])*)
            });
        tests.entry(case.kind.name()).or_default().push(quote! {
            #docs
            #[tokio::test]
            async fn #function() {
                #body
            }
        });
        record.test_name = Some(format!("{}::{name}", case.kind.name()));
        records.push(record);
    }

    let crate_name = format_ident!("{}", plan.crate_name.replace('-', "_"));
    let modules = tests.into_iter().map(|(module, functions)| {
        let module = format_ident!("{}", module);
        quote! {
            mod #module {
                use super::support::*;

                #(#functions)*
            }
        }
    });
    let title = format!(
        " Smithy protocol tests of the {} client, generated from the model's `httpRequestTests` and \
         `httpResponseTests` traits.",
        plan.service_id.name()
    );
    let tokens = quote! {
        #![doc = #title]
        #![allow(non_snake_case, clippy::bool_assert_comparison, clippy::approx_constant)]

        // Each crate uses a part of the helpers: one whose cases are all
        // skipped uses none.
        #[allow(dead_code)]
        mod support;

        pub use #crate_name::{error, operation, types, Client, Config, Credentials};

        #(#modules)*
    };
    ProtocolTests {
        tests: tokens,
        cases: records,
    }
}

/// Returns every test case of the service's operations and errors that
/// applies to clients of its protocol, in model order.
fn client_cases<'p>(model: &'p Model, plan: &'p ServicePlan) -> Vec<Case<'p>> {
    let mut cases = Vec::new();
    for operation in &plan.operations {
        let Some(shape) = model.shape(&operation.id) else {
            continue;
        };
        for (kind, trait_id) in [
            (Kind::Request, "smithy.test#httpRequestTests"),
            (Kind::Response, "smithy.test#httpResponseTests"),
        ] {
            for value in client_values(shape.traits.get(trait_id), plan.protocol) {
                cases.push(Case {
                    model,
                    kind,
                    id: case_id(value),
                    value,
                    operation,
                    error: None,
                });
            }
        }
    }
    for error in plan
        .structures
        .iter()
        .filter(|s| matches!(s.role, StructRole::Error(_)))
    {
        let Some(shape) = model.shape(&error.id) else {
            continue;
        };
        // Any operation that lists the error can receive it; the first will do.
        let operation = plan
            .operations
            .iter()
            .find(|op| op.errors.iter().any(|e| e.type_name == error.rust_name));
        let Some(operation) = operation else { continue };
        for value in client_values(
            shape.traits.get("smithy.test#httpResponseTests"),
            plan.protocol,
        ) {
            cases.push(Case {
                model,
                kind: Kind::Response,
                id: case_id(value),
                value,
                operation,
                error: Some(error),
            });
        }
    }
    cases
}

/// Returns the cases of a test trait's value that apply to clients of
/// `protocol`.
fn client_values(trait_value: Option<&Value>, protocol: Protocol) -> Vec<&Map<String, Value>> {
    let Some(Value::Array(cases)) = trait_value else {
        return Vec::new();
    };
    let protocol_name = match protocol {
        Protocol::RestJson1 => "restJson1",
        Protocol::AwsJson1_0 => "awsJson1_0",
        Protocol::AwsJson1_1 => "awsJson1_1",
    };
    cases
        .iter()
        .filter_map(Value::as_object)
        .filter(|case| {
            matches!(
                case.get("appliesTo").and_then(Value::as_str),
                None | Some("client")
            )
        })
        .filter(|case| {
            // IDL files spell the protocol as a shape id, relative or absolute.
            let protocol = case
                .get("protocol")
                .and_then(Value::as_str)
                .unwrap_or_default();
            protocol.rsplit('#').next() == Some(protocol_name)
        })
        .collect()
}

fn case_id(case: &Map<String, Value>) -> String {
    case.get("id")
        .and_then(Value::as_str)
        .unwrap_or("unnamed")
        .to_string()
}

/// Returns a function name for `id` that is a Rust identifier and unique
/// among the tests of its kind.
fn unique_name(id: &str, kind: Kind, taken: &mut BTreeSet<String>) -> String {
    let mut base: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !base.starts_with(|c: char| c.is_ascii_alphabetic()) {
        base.insert_str(0, "case_");
    }
    let mut name = base.clone();
    let mut counter = 2;
    while !taken.insert(format!("{} {name}", kind.name())) {
        name = format!("{base}_{counter}");
        counter += 1;
    }
    name
}

/// Returns the body of a request test.
fn request_test(case: &Case<'_>, types: &Types<'_>) -> Result<TokenStream, String> {
    let value = case.value;
    let operation = case.operation;
    let setters = types.setters(
        &operation.input.fields,
        value.get("params").unwrap_or(&Value::Null),
        "params",
    )?;
    let method = ident(&operation.rust_name);

    let expected_method = string(value, "method")?.ok_or("the case has no `method`")?;
    let uri = string(value, "uri")?.ok_or("the case has no `uri`")?;
    let query_params = strings(value, "queryParams")?;
    let forbid_query_params = strings(value, "forbidQueryParams")?;
    let require_query_params = strings(value, "requireQueryParams")?;
    let headers = header_pairs(value)?;
    let forbid_headers = strings(value, "forbidHeaders")?;
    let require_headers = strings(value, "requireHeaders")?;
    let body = match string(value, "body")? {
        Some(text) => {
            let bytes = Literal::byte_string(text.as_bytes());
            quote!(Some(#bytes))
        }
        None => quote!(None),
    };
    let json_body = is_json(value);
    let base_path = host_path(value)?;
    // A case with `resolvedHost` checks the host that the `@endpoint` host
    // prefix makes; its requests are redirected to the loopback server.
    let (make_client, check_host) = match string(value, "resolvedHost")? {
        Some(resolved) => {
            let host = string(value, "host")?.ok_or("the case has `resolvedHost` but no `host`")?;
            (
                quote!(client_for_host(&server, #host)),
                Some(quote!(check_host(&server, #resolved);)),
            )
        }
        None => (quote!(client(&server, #base_path)), None),
    };

    Ok(quote! {
        let server = serve(reply(200, &[("content-type", "application/json")], b"{}")).await;
        let client = #make_client;
        let result = client.#method() #(#setters)* .send().await;
        check_request(&server, result.err().map(|e| e.to_string()), &ExpectedRequest {
            method: #expected_method,
            uri: #uri,
            query_params: &[#(#query_params),*],
            forbid_query_params: &[#(#forbid_query_params),*],
            require_query_params: &[#(#require_query_params),*],
            headers: &[#((#headers)),*],
            forbid_headers: &[#(#forbid_headers),*],
            require_headers: &[#(#require_headers),*],
            body: #body,
            json_body: #json_body,
        });
        #check_host
    })
}

/// Returns the statements that serve the case's response and send the
/// operation's input, with placeholders for its required members.
fn serve_response(case: &Case<'_>, types: &Types<'_>) -> Result<TokenStream, String> {
    let value = case.value;
    let code = value
        .get("code")
        .and_then(Value::as_u64)
        .ok_or("the case has no `code`")?;
    let code = u16::try_from(code).map_err(|_| format!("invalid status code {code}"))?;
    let headers = header_pairs(value)?;
    let body = Literal::byte_string(string(value, "body")?.unwrap_or_default().as_bytes());
    let method = ident(&case.operation.rust_name);
    let placeholders = types.placeholders(&case.operation.input.fields);
    Ok(quote! {
        let server = serve(reply(#code, &[#((#headers)),*], #body)).await;
        let client = client(&server, "");
        let result = client.#method() #(#placeholders)* .send().await;
    })
}

/// Returns the body of a response test of an operation's output.
fn output_test(case: &Case<'_>, types: &Types<'_>) -> Result<TokenStream, String> {
    let output = &case.operation.output;
    let serve = serve_response(case, types)?;
    let params = expected_params(case, output)?;
    let setters = types.setters(&output.fields, &params, "params")?;
    let module = ident(&case.operation.rust_name);
    let output_type = format_ident!("{}", output.rust_name);
    let compare = compare_fields(output, quote!(actual), &params, types)?;
    let (actual_name, expected_name) = names_for(output);
    Ok(quote! {
        #serve
        let #actual_name = result.expect("the client reads the response as the output");
        let #expected_name = crate::operation::#module::#output_type::builder()
            #(#setters)*
            .build();
        #compare
    })
}

/// Returns the body of a response test of a modeled error.
fn error_test(
    case: &Case<'_>,
    error: &StructPlan,
    types: &Types<'_>,
) -> Result<TokenStream, String> {
    let serve = serve_response(case, types)?;
    let params = expected_params(case, error)?;
    let setters = types.setters(&error.fields, &params, "params")?;

    let module = ident(&case.operation.rust_name);
    let error_enum = format_ident!("{}Error", case.operation.type_prefix);
    let variant = case
        .operation
        .errors
        .iter()
        .find(|e| e.type_name == error.rust_name)
        .ok_or_else(|| {
            format!(
                "{} does not return {}",
                case.operation.name, error.rust_name
            )
        })?;
    let variant = format_ident!("{}", variant.rust_name);
    let error_type = format_ident!("{}", error.rust_name);

    let compare = compare_fields(error, quote!(actual), &params, types)?;
    let expected_variant = format!(
        "expected the {} error, received {{error:?}}",
        error.rust_name
    );
    let (actual_name, expected_name) = names_for(error);
    Ok(quote! {
        #serve
        let error = result.expect_err("the client reads the response as an error");
        let crate::operation::#module::#error_enum::#variant(#actual_name) = error else {
            panic!(#expected_variant);
        };
        let #expected_name = crate::error::#error_type::builder()
            #(#setters)*
            .build();
        #compare
    })
}

/// Returns one assertion per field of `plan`, comparing `actual` with
/// `expected`. A member whose expected value contains a NaN, which never
/// equals itself, is compared by its `Debug` text.
fn compare_fields(
    plan: &StructPlan,
    actual: TokenStream,
    params: &Value,
    types: &Types<'_>,
) -> Result<TokenStream, String> {
    let params = params.as_object();
    let mut assertions = Vec::new();
    for field in &plan.fields {
        let name = ident(&field.rust_name);
        let message = format!("member `{}`", field.member);
        let nan = match params.and_then(|p| p.get(&field.member)) {
            Some(value) if !value.is_null() => {
                types.take_nan();
                types.value(&field.ty, value, "params")?;
                types.take_nan()
            }
            _ => false,
        };
        assertions.push(if nan {
            quote!(assert_eq!(format!("{:?}", #actual.#name), format!("{:?}", expected.#name), #message);)
        } else {
            quote!(assert_eq!(#actual.#name, expected.#name, #message);)
        });
    }
    Ok(quote!(#(#assertions)*))
}

/// Returns the variable names of the received and the expected structure,
/// which start with `_` when the structure has no field to compare.
fn names_for(plan: &StructPlan) -> (TokenStream, TokenStream) {
    if plan.fields.is_empty() {
        (quote!(_actual), quote!(_expected))
    } else {
        (quote!(actual), quote!(expected))
    }
}

/// Returns the case's `params` for an output or error, with the model's
/// `@default` value for each member that the params leave out and that
/// the generated type keeps optional. Smithy fills a missing member that
/// has a default with that value, but ingot keeps members outside the JSON
/// body in `Option`s, so the builder would leave them `None`.
fn expected_params(case: &Case<'_>, plan: &StructPlan) -> Result<Value, String> {
    let mut params = match case.value.get("params") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(params)) => params.clone(),
        Some(other) => return Err(format!("`params` should be an object, found {other}")),
    };
    let members = case
        .model
        .shape(&plan.id)
        .map(|shape| shape.kind.members())
        .unwrap_or_default();
    for field in plan.fields.iter().filter(|f| f.optional) {
        let default = members
            .iter()
            .find(|m| m.name == field.member)
            .and_then(|m| m.traits.default_value());
        if let Some(default) = default.filter(|d| !d.is_null()) {
            params
                .entry(field.member.clone())
                .or_insert_with(|| default.clone());
        }
    }
    Ok(Value::Object(params))
}

/// Returns whether the case's body is JSON, compared by value.
fn is_json(case: &Map<String, Value>) -> bool {
    // Covers `application/json` and suffixes such as `+json`.
    case.get("bodyMediaType")
        .and_then(Value::as_str)
        .is_some_and(|media_type| media_type.contains("json"))
}

/// Returns the path of the case's `host`, such as `/custom` for
/// `example.com/custom`, which the endpoint puts before the request's path.
fn host_path(case: &Map<String, Value>) -> Result<String, String> {
    let host = string(case, "host")?.unwrap_or_default();
    Ok(host
        .find('/')
        .map(|index| host[index..].trim_end_matches('/').to_string())
        .unwrap_or_default())
}

fn string<'v>(case: &'v Map<String, Value>, key: &str) -> Result<Option<&'v str>, String> {
    match case.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(other) => Err(format!("`{key}` should be a string, found {other}")),
    }
}

fn strings<'v>(case: &'v Map<String, Value>, key: &str) -> Result<Vec<&'v str>, String> {
    match case.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| {
                item.as_str()
                    .ok_or_else(|| format!("`{key}` should hold strings, found {item}"))
            })
            .collect(),
        Some(other) => Err(format!(
            "`{key}` should be a list of strings, found {other}"
        )),
    }
}

/// Returns the case's `headers` as `"name", "value"` token pairs.
fn header_pairs(case: &Map<String, Value>) -> Result<Vec<TokenStream>, String> {
    let Some(headers) = case.get("headers") else {
        return Ok(Vec::new());
    };
    let Some(headers) = headers.as_object() else {
        return Err(format!("`headers` should be an object, found {headers}"));
    };
    headers
        .iter()
        .map(|(name, value)| {
            let value = value
                .as_str()
                .ok_or_else(|| format!("header `{name}` should be a string"))?;
            Ok(quote!(#name, #value))
        })
        .collect()
}
