//! The `wasi:http/incoming-handler` export every `#[edge::main]` form
//! expands to: a guest type whose `handle` runs `serve`.

use proc_macro2::{Span, TokenStream};
use quote::quote;

/// Items (for a `const _: () = { ... };` block) that export
/// `wasi:http/incoming-handler`, calling `serve(request, response_out)`
/// for each request: `serve` is an expression such as
/// `::edge::__internal::serve`, called with the request, the response
/// outparam and then `argument`.
pub(crate) fn export(serve: TokenStream, argument: TokenStream) -> TokenStream {
    let guest = syn::Ident::new("__EdgeMain", Span::mixed_site());
    quote! {
        struct #guest;
        impl ::edge::__internal::bindings::exports::wasi::http::incoming_handler::Guest for #guest {
            fn handle(
                request: ::edge::__internal::bindings::wasi::http::types::IncomingRequest,
                response_out: ::edge::__internal::bindings::wasi::http::types::ResponseOutparam,
            ) {
                #serve(request, response_out, #argument);
            }
        }
        ::edge::__internal::bindings::__export_incoming_handler!(#guest);
    }
}
