//! The `wasi:http` handler export that both `#[edge::main]` forms and
//! `#[edge::plugin]` expand to: a guest type whose `handle` runs `serve`.
//! The SDK's `__edge_export_handler!` writes it for the SDK's backend
//! (WASI 0.2 or 0.3), so the macro names no ABI type.

use proc_macro2::{Span, TokenStream};
use quote::quote;

/// Items (for a `const _: () = { ... };` block) that export the `wasi:http`
/// handler, calling `serve` for each request: `serve` is a path such as
/// `::edge::__internal::serve`, called with the request (and 0.2's response
/// outparam) and then `arguments` (comma-separated).
pub(crate) fn export(serve: TokenStream, arguments: TokenStream) -> TokenStream {
    let guest = syn::Ident::new("__EdgeMain", Span::mixed_site());
    quote! {
        ::edge::__edge_export_handler!(#guest, #serve, #arguments);
    }
}
