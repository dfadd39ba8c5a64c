//! `#[edge::main]` on a function without a request: it builds the app once
//! per instance, and `wizer-initialize` lets a pre-initializer build it at
//! build time.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Error, ItemFn, ReturnType, Type};

/// The world of the export a pre-initializer calls. It is generated in the
/// app's crate, not in the SDK, so that only apps that build state once
/// export it (every world the linker sees ends up in the component).
const INIT_WORLD: &str = "package edge:init; world init { export wizer-initialize: func(); }";

pub(crate) fn expand(function: ItemFn) -> syn::Result<TokenStream> {
    let signature = &function.sig;
    let output_type = match &signature.output {
        ReturnType::Type(_, ty) => ty,
        ReturnType::Default => {
            return Err(Error::new(
                signature.ident.span(),
                "`#[edge::main]` without a request builds the app once: return it, as in `fn main() -> edge::Router`",
            ));
        }
    };
    let name = &signature.ident;
    // `impl App` cannot be named in a const check; the call in `serve_app`
    // checks it instead (with the same message).
    let output_check = match &**output_type {
        Type::ImplTrait(_) => quote! {},
        ty => quote_spanned! {ty.span()=>
            const _: () = ::edge::__internal::assert_app::<#ty>();
        },
    };
    let export =
        super::incoming_export::export(quote!(::edge::__internal::serve_app), quote!(#name));
    let init = syn::Ident::new("__EdgeInit", Span::mixed_site());
    let init_bindings = syn::Ident::new("__edge_init_bindings", Span::mixed_site());
    Ok(quote! {
        #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
        #function

        #output_check

        #[cfg(target_arch = "wasm32")]
        #[allow(unsafe_code)]
        const _: () = {
            #export

            #[allow(missing_docs, unreachable_pub, clippy::all, unsafe_op_in_unsafe_fn)]
            mod #init_bindings {
                ::edge::__internal::wit_bindgen::generate!({
                    inline: #INIT_WORLD,
                    world: "edge:init/init",
                    runtime_path: "::edge::__internal::wit_bindgen::rt",
                });
            }
            struct #init;
            impl #init_bindings::Guest for #init {
                fn wizer_initialize() {
                    ::edge::__internal::initialize(#name);
                }
            }
            #init_bindings::export!(#init with_types_in #init_bindings);
        };
    })
}
