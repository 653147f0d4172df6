//! Emits waiters. Each operation with `smithy.waiters#waitable` gets a
//! `static` table of each waiter's acceptors, a waiter builder with the
//! operation's input setters, and the function that runs a waiter. The
//! crate gets the `Client::wait_until_*` methods and the conversion of the
//! types that waiter paths read. The loop, acceptors and delays live in
//! `ingot_runtime::waiter`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::builder::{forwarding_setters, TypeState};
use super::docs::doc_attrs;
use super::rust::ident;
use crate::plan::{
    AcceptorPlan, AcceptorState, Comparator, MatcherPlan, OperationPlan, PathMatcherPlan,
    SearchableBody, SearchableType, ServicePlan, TypeLocation, WaiterPlan,
};

/// Returns the waiter items of `operation`'s module, or nothing when it
/// has no waiters.
pub fn operation_waiters(operation: &OperationPlan) -> TokenStream {
    if operation.waiters.is_empty() {
        return TokenStream::new();
    }
    let statics = operation.waiters.iter().map(waiter_static);
    let builder = waiter_builder(operation);
    let run = run_function(operation);
    quote! {
        #(#statics)*
        #builder
        #run
    }
}

/// Returns the `wait_until_*` methods of `Client`.
pub fn client_methods(plan: &ServicePlan) -> Vec<TokenStream> {
    let mut methods = Vec::new();
    for operation in &plan.operations {
        let module = ident(&operation.rust_name);
        let builder = format_ident!("{}Waiter", operation.type_prefix);
        for waiter in &operation.waiters {
            let method = ident(&waiter.method);
            let table = format_ident!("{}", waiter.static_name);
            let fallback = format!(
                "Waits until `{}` reports the `{}` state, sending it until an acceptor reports success or failure.",
                operation.name, waiter.name
            );
            let docs = doc_attrs(waiter.docs.as_deref(), &fallback);
            let usage = format!(
                " Set the input on the returned builder, then call [`wait`](crate::operation::{}::{}::wait) with the maximum time to wait.",
                operation.rust_name, builder
            );
            methods.push(quote! {
                #docs
                ///
                #[doc = #usage]
                pub fn #method(&self) -> crate::operation::#module::#builder {
                    crate::operation::#module::#builder::new(self.inner.clone(), &crate::operation::#module::#table)
                }
            });
        }
    }
    methods
}

/// Returns the `jmespath.rs` module that converts the values waiter paths
/// read, or `None` when no waiter has a path.
pub fn jmespath_module(plan: &ServicePlan) -> Option<TokenStream> {
    if plan.searchable.is_empty() {
        return None;
    }
    let impls = plan.searchable.iter().map(to_jmespath_impl);
    Some(quote! {
        //! Conversions of the values that waiters' JMESPath paths read. Only
        //! the members whose names appear in some path are converted.
        #(#impls)*
    })
}

