//! Emits a structure's builder.
//!
//! Members that must be set before `build()` are tracked in the builder's
//! type, one type parameter each: `Unset` at first, `Set<T>` once the
//! member's setter has run. `build()` requires, for every parameter, a
//! trait named after its member that only `Set` implements, so leaving a
//! member out fails to compile with a message that names it.

use heck::ToUpperCamelCase;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::docs::doc_attrs;
use super::json::fill_default;
use super::rust::{ident, type_tokens};
use crate::plan::names::snake;
use crate::plan::{FieldPlan, RustType, StructPlan, StructRole};

/// Type names that generated code uses without a path, which a type
/// parameter must not shadow.
const USED_TYPE_NAMES: &[&str] = &[
    "Box",
    "Clone",
    "Debug",
    "Default",
    "Eq",
    "From",
    "Into",
    "Option",
    "PartialEq",
    "Result",
    "Self",
    "Send",
    "Sized",
    "String",
    "Sync",
    "Vec",
];

/// The members that a builder's type tracks.
pub struct TypeState<'a> {
    /// The structure's Rust name.
    owner: &'a str,
    /// The module that contains one check trait per tracked member.
    checks: Ident,
    tracked: Vec<Tracked<'a>>,
    /// The field and type that group the untracked members, when some are
    /// tracked. A setter that changes the builder's type then moves one
    /// group instead of every member.
    rest: Option<(Ident, Ident)>,
}

struct Tracked<'a> {
    field: &'a FieldPlan,
    /// The builder's type parameter for the member.
    param: Ident,
}

impl<'a> TypeState<'a> {
    pub fn new(plan: &'a StructPlan) -> Self {
        // The builder and its operation's types are named without a path
        // in the same impls, so a parameter must not shadow them either.
        let owner = &plan.rust_name;
        let mut used: Vec<String> = [
            owner.clone(),
            format!("{owner}Builder"),
            format!("{owner}BuilderOptional"),
        ]
        .into();
        if let Some(prefix) = owner
            .strip_suffix("Input")
            .filter(|_| plan.role == StructRole::Input)
        {
            used.extend(
                ["Output", "Error", "FluentBuilder", "Paginator", "Waiter"]
                    .map(|suffix| format!("{prefix}{suffix}")),
            );
        }
        let tracked = plan
            .fields
            .iter()
            .filter(|field| field.must_be_set())
            .map(|field| {
                let mut name = field
                    .rust_name
                    .trim_start_matches("r#")
                    .to_upper_camel_case();
                while USED_TYPE_NAMES.contains(&name.as_str()) || used.contains(&name) {
                    name.push_str("Member");
                }
                used.push(name.clone());
                Tracked {
                    field,
                    param: format_ident!("{}", name),
                }
            })
            .collect::<Vec<_>>();
        let untracked = plan.fields.iter().any(|field| !field.must_be_set());
        let rest = (!tracked.is_empty() && untracked).then(|| {
            let mut field = String::from("optional");
            while plan.fields.iter().any(|f| f.rust_name == field) {
                field.push('_');
            }
            (
                format_ident!("{}", field),
                format_ident!("{}BuilderOptional", plan.rust_name),
            )
        });
        TypeState {
            owner: &plan.rust_name,
            rest,
            checks: format_ident!("{}_required", snake(&plan.rust_name)),
            tracked,
        }
    }

