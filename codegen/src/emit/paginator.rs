//! Emits the paginator of an operation with `smithy.api#paginated`: the
//! runtime's pagination traits implemented for the operation's input, a
//! type alias for its paginator, and `into_paginator` on its fluent
//! builder. The loop lives in `ingot_runtime::paginator`; only the token,
//! item and page size fields are generated here.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::builder::TypeState;
use super::rust::{ident, type_tokens};
use crate::plan::{ItemsPlan, OperationPlan, PaginatedPlan, PathStep, RustType};

/// Returns the paginator items of `operation`, or nothing when it is not
/// paginated.
pub fn paginator(operation: &OperationPlan) -> TokenStream {
    let Some(plan) = &operation.paginated else {
        return TokenStream::new();
    };
    let prefix = &operation.type_prefix;
    let input = format_ident!("{}Input", prefix);
    let paginator = format_ident!("{}Paginator", prefix);

    let paginate = paginate_impl(operation, plan);
    let items = plan.items.as_ref().map(|items| items_impl(&input, items));
    let page_size = plan
        .page_size
        .as_ref()
        .map(|(field, ty)| page_size_impl(&input, field, ty));
    let entry_point = into_paginator(operation);

    let alias_docs = format!(
        " Pages of `{}` results, one output per page; created by [`{}FluentBuilder::into_paginator`].",
        operation.name, prefix
    );
    quote! {
        #[doc = #alias_docs]
        pub type #paginator = ingot_runtime::paginator::Paginator<#input>;

        #paginate
        #items
        #page_size
        #entry_point
    }
}

fn paginate_impl(operation: &OperationPlan, plan: &PaginatedPlan) -> TokenStream {
    let prefix = &operation.type_prefix;
    let input = format_ident!("{}Input", prefix);
    let output = format_ident!("{}Output", prefix);
    let error = format_ident!("{}Error", prefix);
    let token_ty = type_tokens(&plan.token_ty);

    let field = ident(&plan.input_token.rust_name);
    let (get_token, set_token) = if plan.input_token.optional {
        (quote!(self.#field.as_ref()), quote!(self.#field = token;))
    } else {
        (
            quote!(Some(&self.#field)),
            quote!(if let Some(token) = token { self.#field = token; }),
        )
    };
    let next_token = borrow_path(quote!(output), &plan.output_token);

    quote! {
        impl ingot_runtime::paginator::Paginate for #input {
            type Output = #output;
            type Error = #error;
            type Token = #token_ty;

            fn send(client: ingot_runtime::Client, input: Self) -> ingot_runtime::paginator::PageFuture<#output, #error> {
                Box::pin(async move { send_input(&client, input).await })
            }

            fn token(&self) -> Option<&#token_ty> {
                #get_token
            }

            fn set_token(&mut self, token: Option<#token_ty>) {
                #set_token
            }

            fn next_token(output: &#output) -> Option<&#token_ty> {
                #next_token
            }
        }
    }
}

fn items_impl(input: &proc_macro2::Ident, items: &ItemsPlan) -> TokenStream {
    let (item_ty, collect) = match &items.ty {
        RustType::List { item, sparse } => {
            let item = type_tokens(item);
            let item = if *sparse { quote!(Option<#item>) } else { item };
            (item, quote!())
        }
        RustType::Map { value, sparse } => {
            let value = type_tokens(value);
            let value = if *sparse {
                quote!(Option<#value>)
            } else {
                value
            };
            (quote!((String, #value)), quote!(.into_iter().collect()))
        }
        // Planning accepts only lists and maps.
        _ => return TokenStream::new(),
    };
    // A path of required fields always reaches the items.
    let take = if items.path.iter().any(|step| step.optional) {
        let path = move_path(quote!(output), &items.path);
        quote!(#path.unwrap_or_default())
    } else {
        let names = items.path.iter().map(|step| ident(&step.rust_name));
        quote!(output #(.#names)*)
    };
    quote! {
        impl ingot_runtime::paginator::PaginateItems for #input {
            type Item = #item_ty;

            fn items(output: Self::Output) -> Vec<#item_ty> {
                #take #collect
            }
        }
    }
}

fn page_size_impl(input: &proc_macro2::Ident, field: &PathStep, ty: &RustType) -> TokenStream {
    let size_ty = type_tokens(ty);
    let name = ident(&field.rust_name);
    let value = if field.optional {
        quote!(Some(size))
    } else {
        quote!(size)
    };
    quote! {
        impl ingot_runtime::paginator::PageSize for #input {
            type Size = #size_ty;

            fn set_page_size(&mut self, size: #size_ty) {
                self.#name = #value;
            }
        }
    }
}

/// Returns `into_paginator` on the fluent builder, in an `impl` block of
/// its own, which like `send()` compiles once the required members are set.
fn into_paginator(operation: &OperationPlan) -> TokenStream {
    let prefix = &operation.type_prefix;
    let fluent = format_ident!("{}FluentBuilder", prefix);
    let paginator = format_ident!("{}Paginator", prefix);
    let state = TypeState::new(&operation.input);
    let (params, complete) = (state.params(), state.complete());
    quote! {
        impl #params #fluent #params {
            /// Sends the request page by page: the returned stream sends the
            /// next request when it is polled after a page.
            pub fn into_paginator(self) -> #paginator #complete {
                ingot_runtime::paginator::Paginator::new(self.client, self.input.build())
            }
        }
    }
}

/// Returns an `Option<&T>` expression for the last field of `path`,
/// starting from the reference `root`.
fn borrow_path(root: TokenStream, path: &[PathStep]) -> TokenStream {
    let mut steps = path.iter();
    let Some(first) = steps.next() else {
        return quote!(None);
    };
    let name = ident(&first.rust_name);
    let mut expr = if first.optional {
        quote!(#root.#name.as_ref())
    } else {
        quote!(Some(&#root.#name))
    };
    for step in steps {
        let name = ident(&step.rust_name);
        expr = if step.optional {
            quote!(#expr.and_then(|value| value.#name.as_ref()))
        } else {
            quote!(#expr.map(|value| &value.#name))
        };
    }
    expr
}

/// Returns an `Option<T>` expression that moves the last field of `path`
/// out of `root`.
fn move_path(root: TokenStream, path: &[PathStep]) -> TokenStream {
    let mut steps = path.iter();
    let Some(first) = steps.next() else {
        return quote!(None);
    };
    let name = ident(&first.rust_name);
    let mut expr = if first.optional {
        quote!(#root.#name)
    } else {
        quote!(Some(#root.#name))
    };
    for step in steps {
        let name = ident(&step.rust_name);
        expr = if step.optional {
            quote!(#expr.and_then(|value| value.#name))
        } else {
            quote!(#expr.map(|value| value.#name))
        };
    }
    expr
}
