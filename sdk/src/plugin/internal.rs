//! What `#[edge::plugin]` expands to needs; not part of the public API.

use super::{IntoDecision, RequestHead};

/// What an `#[edge::plugin]` function must take.
#[diagnostic::on_unimplemented(
    message = "`#[edge::plugin]` functions take `&edge::plugin::RequestHead`, not `{Self}`",
    label = "expected `&edge::plugin::RequestHead` here",
    note = "a plugin reads the method, URI and headers and never the body: \
            `fn(&edge::plugin::RequestHead) -> edge::plugin::Decision`"
)]
pub trait PluginInput {}

impl PluginInput for &RequestHead {}

/// Fails to compile unless `T` is `&edge::plugin::RequestHead`.
pub const fn assert_input<T: PluginInput>() {}

/// Fails to compile unless `T` is a plugin's answer.
pub const fn assert_output<T: IntoDecision>() {}

/// Expands to nothing with the SDK's `plugin` feature on; without it, to
/// an error saying how to turn it on. A plugin's component imports the
/// next handler, whose bindings the feature generates.
#[cfg(all(feature = "plugin", not(feature = "p3")))]
#[doc(hidden)]
#[macro_export]
macro_rules! __edge_require_plugin_feature {
    () => {};
}

/// With the `p3` feature, an error: plugins are composed over WASI 0.2's
/// `wasi:http/incoming-handler`, so a plugin is built for 0.2.
#[cfg(all(feature = "plugin", feature = "p3"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __edge_require_plugin_feature {
    () => {
        ::core::compile_error!(
            "`#[edge::plugin]` builds for WASI 0.2 only: plugins are composed over \
             `wasi:http/incoming-handler@0.2`; build this plugin without the edge SDK's `p3` \
             feature (a 0.2 plugin composes in front of a 0.2 app)"
        );
    };
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
pub use serve::serve;

#[cfg(all(target_arch = "wasm32", feature = "plugin", not(feature = "p3")))]
mod serve {
    use super::super::Decision;
    use super::{IntoDecision, RequestHead};
    use crate::__internal::bindings::wasi::http::types::{IncomingRequest, ResponseOutparam};
    use crate::error_response::log_and_render;
    use crate::wasi::bindings::plugin::wasi::http::incoming_handler::handle as next;
    use crate::wasi::{incoming, outgoing};

    /// Runs one request through the plugin `check` (named `name` in the
    /// log): hands the request on whole to the next handler (the imported
    /// `wasi:http/incoming-handler`, so the next plugin or the app), or
    /// answers it. An error answers with its status, as in an app.
    pub fn serve<D: IntoDecision>(
        request: IncomingRequest,
        out: ResponseOutparam,
        name: &'static str,
        check: impl FnOnce(&RequestHead) -> D,
    ) {
        std::panic::set_hook(Box::new(move |info| {
            crate::__internal::log_panic(&format_args!("the plugin `{name}`"), info);
        }));
        let response = match incoming::head(&request) {
            Ok(head) => match check(&head).into_decision() {
                Ok(Decision::Pass) => return next(request, out),
                Ok(Decision::Respond(response)) => response,
                Err(e) => log_and_render(head.method(), head.uri(), &e),
            },
            Err(e) => log_and_render(&http::Method::GET, &http::Uri::default(), &e),
        };
        drop(request);
        outgoing::send(response, out);
    }
}