    /// Returns a state that tracks nothing, for types without parameters.
    pub fn none() -> Self {
        TypeState {
            owner: "",
            checks: format_ident!("none"),
            tracked: Vec::new(),
            rest: None,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.tracked.is_empty()
    }

    /// Returns the parameters with `Unset` as their default, for the
    /// declaration of a type.
    pub fn declaration(&self) -> TokenStream {
        if self.is_empty() {
            return quote!();
        }
        let params = self.tracked.iter().map(|t| &t.param);
        quote!(<#(#params = ingot_runtime::builder::Unset),*>)
    }

    /// Returns the parameters as they are, for `impl<..>` and the type.
    pub fn params(&self) -> TokenStream {
        if self.is_empty() {
            return quote!();
        }
        let params = self.tracked.iter().map(|t| &t.param);
        quote!(<#(#params),*>)
    }

    /// Returns the attribute for an `impl` whose setters return the builder
    /// with one parameter changed. With many required members those types
    /// are long, but they are what the compiler checks, so clippy's
    /// `type_complexity` does not apply.
    pub fn allow_long_types(&self) -> TokenStream {
        if self.is_empty() {
            return quote!();
        }
        quote!(#[allow(clippy::type_complexity)])
    }

    /// Returns the parameters bounded by `Debug`, for a `Debug` impl.
    pub fn debug_params(&self) -> TokenStream {
        if self.is_empty() {
            return quote!();
        }
        let params = self.tracked.iter().map(|t| &t.param);
        quote!(<#(#params: std::fmt::Debug),*>)
    }

    /// Returns the type arguments once `field` is set: its parameter
    /// replaced by `Set<T>`, the others kept.
    fn after_setting(&self, field: &FieldPlan) -> TokenStream {
        let args = self.tracked.iter().map(|t| {
            if t.field.rust_name == field.rust_name {
                let ty = type_tokens(&field.ty);
                quote!(ingot_runtime::builder::Set<#ty>)
            } else {
                let param = &t.param;
                quote!(#param)
            }
        });
        quote!(<#(#args),*>)
    }

    /// Returns where the builder keeps `field`, as a place expression.
    pub fn place(&self, field: &FieldPlan) -> TokenStream {
        let field_name = ident(&field.rust_name);
        match &self.rest {
            Some((rest, _)) if self.tracked(field).is_none() => quote!(self.#rest.#field_name),
            _ => quote!(self.#field_name),
        }
    }

    fn tracked(&self, field: &FieldPlan) -> Option<&Tracked<'a>> {
        self.tracked
            .iter()
            .find(|t| t.field.rust_name == field.rust_name)
    }

    /// Returns the `where` clause that holds when every tracked member is
    /// set.
    pub fn complete(&self) -> TokenStream {
        if self.is_empty() {
            return quote!();
        }
        let checks = &self.checks;
        let bounds = self.tracked.iter().map(|t| {
            let param = &t.param;
            let check = ident(&t.field.rust_name);
            quote!(#param: #checks::#check)
        });
        quote!(where #(#bounds),*)
    }

    /// Returns the module of check traits, whose messages are what the
    /// compiler prints for a member left out.
    pub fn checks(&self) -> TokenStream {
        if self.is_empty() {
            return quote!();
        }
        let module = &self.checks;
        let docs = format!(
            " The members that [`{0}`]'s builder needs before it builds.",
            self.owner
        );
        let traits = self.tracked.iter().map(|t| {
            let name = &t.field.rust_name;
            let check = ident(name);
            let ty = type_tokens(&t.field.ty);
            let message = format!(
                "the required member `{name}` of `{}` is not set",
                self.owner
            );
            let label = format!("`{name}` is required here");
            let note = format!("call `.{name}(...)` on the builder first");
            quote! {
                #[diagnostic::on_unimplemented(message = #message, label = #label, note = #note)]
                pub trait #check: ingot_runtime::builder::IsSet<#ty> {}

                impl #check for ingot_runtime::builder::Set<#ty> {}
            }
        });
        quote! {
            #[doc = #docs]
            #[doc(hidden)]
            #[allow(non_camel_case_types)]
            pub mod #module {
                #(#traits)*
            }
        }
    }
}

/// The type whose setters are being emitted.
enum Target<'a> {
    /// The structure's builder.
    Builder { name: &'a Ident },
    /// A type that keeps the builder in its field `inner` beside `others`,
    /// as an operation's fluent builder does.
    Wrapper {
        name: &'a Ident,
        inner: &'a Ident,
        others: &'a [Ident],
    },
}

impl Target<'_> {
    fn name(&self) -> &Ident {
        match self {
            Target::Builder { name, .. } | Target::Wrapper { name, .. } => name,
        }
    }

    /// Returns a value of the target type with the tracked `field`
    /// replaced by `value` and everything else moved over.
    fn rebuild(&self, state: &TypeState<'_>, field: &FieldPlan, value: TokenStream) -> TokenStream {
        match self {
            Target::Builder { name } => {
                let moves = state.tracked.iter().map(|t| {
                    let f_name = ident(&t.field.rust_name);
                    if t.field.rust_name == field.rust_name {
                        quote!(#f_name: #value)
                    } else {
                        quote!(#f_name: self.#f_name)
                    }
                });
                let rest = state
                    .rest
                    .as_ref()
                    .map(|(rest, _)| quote!(#rest: self.#rest));
                quote!(#name { #(#moves,)* #rest })
            }
            Target::Wrapper {
                name,
                inner,
                others,
            } => quote!(#name { #(#others: self.#others,)* #inner: #value }),
        }
    }
}

/// Returns the setters of the type `name`, which keeps the builder of
/// `input` in its field `input` beside `others` and forwards each setter
/// to it, as fluent builders and waiters do.
pub fn forwarding_setters(
    input: &StructPlan,
    state: &TypeState<'_>,
    name: &Ident,
    others: &[Ident],
) -> TokenStream {
    let inner = format_ident!("input");
    let target = Target::Wrapper {
        name,
        inner: &inner,
        others,
    };
    let setters = input
        .fields
        .iter()
        .map(|field| setters(field, state, &target));
    quote!(#(#setters)*)
}

/// Returns the builder of `plan`: its type, `builder()`, setters and
/// `build()`, and the check traits of its tracked members.
pub fn builder(
    plan: &StructPlan,
    name: &Ident,
    state: &TypeState<'_>,
    debug: &TokenStream,
) -> TokenStream {
    let rust_name = &plan.rust_name;
    let builder = format_ident!("{}Builder", rust_name);
    let docs = format!(" A builder for [`{rust_name}`].");
    let state_docs = (!state.is_empty()).then(|| {
        quote! {
            ///
            /// Each type parameter tracks one required member: it is
            /// [`Unset`](ingot_runtime::builder::Unset) until the member's
            /// setter runs, then [`Set`](ingot_runtime::builder::Set).
            /// `build()` compiles once every required member is set.
        }
    });

    let declaration = state.declaration();
    let params = state.params();
    let optional_fields: Vec<TokenStream> = plan
        .fields
        .iter()
        .filter(|field| state.tracked(field).is_none())
        .map(|field| {
            let field_name = ident(&field.rust_name);
            let ty = type_tokens(&field.ty);
            quote!(#field_name: Option<#ty>,)
        })
        .collect();
    let tracked_fields = state.tracked.iter().map(|t| {
        let field_name = ident(&t.field.rust_name);
        let param = &t.param;
        quote!(#field_name: #param,)
    });
    let tracked_starts = state.tracked.iter().map(|t| {
        let field_name = ident(&t.field.rust_name);
        quote!(#field_name: ingot_runtime::builder::Unset,)
    });
    let (fields, starts, group) = match &state.rest {
        Some((rest, rest_type)) => (
            quote!(#(#tracked_fields)* #rest: #rest_type,),
            quote!(#(#tracked_starts)* #rest: Default::default(),),
            Some(quote! {
                /// The members of the builder that `build()` does not need.
                #[derive(Clone, Default, PartialEq, #debug)]
                struct #rest_type {
                    #(#optional_fields)*
                }
            }),
        ),
        None => {
            let optional_starts = plan
                .fields
                .iter()
                .filter(|field| state.tracked(field).is_none())
                .map(|field| {
                    let field_name = ident(&field.rust_name);
                    quote!(#field_name: None,)
                });
            (
                quote!(#(#tracked_fields)* #(#optional_fields)*),
                quote!(#(#tracked_starts)* #(#optional_starts)*),
                None,
            )
        }
    };

    let target = Target::Builder { name: &builder };
    let setters = plan
        .fields
        .iter()
        .map(|field| setters(field, state, &target));
    let build = build_fn(plan, name, state);
    let checks = state.checks();
    let allow = state.allow_long_types();

    quote! {
        impl #name {
            #[doc = #docs]
            pub fn builder() -> #builder {
                #builder { #starts }
            }
        }

        #[doc = #docs]
        #state_docs
        #[derive(Clone, PartialEq, #debug)]
        pub struct #builder #declaration {
            #fields
        }

        #group

        #allow
        impl #params #builder #params {
            #(#setters)*
            #build
        }

        #checks
    }
}

/// Returns the setters of one field: one that sets the value, or adds an
/// item to a list or an entry to a map, and a `set_` setter that replaces
/// the whole value. A tracked member that is not a list or map has no
/// `set_` setter.
///
/// A tracked member's setters return the target with the member's state
/// set. Its `set_` setter takes the collection itself, and an optional
/// member's takes anything that converts into an `Option`, so that callers
/// keep compiling when a later model stops requiring the member.
fn setters(field: &FieldPlan, state: &TypeState<'_>, target: &Target<'_>) -> TokenStream {
    let field_name = ident(&field.rust_name);
    let set_name = format_ident!("set_{}", field.rust_name);
    let fallback = format!("Sets the `{}` member.", field.member);
    let docs = doc_attrs(field.docs.as_deref(), &fallback);
    let set_docs = format!(
        " Sets or clears [`{0}`](Self::{0}) in one call.",
        field.rust_name
    );
    let ty = type_tokens(&field.ty);
    let add = Adder::new(field);
    let (params, add_docs) = (&add.params, &add.docs);

    let Some(tracked) = state.tracked(field) else {
        let (add_body, set_body) = match target {
            Target::Builder { .. } => {
                let place = state.place(field);
                (add.store_optional(&place), quote!(#place = value.into();))
            }
            Target::Wrapper { inner, .. } => {
                let args = &add.args;
                (
                    quote!(self.#inner = self.#inner.#field_name(#(#args),*);),
                    quote!(self.#inner = self.#inner.#set_name(value);),
                )
            }
        };
        return quote! {
            #docs
            #add_docs
            pub fn #field_name(mut self, #(#params),*) -> Self {
                #add_body
                self
            }

            #[doc = #set_docs]
            pub fn #set_name(mut self, value: impl Into<Option<#ty>>) -> Self {
                #set_body
                self
            }
        };
    };

    let name = target.name();
    let after = state.after_setting(field);
    let param = &tracked.param;
    // Adding to a list or map keeps what earlier calls added, so it needs
    // to read the member in either state.
    let slot = add
        .collects
        .then(|| quote!(where #param: ingot_runtime::builder::Slot<#ty>));
    let ((prelude, add_value), set_value) = match target {
        Target::Builder { .. } => (
            add.store_tracked(&field_name),
            quote!(ingot_runtime::builder::Set::new(value)),
        ),
        Target::Wrapper { inner, .. } => {
            let args = &add.args;
            (
                (quote!(), quote!(self.#inner.#field_name(#(#args),*))),
                quote!(self.#inner.#set_name(value)),
            )
        }
    };
    let add_result = target.rebuild(state, field, add_value);
    let adder = quote! {
        #docs
        #add_docs
        pub fn #field_name(self, #(#params),*) -> #name #after #slot {
            #prelude
            #add_result
        }
    };
    // A required member that is not a collection has no `set_` setter: the
    // setter above takes the whole value already. One appears, taking an
    // `Option`, if a later model stops requiring the member.
    if !add.collects {
        return adder;
    }
    let set_result = target.rebuild(state, field, set_value);
    let set_docs = format!(
        " Sets [`{0}`](Self::{0}) to a whole collection, replacing what was added before.",
        field.rust_name
    );
    quote! {
        #adder

        #[doc = #set_docs]
        pub fn #set_name(self, value: #ty) -> #name #after {
            #set_result
        }
    }
}

/// The setter that adds to a field: one item of a list, one entry of a
/// map, or the value of any other field.
struct Adder {
    params: Vec<TokenStream>,
    args: Vec<Ident>,
    docs: TokenStream,
    /// Whether the setter adds to a collection rather than replacing it.
    collects: bool,
    kind: AdderKind,
}

enum AdderKind {
    Item,
    Entry,
    Value,
}

impl Adder {
    fn new(field: &FieldPlan) -> Self {
        let optional =
            |ty: TokenStream, sparse: bool| if sparse { quote!(Option<#ty>) } else { ty };
        match &field.ty {
            RustType::List { item, sparse } => {
                let item = optional(type_tokens(item), *sparse);
                Adder {
                    params: vec![quote!(item: impl Into<#item>)],
                    args: vec![format_ident!("item")],
                    docs: quote! {
                        ///
                        /// Each call appends one item to the list.
                    },
                    collects: true,
                    kind: AdderKind::Item,
                }
            }
            RustType::Map { value, sparse } => {
                let value = optional(type_tokens(value), *sparse);
                Adder {
                    params: vec![
                        quote!(key: impl Into<String>),
                        quote!(value: impl Into<#value>),
                    ],
                    args: vec![format_ident!("key"), format_ident!("value")],
                    docs: quote! {
                        ///
                        /// Each call adds one entry to the map.
                    },
                    collects: true,
                    kind: AdderKind::Entry,
                }
            }
            ty => {
                let ty = type_tokens(ty);
                Adder {
                    params: vec![quote!(value: impl Into<#ty>)],
                    args: vec![format_ident!("value")],
                    docs: quote!(),
                    collects: false,
                    kind: AdderKind::Value,
                }
            }
        }
    }

    /// Returns the statement that stores the argument in an `Option` field.
    fn store_optional(&self, field: &TokenStream) -> TokenStream {
        match self.kind {
            AdderKind::Item => quote!(#field.get_or_insert_with(Vec::new).push(item.into());),
            AdderKind::Entry => {
                quote!(#field.get_or_insert_with(Default::default).insert(key.into(), value.into());)
            }
            AdderKind::Value => quote!(#field = Some(value.into());),
        }
    }

    /// Returns the statements before, and the expression of, a tracked
    /// field's new state.
    fn store_tracked(&self, field: &Ident) -> (TokenStream, TokenStream) {
        let set = |value: TokenStream| quote!(ingot_runtime::builder::Set::new(#value));
        match self.kind {
            AdderKind::Item => (
                quote! {
                    let mut items = ingot_runtime::builder::Slot::into_option(self.#field).unwrap_or_default();
                    items.push(item.into());
                },
                set(quote!(items)),
            ),
            AdderKind::Entry => (
                quote! {
                    let mut entries = ingot_runtime::builder::Slot::into_option(self.#field).unwrap_or_default();
                    entries.insert(key.into(), value.into());
                },
                set(quote!(entries)),
            ),
            AdderKind::Value => (quote!(), set(quote!(value.into()))),
        }
    }
}

fn build_fn(plan: &StructPlan, name: &Ident, state: &TypeState<'_>) -> TokenStream {
    let assignments = plan.fields.iter().map(|field| {
        let field_name = ident(&field.rust_name);
        if state.tracked(field).is_some() {
            let value = quote!(ingot_runtime::builder::IsSet::into_value(self.#field_name));
            return if field.optional {
                quote!(#field_name: Some(#value),)
            } else {
                quote!(#field_name: #value,)
            };
        }
        let place = state.place(field);
        match &field.default {
            Some(default) if !field.optional => {
                let fill = fill_default(default, &field.ty);
                quote!(#field_name: #place #fill,)
            }
            _ => quote!(#field_name: #place,),
        }
    });
    let metadata =
        matches!(plan.role, StructRole::Error(_)).then(|| quote!(metadata: Default::default(),));
    let docs = format!(" Builds the [`{}`].", plan.rust_name);
    let complete = state.complete();
    quote! {
        #[doc = #docs]
        pub fn build(self) -> #name #complete {
            #name {
                #(#assignments)*
                #metadata
            }
        }
    }
}
