//! `#[edge::main]`, re-exported by the `edge` crate as `edge::main`.

use proc_macro::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Error, FnArg, ItemFn, ReturnType, parse_macro_input};

mod incoming_export;
mod main_built_once;

/// Marks the function that handles every request of an edge app.
///
/// The function takes an `edge::Request` and returns anything that can
/// answer a request (`edge::IntoResponse`), as a route does: usually an
/// `edge::Result<edge::Response>`, or an `edge::Response`:
///
/// ```ignore
/// #[edge::main]
/// fn main(req: edge::Request) -> edge::Result<edge::Response> {
///     Ok(edge::Response::new("Hello World".into()))
/// }
/// ```
///
/// A function that takes no request builds the app once instead: it
/// returns an `edge::App` (a `Router`, or a closure from the request to a
/// response), which then answers every request. It runs before the first
/// request, at build time when `edge build` pre-initializes the component;
/// what it builds (routes, parsed tables, compiled patterns) is not built
/// again per request:
///
/// ```ignore
/// #[edge::main]
/// fn main() -> edge::Router {
///     let mut router = edge::Router::new();
///     router.get("/", |_req, res| res.send("Hello World"));
///     router
/// }
/// ```
///
/// On `wasm32` it exports the function as the component's
/// `wasi:http/incoming-handler` (and, for the second form, the
/// `wizer-initialize` function a pre-initializer calls); on other targets
/// the function is left as it is, so it can be called from unit tests.
#[proc_macro_attribute]
pub fn main(args: TokenStream, item: TokenStream) -> TokenStream {
    let args = proc_macro2::TokenStream::from(args);
    let function = parse_macro_input!(item as ItemFn);
    match expand(args, function) {
        Ok(tokens) => tokens.into(),
        Err(error) => error.to_compile_error().into(),
    }
}

fn expand(
    args: proc_macro2::TokenStream,
    function: ItemFn,
) -> syn::Result<proc_macro2::TokenStream> {
    if !args.is_empty() {
        return Err(Error::new(
            args.span(),
            "`#[edge::main]` takes no arguments: write `#[edge::main]`",
        ));
    }
    let signature = &function.sig;
    if let Some(asyncness) = &signature.asyncness {
        return Err(Error::new(
            asyncness.span(),
            "`#[edge::main]` handlers are synchronous: remove `async`",
        ));
    }
    if let Some(constness) = &signature.constness {
        return Err(Error::new(
            constness.span(),
            "`#[edge::main]` handlers cannot be `const`",
        ));
    }
    if let Some(unsafety) = &signature.unsafety {
        return Err(Error::new(
            unsafety.span(),
            "`#[edge::main]` handlers cannot be `unsafe`",
        ));
    }
    if !signature.generics.params.is_empty() || signature.generics.where_clause.is_some() {
        return Err(Error::new(
            signature.generics.span(),
            "`#[edge::main]` handlers cannot be generic: take `edge::Request` and return `edge::Result<edge::Response>`",
        ));
    }
    if let Some(variadic) = &signature.variadic {
        return Err(Error::new(
            variadic.span(),
            "`#[edge::main]` handlers cannot be variadic",
        ));
    }
    let input = match signature.inputs.len() {
        1 => &signature.inputs[0],
        0 => return main_built_once::expand(function),
        _ => {
            return Err(Error::new(
                signature.inputs[1].span(),
                "`#[edge::main]` functions take the `edge::Request` or nothing: remove the other arguments",
            ));
        }
    };
    let input_type = match input {
        FnArg::Typed(typed) => &typed.ty,
        FnArg::Receiver(receiver) => {
            return Err(Error::new(
                receiver.span(),
                "`#[edge::main]` must be on a free function, not a method",
            ));
        }
    };
    let output_type = match &signature.output {
        ReturnType::Type(_, ty) => ty,
        ReturnType::Default => {
            return Err(Error::new(
                signature.ident.span(),
                "`#[edge::main]` handlers return a response: add `-> edge::Result<edge::Response>`",
            ));
        }
    };

    let name = &signature.ident;
    let input_check = quote_spanned! {input_type.span()=>
        const _: () = ::edge::__internal::assert_input::<#input_type>();
    };
    let output_check = quote_spanned! {output_type.span()=>
        const _: () = ::edge::__internal::assert_output::<#output_type>();
    };
    let export = incoming_export::export(quote!(::edge::__internal::serve), quote!(#name));
    Ok(quote! {
        #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
        #function

        #input_check
        #output_check

        #[cfg(target_arch = "wasm32")]
        #[allow(unsafe_code)]
        const _: () = {
            #export
        };
    })
}

mod plugin;

/// Marks the function of a plugin: a component composed in front of an
/// app that reads each request's method, URI and headers, then passes the
/// request on or answers it.
///
/// ```ignore
/// #[edge::plugin]
/// fn check(req: &edge::plugin::RequestHead) -> edge::plugin::Decision {
///     if req.headers().contains_key("x-blocked") {
///         edge::plugin::Decision::Respond(edge::Response::new("blocked".into()))
///     } else {
///         edge::plugin::Decision::Pass
///     }
/// }
/// ```
///
/// On `wasm32` the component exports `wasi:http/incoming-handler` and
/// imports the next one; on other targets the function is left as it is,
/// so it can be called from unit tests.
#[proc_macro_attribute]
pub fn plugin(args: TokenStream, item: TokenStream) -> TokenStream {
    let args = proc_macro2::TokenStream::from(args);
    let function = parse_macro_input!(item as ItemFn);
    match plugin::expand(args, function) {
        Ok(tokens) => tokens.into(),
        Err(error) => error.to_compile_error().into(),
    }
}
