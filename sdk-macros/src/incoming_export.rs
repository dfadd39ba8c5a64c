//! The `wasi:http/incoming-handler` export that both `#[edge::main]`
//! forms and `#[edge::plugin]` expand to: a guest type whose `handle` runs
//! `serve`.

use proc_macro2::{Span, TokenStream};
use quote::quote;

/// Items (for a `const _: () = { ... };` block) that export
/// `wasi:http/incoming-handler`, calling `serve` for each request: `serve`
/// is a path such as `::edge::__internal::serve`, called with the request,
/// the response outparam and then `arguments` (comma-separated).
pub(crate) fn export(serve: TokenStream, arguments: TokenStream) -> TokenStream {
    let guest = syn::Ident::new("__EdgeMain", Span::mixed_site());
    quote! {
        struct #guest;
        impl ::edge::__internal::bindings::exports::wasi::http::incoming_handler::Guest for #guest {
            fn handle(
                request: ::edge::__internal::bindings::wasi::http::types::IncomingRequest,
                response_out: ::edge::__internal::bindings::wasi::http::types::ResponseOutparam,
            ) {
                #serve(request, response_out, #arguments);
            }
        }
        ::edge::__internal::bindings::__export_incoming_handler!(#guest);
    }
}
