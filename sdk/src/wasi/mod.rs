//! The glue between `edge`'s types and the standard WASI interfaces.
//!
//! Everything here is private: the public API speaks `http` and [`Body`],
//! and one of two backends stands behind it, chosen by the `p3` feature:
//! `p2` (`wasi:http@0.2.6`) or `p3` (`wasi:http@0.3.0`). Both offer the
//! same three modules (`incoming`, `outgoing`, `outbound`) to the rest of
//! the crate.
//! Dependencies point one way: the public modules (`fetch`, `kv`, ...) call
//! this glue, which never imports them.
//!
//! The conversions ([`method`], [`fields`]) also compile natively, so their
//! logic is unit-tested without a host; everything that calls the host is
//! `wasm32` only.
//!
//! [`Body`]: crate::Body

#[cfg(target_arch = "wasm32")]
pub(crate) mod error_code;
#[cfg(target_arch = "wasm32")]
pub(crate) mod fetch_head;
// Natively only their tests use them.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) mod fields;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) mod method;
#[cfg(target_arch = "wasm32")]
pub(crate) mod request_head;
#[cfg(target_arch = "wasm32")]
pub(crate) mod response_head;

/// The WASI 0.2 backend: `wasi:http@0.2.6`'s incoming handler, outgoing
/// handler and `wasi:io` streams.
#[cfg(all(target_arch = "wasm32", not(feature = "p3")))]
mod p2;
#[cfg(all(target_arch = "wasm32", not(feature = "p3")))]
pub(crate) use p2::{incoming, outbound, outgoing};

/// The WASI 0.3 backend: `wasi:http@0.3.0`'s handler and client, with
/// component-model streams and futures.
#[cfg(all(target_arch = "wasm32", feature = "p3"))]
mod p3;
#[cfg(all(target_arch = "wasm32", feature = "p3", feature = "plugin"))]
pub(crate) use p3::held_body;
#[cfg(all(target_arch = "wasm32", feature = "p3"))]
pub(crate) use p3::{incoming, outbound, outgoing};

/// Bindings generated from `wit/world.wit`'s `app` world (WASI 0.2).
#[cfg(all(target_arch = "wasm32", not(feature = "p3")))]
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

/// Bindings generated from `wit-p3/world.wit`'s `app-p3` world (WASI 0.3):
/// the same module paths as 0.2's where the interfaces are the same
/// (`wasi:keyvalue`, `wasi:config`, the `wasi:http` types the conversions
/// use), so only the backend differs.
#[cfg(all(target_arch = "wasm32", feature = "p3"))]
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
        path: ["wit/deps/keyvalue", "wit/deps/config", "wit-p3"],
        world: "edge:app-p3/app-p3",
        generate_all,
        pub_export_macro: true,
        export_macro_name: "__export_incoming_handler",
        default_bindings_module: "::edge::__internal::bindings",
        runtime_path: "::edge::__internal::wit_bindgen::rt",
    });

    /// A 0.3 plugin's one import beyond an app's: the next handler, as in
    /// the 0.2 bindings, generated from the SDK's `plugin-p3` world.
    #[cfg(feature = "plugin")]
    pub mod plugin {
        wit_bindgen::generate!({
            path: ["wit/deps/keyvalue", "wit/deps/config", "wit-p3"],
            world: "edge:app-p3/plugin-p3",
            with: {
                "wasi:http/types@0.3.0": super::wasi::http::types,
                "wasi:clocks/types@0.3.0": super::wasi::clocks::types,
                "wasi:http/handler@0.3.0": generate,
            },
        });
    }
}
