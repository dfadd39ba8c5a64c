//! `#[edge::plugin]`: a function in front of an app, exported as a
//! `wasi:http/incoming-handler` that imports the next one.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Error, FnArg, ItemFn, ReturnType};

/// Checks the function's shape and expands it; see `edge_macros::plugin`.
pub(crate) fn expand(args: TokenStream, function: ItemFn) -> syn::Result<TokenStream> {
    if !args.is_empty() {
        return Err(Error::new(
            args.span(),
            "`#[edge::plugin]` takes no arguments: write `#[edge::plugin]`",
        ));
    }
    let signature = &function.sig;
    let modifiers = [
        (
            signature.asyncness.span(),
            signature.asyncness.is_some(),
            "are synchronous: remove `async`",
        ),
        (
            signature.constness.span(),
            signature.constness.is_some(),
            "cannot be `const`",
        ),
        (
            signature.unsafety.span(),
            signature.unsafety.is_some(),
            "cannot be `unsafe`",
        ),
        (
            signature.variadic.span(),
            signature.variadic.is_some(),
            "cannot be variadic",
        ),
        (
            signature.generics.span(),
            !signature.generics.params.is_empty() || signature.generics.where_clause.is_some(),
            "cannot be generic: take `&edge::plugin::RequestHead` (and `&edge::plugin::BodyPrefix`)",
        ),
    ];
    if let Some((span, _, why)) = modifiers.into_iter().find(|(_, present, _)| *present) {
        return Err(Error::new(
            span,
            format!("`#[edge::plugin]` functions {why}"),
        ));
    }
    let (input_type, body_type) = match signature.inputs.iter().collect::<Vec<_>>().as_slice() {
        [FnArg::Typed(typed)] => (&typed.ty, None),
        [FnArg::Typed(typed), FnArg::Typed(body)] => (&typed.ty, Some(&body.ty)),
        [FnArg::Receiver(receiver), ..] => {
            return Err(Error::new(
                receiver.span(),
                "`#[edge::plugin]` must be on a free function, not a method",
            ));
        }
        [] => {
            return Err(Error::new(
                signature.paren_token.span.join(),
                "`#[edge::plugin]` functions take one argument: add `req: &edge::plugin::RequestHead`",
            ));
        }
        [_, _, extra, ..] => {
            return Err(Error::new(
                extra.span(),
                "`#[edge::plugin]` functions take the `&edge::plugin::RequestHead` and, to read \
                 the body, the `&edge::plugin::BodyPrefix`: remove the others",
            ));
        }
        [_, extra] => {
            return Err(Error::new(
                extra.span(),
                "`#[edge::plugin]` must be on a free function, not a method",
            ));
        }
    };
    let ReturnType::Type(_, output_type) = &signature.output else {
        return Err(Error::new(
            signature.ident.span(),
            "`#[edge::plugin]` functions decide: add `-> edge::plugin::Decision`",
        ));
    };

    let name = &signature.ident;
    let name_text = name.to_string();
    let input_check = quote_spanned! {input_type.span()=>
        const _: () = ::edge::plugin::__internal::assert_input::<#input_type>();
    };
    let output_check = quote_spanned! {output_type.span()=>
        const _: () = ::edge::plugin::__internal::assert_output::<#output_type>();
    };
    let (body_check, serve) = match body_type {
        Some(body_type) => (
            quote_spanned! {body_type.span()=>
                const _: () = ::edge::plugin::__internal::assert_body_input::<#body_type>();
            },
            quote!(::edge::plugin::__internal::serve_with_body),
        ),
        None => (quote!(), quote!(::edge::plugin::__internal::serve)),
    };
    let export = crate::incoming_export::export(serve, quote!(#name_text, #name));
    Ok(quote! {
        #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
        #function

        #input_check
        #body_check
        #output_check

        #[cfg(target_arch = "wasm32")]
        #[allow(unsafe_code)]
        const _: () = {
            ::edge::plugin::__internal::require_plugin_feature!();

            #export
        };
    })
}
