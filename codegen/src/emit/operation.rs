//! Emits one operation's module: its input and output, its error enum, the
//! fluent builder that `Client` returns, and the restJson1 request
//! serializer and response parser.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::builder::{forwarding_setters, TypeState};
use super::docs::doc_attrs;
use super::request::serialize_request;
use super::rust::ident;
use super::structure::structure;
use crate::plan::{OperationPlan, Protocol, RustType};

/// Returns the module of `operation`.
pub fn operation_module(
    operation: &OperationPlan,
    protocol: Protocol,
    service_name: &str,
) -> TokenStream {
    let input = structure(&operation.input);
    let output = structure(&operation.output);
    let error = error_enum(operation);
    let fluent = fluent_builder(operation);
    let serialize = serialize_request(operation, protocol, service_name);
    let parse = parse_response(operation);
    let paginator = super::paginator::paginator(operation);
    let waiters = super::waiter::operation_waiters(operation);

    quote! {
        #input
        #output
        #error
        #fluent
        #serialize
        #parse
        #paginator
        #waiters
    }
}

fn error_enum(operation: &OperationPlan) -> TokenStream {
    let name = format_ident!("{}Error", operation.type_prefix);
    let docs = format!(" Errors that `{}` can return.", operation.name);

    let variants = operation.errors.iter().map(|variant| {
        let variant_name = format_ident!("{}", variant.rust_name);
        let type_name = format_ident!("{}", variant.type_name);
        let fallback = format!("The `{}` error.", variant.info.code);
        let docs = doc_attrs(variant.docs.as_deref(), &fallback);
        quote!(#docs #variant_name(Box<crate::error::#type_name>),)
    });

    let modeled: Vec<_> = operation
        .errors
        .iter()
        .map(|v| format_ident!("{}", v.rust_name))
        .collect();
    let retryable: Vec<_> = operation
        .errors
        .iter()
        .filter(|v| v.info.retryable)
        .map(|v| format_ident!("{}", v.rust_name))
        .collect();
    let throttling: Vec<_> = operation
        .errors
        .iter()
        .filter(|v| v.info.throttling)
        .map(|v| format_ident!("{}", v.rust_name))
        .collect();
    let retryable_arm = (!retryable.is_empty()).then(|| quote!(#(Self::#retryable(_))|* => true,));
    // Without modeled errors that are not retryable, a wildcard arm would
    // be unreachable.
    let other_modeled = (modeled.len() > retryable.len()).then(|| quote!(_ => false,));
    let throttling_arm =
        (!throttling.is_empty()).then(|| quote!(#(Self::#throttling(_))|* => true,));

    quote! {
        #[doc = #docs]
        ///
        /// Modeled errors are boxed: they are rare, and a small enum keeps
        /// every `Result` of the operation small.
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// An error response that the model does not list for this
            /// operation, with its status, code, message and request id.
            Unmodeled(ingot_runtime::ErrorMetadata),
            /// The request was not sent, or its response could not be read:
            /// missing configuration, invalid input, a network failure or a
            /// malformed response.
            Sdk(ingot_runtime::Error),
        }

        impl #name {
            /// Returns the metadata of the error response, or `None` when no
            /// error response was received.
            pub fn meta(&self) -> Option<&ingot_runtime::ErrorMetadata> {
                match self {
                    #(Self::#modeled(error) => Some(error.meta()),)*
                    Self::Unmodeled(metadata) => Some(metadata),
                    Self::Sdk(_) => None,
                }
            }

            /// Returns the error code, such as `ValidationException`.
            pub fn code(&self) -> Option<&str> {
                self.meta().and_then(ingot_runtime::ErrorMetadata::code)
            }

            /// Returns the error message.
            pub fn message(&self) -> Option<&str> {
                match self {
                    Self::Sdk(error) => Some(error.message()),
                    _ => self.meta().and_then(ingot_runtime::ErrorMetadata::message),
                }
            }

            /// Returns the request id of the error response.
            pub fn request_id(&self) -> Option<&str> {
                self.meta().and_then(ingot_runtime::ErrorMetadata::request_id)
            }

            /// Returns whether sending the same request again may succeed:
            /// modeled retryable errors, server errors, transport failures and
            /// timeouts.
            pub fn is_retryable(&self) -> bool {
                match self {
                    #retryable_arm
                    Self::Unmodeled(metadata) => matches!(metadata.status(), 500 | 502 | 503 | 504),
                    Self::Sdk(error) => error.is_retryable(),
                    #other_modeled
                }
            }

            /// Returns whether the service rejected the request because the
            /// caller sent too many.
            pub fn is_throttling(&self) -> bool {
                match self {
                    #throttling_arm
                    Self::Unmodeled(metadata) => metadata.status() == 429,
                    _ => false,
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    #(Self::#modeled(error) => std::fmt::Display::fmt(&**error, f),)*
                    Self::Unmodeled(metadata) => std::fmt::Display::fmt(metadata, f),
                    Self::Sdk(error) => std::fmt::Display::fmt(error, f),
                }
            }
        }

        impl std::error::Error for #name {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                match self {
                    Self::Sdk(error) => std::error::Error::source(error),
                    _ => None,
                }
            }
        }

        impl From<ingot_runtime::Error> for #name {
            fn from(error: ingot_runtime::Error) -> Self {
                Self::Sdk(error)
            }
        }
    }
}

