//! The glue between `edge`'s types and the standard WASI interfaces.
//!
//! Everything here is private: the public API speaks `http` and [`Body`],
//! so that another ABI (`wasi:http@0.3`) can be added behind it later.
//! Dependencies point one way: the public modules (`fetch`, `kv`, ...) call
//! this glue, which never imports them.
//!
//! The conversions ([`method`], [`fields`]) also compile natively, so their
//! logic is unit-tested without a host; everything that calls the host is
//! `wasm32` only.
//!
//! [`Body`]: crate::Body

// Natively only their tests use them.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) mod fields;
#[cfg(target_arch = "wasm32")]
pub(crate) mod incoming;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) mod method;
#[cfg(target_arch = "wasm32")]
pub(crate) mod outbound;
#[cfg(target_arch = "wasm32")]
pub(crate) mod outgoing;
#[cfg(target_arch = "wasm32")]
pub(crate) mod streams;

/// Bindings generated from `wit/world.wit`.
#[cfg(target_arch = "wasm32")]
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
        path: "wit",
        world: "edge:app/app",
        generate_all,
        pub_export_macro: true,
        export_macro_name: "__export_incoming_handler",
        default_bindings_module: "::edge::__internal::bindings",
        runtime_path: "::edge::__internal::wit_bindgen::rt",
    });

    /// A plugin's one import beyond an app's: the next handler, the one it
    /// hands each request it passes to (another plugin or the app, once
    /// composed). Generated from the SDK's own `plugin` world with the
    /// SDK's `wasi:http` types, so a plugin crate reads no WIT file, and
    /// only with the `plugin` feature, so apps carry none of it.
    #[cfg(feature = "plugin")]
    pub mod plugin {
        wit_bindgen::generate!({
            path: "wit",
            world: "edge:app/plugin",
            with: {
                "wasi:http/types@0.2.6": super::wasi::http::types,
                "wasi:io/error@0.2.6": super::wasi::io::error,
                "wasi:io/poll@0.2.6": super::wasi::io::poll,
                "wasi:io/streams@0.2.6": super::wasi::io::streams,
                "wasi:clocks/monotonic-clock@0.2.6": super::wasi::clocks::monotonic_clock,
                "wasi:http/incoming-handler@0.2.6": generate,
            },
        });
    }
}
