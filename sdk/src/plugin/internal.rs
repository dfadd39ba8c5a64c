//! What `#[edge::plugin]` expands to needs; not part of the public API.

use super::{BodyPrefix, IntoDecision, RequestHead};

/// What an `#[edge::plugin]` function must take first.
#[diagnostic::on_unimplemented(
    message = "`#[edge::plugin]` functions take `&edge::plugin::RequestHead` first, not `{Self}`",
    label = "expected `&edge::plugin::RequestHead` here",
    note = "a plugin reads the method, URI and headers, and may read the body's first bytes: \
            `fn(&edge::plugin::RequestHead) -> edge::plugin::Decision` or \
            `fn(&edge::plugin::RequestHead, &edge::plugin::BodyPrefix) -> edge::plugin::Decision`"
)]
pub trait PluginInput {}

impl PluginInput for &RequestHead {}

/// What an `#[edge::plugin]` function may take second.
#[diagnostic::on_unimplemented(
    message = "the second argument of an `#[edge::plugin]` function is `&edge::plugin::BodyPrefix`, not `{Self}`",
    label = "expected `&edge::plugin::BodyPrefix` here",
    note = "`fn(&edge::plugin::RequestHead, &edge::plugin::BodyPrefix) -> edge::plugin::Decision` \
            reads the body's first 64 KiB and passes the whole body on"
)]
pub trait PluginBodyInput {}

impl PluginBodyInput for &BodyPrefix {}

/// Fails to compile unless `T` is `&edge::plugin::RequestHead`.
pub const fn assert_input<T: PluginInput>() {}

/// Fails to compile unless `T` is `&edge::plugin::BodyPrefix`.
pub const fn assert_body_input<T: PluginBodyInput>() {}

/// Fails to compile unless `T` is a plugin's answer.
pub const fn assert_output<T: IntoDecision>() {}

/// Expands to nothing with the SDK's `plugin` feature on; without it, to
/// an error saying how to turn it on. A plugin's component imports the
/// next handler, whose bindings the feature generates.
#[cfg(feature = "plugin")]
#[doc(hidden)]
#[macro_export]
macro_rules! __edge_require_plugin_feature {
    () => {};
}

/// Expands to nothing with the SDK's `plugin` feature on; without it, to
/// an error saying how to turn it on.
#[cfg(not(feature = "plugin"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __edge_require_plugin_feature {
    () => {
        ::core::compile_error!(
            "`#[edge::plugin]` needs the `plugin` feature of the edge SDK: \
             in Cargo.toml, `edge-sdk = { version = \"0.1\", features = [\"plugin\"] }`"
        );
    };
}

pub use crate::__edge_require_plugin_feature as require_plugin_feature;

#[cfg(all(target_arch = "wasm32", feature = "plugin", not(feature = "p3")))]
pub use super::serve_p2::{serve, serve_with_body};
#[cfg(all(target_arch = "wasm32", feature = "plugin", feature = "p3"))]
pub use super::serve_p3::{serve, serve_with_body};
