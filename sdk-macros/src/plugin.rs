//! `#[edge::plugin]`: a function in front of an app, exported as a
//! `wasi:http/incoming-handler` that imports the next one.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Error, FnArg, ItemFn, ReturnType};

/// The plugin's one import beyond an app's. Its component-type section is
/// merged with the SDK's world when the component is linked, and only
/// plugin crates carry it.
const PLUGIN_WORLD: &str = "
package edge:plugin@0.1.0;

world plugin {
  import wasi:http/incoming-handler@0.2.6;
}
";

/// The SDK's WIT folder, which the plugin world's `wasi:http` comes from.
/// It must be the very files the SDK's bindings were made from: the linker
/// (`wasm-component-ld`) merges two views of one package only when they are
/// the same, so the plugin cannot name a part of `wasi:http/types`.
fn wit_dir() -> Result<String, String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../wit");
    match dir.canonicalize() {
        Ok(dir) => Ok(dir.to_string_lossy().into_owned()),
        Err(e) => Err(format!(
            "`#[edge::plugin]` needs the SDK's WIT files at {}: {e}",
            dir.display()
        )),
    }
}

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
            "cannot be generic: take `&edge::plugin::RequestHead`",
        ),
    ];
    if let Some((span, _, why)) = modifiers.into_iter().find(|(_, present, _)| *present) {
        return Err(Error::new(
            span,
            format!("`#[edge::plugin]` functions {why}"),
        ));
    }
    let input_type = match signature.inputs.iter().collect::<Vec<_>>().as_slice() {
        [FnArg::Typed(typed)] => &typed.ty,
        [FnArg::Receiver(receiver)] => {
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
        [_, extra, ..] => {
            return Err(Error::new(
                extra.span(),
                "`#[edge::plugin]` functions take one argument, the `&edge::plugin::RequestHead`: remove the others",
            ));
        }
    };
    let ReturnType::Type(_, output_type) = &signature.output else {
        return Err(Error::new(
            signature.ident.span(),
            "`#[edge::plugin]` functions decide: add `-> edge::plugin::Decision`",
        ));
    };

    let wit_dir = wit_dir().map_err(|message| Error::new(Span::call_site(), message))?;
    let name = &signature.ident;
    let name_text = name.to_string();
    let input_check = quote_spanned! {input_type.span()=>
        const _: () = ::edge::plugin::__internal::assert_input::<#input_type>();
    };
    let output_check = quote_spanned! {output_type.span()=>
        const _: () = ::edge::plugin::__internal::assert_output::<#output_type>();
    };
    let world = syn::Ident::new("__edge_plugin_world", Span::mixed_site());
    let export = crate::incoming_export::export(
        quote!(::edge::plugin::__internal::serve),
        quote!(#name_text, #name, #world::wasi::http::incoming_handler::handle),
    );
    Ok(quote! {
        #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
        #function

        #input_check
        #output_check

        #[cfg(target_arch = "wasm32")]
        #[allow(unsafe_code)]
        const _: () = {
            #[allow(
                unsafe_code,
                missing_docs,
                unreachable_pub,
                clippy::all,
                rust_2018_idioms,
                unsafe_op_in_unsafe_fn
            )]
            mod #world {
                ::edge::__internal::wit_bindgen::generate!({
                    inline: #PLUGIN_WORLD,
                    path: #wit_dir,
                    world: "edge:plugin/plugin@0.1.0",
                    with: {
                        "wasi:http/types@0.2.6": ::edge::__internal::bindings::wasi::http::types,
                        "wasi:io/error@0.2.6": ::edge::__internal::bindings::wasi::io::error,
                        "wasi:io/poll@0.2.6": ::edge::__internal::bindings::wasi::io::poll,
                        "wasi:io/streams@0.2.6": ::edge::__internal::bindings::wasi::io::streams,
                        "wasi:clocks/monotonic-clock@0.2.6": ::edge::__internal::bindings::wasi::clocks::monotonic_clock,
                        "wasi:http/incoming-handler@0.2.6": generate,
                    },
                    runtime_path: "::edge::__internal::wit_bindgen::rt",
                });
            }

            #export
        };
    })
}