fn waiter_static(waiter: &WaiterPlan) -> TokenStream {
    let name = &waiter.name;
    let table = format_ident!("{}", waiter.static_name);
    let docs = format!(" The acceptors and delays of the `{name}` waiter.");
    let acceptors = waiter.acceptors.iter().map(acceptor_tokens);
    let min_delay = proc_macro2::Literal::u64_unsuffixed(waiter.min_delay);
    let max_delay = proc_macro2::Literal::u64_unsuffixed(waiter.max_delay);
    quote! {
        #[doc = #docs]
        pub(crate) static #table: ingot_runtime::waiter::Waiter = ingot_runtime::waiter::Waiter {
            name: #name,
            acceptors: &[#(#acceptors),*],
            min_delay: std::time::Duration::from_secs(#min_delay),
            max_delay: std::time::Duration::from_secs(#max_delay),
        };
    }
}

fn acceptor_tokens(acceptor: &AcceptorPlan) -> TokenStream {
    let state = match acceptor.state {
        AcceptorState::Success => quote!(Success),
        AcceptorState::Failure => quote!(Failure),
        AcceptorState::Retry => quote!(Retry),
    };
    let matcher = match &acceptor.matcher {
        MatcherPlan::Output(path) => {
            let path = path_matcher(path);
            quote!(Output(#path))
        }
        MatcherPlan::InputOutput(path) => {
            let path = path_matcher(path);
            quote!(InputOutput(#path))
        }
        MatcherPlan::Success(success) => quote!(Success(#success)),
        MatcherPlan::ErrorType(error) => quote!(ErrorType(#error)),
    };
    quote! {
        ingot_runtime::waiter::Acceptor {
            state: ingot_runtime::waiter::AcceptorState::#state,
            matcher: ingot_runtime::waiter::Matcher::#matcher,
        }
    }
}

fn path_matcher(matcher: &PathMatcherPlan) -> TokenStream {
    let PathMatcherPlan {
        path,
        expected,
        comparator,
    } = matcher;
    let comparator = match comparator {
        Comparator::StringEquals => quote!(StringEquals),
        Comparator::BooleanEquals => quote!(BooleanEquals),
        Comparator::AllStringEquals => quote!(AllStringEquals),
        Comparator::AnyStringEquals => quote!(AnyStringEquals),
    };
    quote! {
        ingot_runtime::waiter::PathMatcher {
            path: #path,
            expected: #expected,
            comparator: ingot_runtime::waiter::PathComparator::#comparator,
        }
    }
}

/// Returns the waiter builder: the operation's input setters, the delay
/// overrides and `wait`. The `Client::wait_until_*` methods create it.
fn waiter_builder(operation: &OperationPlan) -> TokenStream {
    let prefix = &operation.type_prefix;
    let name = format_ident!("{}Waiter", prefix);
    let input_builder = format_ident!("{}InputBuilder", prefix);
    let input = format_ident!("{}Input", prefix);
    let output = format_ident!("{}Output", prefix);
    let error = format_ident!("{}Error", prefix);
    let methods: Vec<String> = operation
        .waiters
        .iter()
        .map(|w| format!("[`Client::{0}`](crate::Client::{0})", w.method))
        .collect();
    let docs = format!(
        " Waits for `{}` to reach a waiter's state; created by {}.",
        operation.name,
        methods.join(", ")
    );
    let state = TypeState::new(&operation.input);
    let others =
        ["client", "waiter", "min_delay", "max_delay"].map(|field| format_ident!("{}", field));
    let delegates = forwarding_setters(&operation.input, &state, &name, &others);
    let (declaration, params, complete) = (state.declaration(), state.params(), state.complete());
    let allow = state.allow_long_types();

    quote! {
        #[doc = #docs]
        #[derive(Clone, Debug)]
        pub struct #name #declaration {
            client: ingot_runtime::Client,
            input: #input_builder #params,
            waiter: &'static ingot_runtime::waiter::Waiter,
            min_delay: Option<std::time::Duration>,
            max_delay: Option<std::time::Duration>,
        }

        impl #name {
            pub(crate) fn new(client: ingot_runtime::Client, waiter: &'static ingot_runtime::waiter::Waiter) -> Self {
                Self { client, input: #input::builder(), waiter, min_delay: None, max_delay: None }
            }
        }

        #allow
        impl #params #name #params {
            #delegates

            /// Sets the minimum delay between attempts in place of the
            /// model's; the delay doubles from it up to the maximum, with
            /// jitter.
            pub fn min_delay(mut self, delay: std::time::Duration) -> Self {
                self.min_delay = Some(delay);
                self
            }

            /// Sets the maximum delay between attempts in place of the
            /// model's.
            pub fn max_delay(mut self, delay: std::time::Duration) -> Self {
                self.max_delay = Some(delay);
                self
            }

            /// Sends the request until an acceptor reports success or
            /// failure, or until `max_wait` has passed since the first
            /// request.
            ///
            /// # Errors
            ///
            /// Returns [`WaiterError`](ingot_runtime::waiter::WaiterError)
            /// for a failure state, an error that no acceptor expects, the
            /// maximum wait time, and delays that contradict each other.
            pub async fn wait(
                self,
                max_wait: std::time::Duration,
            ) -> Result<ingot_runtime::waiter::Waited<#output, #error>, ingot_runtime::waiter::WaiterError<#output, #error>> #complete {
                let input = self.input.build();
                let options = ingot_runtime::waiter::WaitOptions::new(max_wait)
                    .min_delay(self.min_delay)
                    .max_delay(self.max_delay);
                wait(self.client, input, self.waiter, options).await
            }
        }
    }
}

/// Returns the function that runs one waiter of the operation with a
/// built input, one request per attempt through `send_input`.
fn run_function(operation: &OperationPlan) -> TokenStream {
    let prefix = &operation.type_prefix;
    let input = format_ident!("{}Input", prefix);
    let output = format_ident!("{}Output", prefix);
    let error = format_ident!("{}Error", prefix);

    let convert_output = if operation.waiters.iter().any(WaiterPlan::reads_output) {
        quote!(<#output as ingot_runtime::jmespath::ToJmespath>::to_jmespath)
    } else {
        quote!(|_| ingot_runtime::jmespath::Value::Null)
    };
    let input_value = if operation.waiters.iter().any(WaiterPlan::reads_input) {
        quote!(Some(ingot_runtime::jmespath::ToJmespath::to_jmespath(
            &input
        )))
    } else {
        quote!(None)
    };

    quote! {
        /// Runs `waiter` with `input` until it reaches success or failure,
        /// or `options`' maximum wait time passes.
        async fn wait(
            client: ingot_runtime::Client,
            input: #input,
            waiter: &ingot_runtime::waiter::Waiter,
            options: ingot_runtime::waiter::WaitOptions,
        ) -> Result<ingot_runtime::waiter::Waited<#output, #error>, ingot_runtime::waiter::WaiterError<#output, #error>> {
            let inspect = ingot_runtime::waiter::Inspect::<#output, #error> {
                error_code: #error::code,
                output: #convert_output,
            };
            let input_value = #input_value;
            ingot_runtime::waiter::wait(waiter, &options, input_value, inspect, || send_input(&client, input.clone())).await
        }
    }
}

fn to_jmespath_impl(searchable: &SearchableType) -> TokenStream {
    let path = match &searchable.location {
        TypeLocation::Operation { module, name } => {
            let module = ident(module);
            let name = format_ident!("{}", name);
            quote!(crate::operation::#module::#name)
        }
        TypeLocation::Types(name) => {
            let name = format_ident!("{}", name);
            quote!(crate::types::#name)
        }
        TypeLocation::Error(name) => {
            let name = format_ident!("{}", name);
            quote!(crate::error::#name)
        }
    };
    let body = match &searchable.body {
        SearchableBody::Structure(fields) if fields.is_empty() => {
            quote!(ingot_runtime::jmespath::Value::Object(Default::default()))
        }
        SearchableBody::Structure(fields) => {
            let members = fields.iter().map(|(member, rust_name)| {
                let field = ident(rust_name);
                quote!((#member, ingot_runtime::jmespath::ToJmespath::to_jmespath(&self.#field)))
            });
            quote!(ingot_runtime::jmespath::object([#(#members),*]))
        }
        SearchableBody::Union(variants) => {
            let arms = variants.iter().map(|(member, rust_name, has_value)| {
                let variant = format_ident!("{}", rust_name);
                if *has_value {
                    quote!(Self::#variant(value) => ingot_runtime::jmespath::object([(#member, ingot_runtime::jmespath::ToJmespath::to_jmespath(value))]),)
                } else {
                    quote!(Self::#variant => ingot_runtime::jmespath::object([(#member, ingot_runtime::jmespath::Value::Object(Default::default()))]),)
                }
            });
            // Members that no path names, and members this client does not
            // know, read as an empty object.
            quote! {
                match self {
                    #(#arms)*
                    _ => ingot_runtime::jmespath::Value::Object(Default::default()),
                }
            }
        }
        SearchableBody::Enum => quote!(ingot_runtime::jmespath::Value::String(
            self.as_str().to_string()
        )),
        SearchableBody::IntEnum => quote!(ingot_runtime::jmespath::Value::from(self.value())),
    };
    quote! {
        impl ingot_runtime::jmespath::ToJmespath for #path {
            fn to_jmespath(&self) -> ingot_runtime::jmespath::Value {
                #body
            }
        }
    }
}
