//! The glue between `edge`'s types and the standard WASI interfaces.
//!
//! Everything here is private: the public API speaks `http` and [`Body`],
//! so that another ABI (`wasi:http@0.3`) can be added behind it later.
//!
//! [`Body`]: crate::Body

pub(crate) mod header_entries;
pub(crate) mod incoming;
pub(crate) mod outbound;
pub(crate) mod outgoing;
pub(crate) mod streams;

/// Bindings generated from `wit/world.wit`.
#[allow(
    unsafe_code,
    missing_docs,
    unreachable_pub,
    clippy::all,
    rust_2018_idioms,
    unsafe_op_in_unsafe_fn
)]
pub mod bindings {
    wit_bindgen::generate!({
        path: "../wit",
        world: "edge:app/app",
        generate_all,
        pub_export_macro: true,
        export_macro_name: "__export_incoming_handler",
        default_bindings_module: "::edge::__internal::bindings",
        runtime_path: "::edge::__internal::wit_bindgen::rt",
    });
}