fn fluent_builder(operation: &OperationPlan) -> TokenStream {
    let prefix = &operation.type_prefix;
    let name = format_ident!("{}FluentBuilder", prefix);
    let input = format_ident!("{}Input", prefix);
    let input_builder = format_ident!("{}InputBuilder", prefix);
    let output = format_ident!("{}Output", prefix);
    let error = format_ident!("{}Error", prefix);
    let operation_name = &operation.name;
    let docs = format!(
        " Builds and sends a `{}` request; created by [`Client::{}`](crate::Client::{}).",
        operation.name, operation.rust_name, operation.rust_name
    );
    let state = TypeState::new(&operation.input);
    let delegates = forwarding_setters(&operation.input, &state, &name, &[format_ident!("client")]);
    let (declaration, params, complete) = (state.declaration(), state.params(), state.complete());
    let allow = state.allow_long_types();
    let state_docs = (!state.is_empty()).then(|| {
        let text = format!(
            " The type parameters track the required members as in [`{input_builder}`]: `send()` compiles once every required member is set."
        );
        quote! {
            ///
            #[doc = #text]
        }
    });

    // A token filled in here, before the request is serialized once, keeps
    // its value on every retry of that request.
    let tokens: Vec<_> = operation
        .input
        .fields
        .iter()
        .filter(|f| f.idempotency_token && f.ty == RustType::String)
        .map(|f| ident(&f.rust_name))
        .collect();
    let (input_binding, fill_tokens) = if tokens.is_empty() {
        (quote!(input), quote!())
    } else {
        let fill = quote! {
            #(
                if input.#tokens.is_none() {
                    input.#tokens = Some(ingot_runtime::idempotency_token());
                }
            )*
        };
        (quote!(mut input), fill)
    };

    // The runtime retries these codes before the response reaches
    // `parse_response`, so it needs them with the operation's name.
    let retryable_codes = operation
        .errors
        .iter()
        .filter(|v| v.info.retryable)
        .map(|v| &v.info.code);
    let throttling_codes = operation
        .errors
        .iter()
        .filter(|v| v.info.throttling)
        .map(|v| &v.info.code);

    quote! {
        #[doc = #docs]
        #state_docs
        #[derive(Clone, Debug)]
        pub struct #name #declaration {
            client: ingot_runtime::Client,
            input: #input_builder #params,
        }

        impl #name {
            pub(crate) fn new(client: ingot_runtime::Client) -> Self {
                Self { client, input: #input::builder() }
            }
        }

        #allow
        impl #params #name #params {
            #delegates

            /// Sends the request and returns the service's response.
            ///
            /// # Errors
            ///
            /// Returns the modeled error from the service's response, or
            /// [`Unmodeled`](#error::Unmodeled) and [`Sdk`](#error::Sdk)
            /// for anything else.
            pub async fn send(self) -> Result<#output, #error> #complete {
                send_input(&self.client, self.input.build()).await
            }
        }

        /// Sends one request with `input`; every way of calling the operation
        /// ends here.
        async fn send_input(client: &ingot_runtime::Client, #input_binding: #input) -> Result<#output, #error> {
            #fill_tokens
            static OPERATION: ingot_runtime::OperationInfo = ingot_runtime::OperationInfo::new(#operation_name)
                .with_retryable_errors(&[#(#retryable_codes),*])
                .with_throttling_errors(&[#(#throttling_codes),*]);
            let request = serialize_request(&input)?;
            let response = client.send(request, &OPERATION).await?;
            parse_response(&response)
        }
    }
}

fn parse_response(operation: &OperationPlan) -> TokenStream {
    let output = format_ident!("{}Output", operation.type_prefix);
    let error = format_ident!("{}Error", operation.type_prefix);
    let operation_name = &operation.name;

    let arms = operation.errors.iter().map(|variant| {
        let variant_name = format_ident!("{}", variant.rust_name);
        let type_name = format_ident!("{}", variant.type_name);
        let code = &variant.info.code;
        // Errors with members outside the JSON body have a reader of their own.
        let read = if variant.body_only {
            quote!(ingot_runtime::protocol::read_error::<crate::error::#type_name>(response))
        } else {
            quote!(crate::error::#type_name::from_response(response))
        };
        quote! {
            Some(#code) => ingot_runtime::protocol::modeled_error(
                #read,
                metadata,
                |e| #error::#variant_name(Box::new(e)),
                #error::Unmodeled,
            ),
        }
    });

    let classify = if operation.errors.is_empty() {
        quote!(Err(#error::Unmodeled(metadata)))
    } else {
        quote! {
            Err(match metadata.code() {
                #(#arms)*
                _ => #error::Unmodeled(metadata),
            })
        }
    };

    quote! {
        /// Reads the output from a successful response, or the error from any
        /// other.
        fn parse_response(response: &ingot_runtime::Response) -> Result<#output, #error> {
            if response.is_success() {
                return #output::from_response(response)
                    .map_err(|e| #error::Sdk(ingot_runtime::protocol::invalid_response(#operation_name, response, e)));
            }

            let metadata = ingot_runtime::protocol::error_metadata(response);
            #classify
        }
    }
}
