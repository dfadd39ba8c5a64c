//! What `#[edge::main]` expands to needs; not part of the public API.

pub use wit_bindgen;

#[cfg(target_arch = "wasm32")]
pub use crate::wasi::bindings;

use crate::{App, Body, IntoResponse, Request};

/// What an `#[edge::main]` function must take.
#[diagnostic::on_unimplemented(
    message = "`#[edge::main]` handlers take an `edge::Request`, not `{Self}`",
    label = "expected `edge::Request` here",
    note = "an `#[edge::main]` handler is `fn(edge::Request) -> edge::Result<edge::Response>` or `fn(edge::Request) -> edge::Response`"
)]
pub trait MainInput {}

impl MainInput for Request {}

/// Fails to compile unless `T` is `edge::Request`.
pub const fn assert_input<T: MainInput>() {}

/// What an `#[edge::main]` function may return: anything that is
/// [`IntoResponse<Body>`], under a name that lets the compiler's message
/// speak of `#[edge::main]`.
#[diagnostic::on_unimplemented(
    message = "`#[edge::main]` cannot return `{Self}`",
    label = "return `edge::Response` or `edge::Result<edge::Response>` here",
    note = "an `#[edge::main]` handler returns what a route may: `edge::Response`, `edge::Reply`, or an `edge::Result` of either",
    note = "any `std::error::Error` converts into `edge::Error` with `?`, or with `.map_err(edge::Error::from)`"
)]
pub trait MainOutput {}

impl<T: IntoResponse<Body>> MainOutput for T {}

/// Fails to compile unless `T` can answer a request.
pub const fn assert_output<T: MainOutput>() {}

/// What an `#[edge::main]` function without a request may return: an
/// [`App`], under a name that lets the compiler's message speak of
/// `#[edge::main]`.
pub const fn assert_app<T: App<Body> + 'static>() {}

/// Runs one request through the app `build` returns, built once per
/// instance (at build time when the component is pre-initialized).
#[cfg(target_arch = "wasm32")]
pub fn serve_app<A: App<Body> + 'static>(
    incoming: bindings::wasi::http::types::IncomingRequest,
    out: bindings::wasi::http::types::ResponseOutparam,
    build: fn() -> A,
) {
    serve(incoming, out, |request| {
        crate::built_app::built_app(build).respond(request)
    });
}

/// The component's `wizer-initialize` export: builds the app, so that a
/// pre-initializer can snapshot it. Panics (a malformed or conflicting
/// route, say) are written to stderr, which the pre-initializer reports.
#[cfg(target_arch = "wasm32")]
pub fn initialize<A: App<Body> + 'static>(build: fn() -> A) {
    std::panic::set_hook(Box::new(|info| {
        log_panic(&"the app's initialization", info)
    }));
    crate::built_app::built_app(build);
}

/// Runs one request through `handler`: converts it, calls it, and sends
/// what it returns. A handler error is written to stderr and answered with
/// its status.
#[cfg(target_arch = "wasm32")]
pub fn serve<O: IntoResponse<Body>>(
    incoming: bindings::wasi::http::types::IncomingRequest,
    out: bindings::wasi::http::types::ResponseOutparam,
    handler: impl FnOnce(Request) -> O,
) {
    std::panic::set_hook(Box::new(|info| log_panic(&"the handler", info)));
    let response = match crate::wasi::incoming::to_request(incoming) {
        Ok(request) => {
            let method = request.method().clone();
            let uri = request.uri().clone();
            handler(request)
                .into_reply()
                .and_then(crate::Reply::into_response)
                .unwrap_or_else(|e| crate::error_response::log_and_render(&method, &uri, &e))
        }
        Err(e) => {
            crate::error_response::log_and_render(&http::Method::GET, &http::Uri::default(), &e)
        }
    };
    crate::wasi::outgoing::send(response, out);
}

/// Writes a panic to stderr in one line: where and why. Rust's own hook
/// adds a note about `RUST_BACKTRACE`, which does nothing in a component
/// (the host names the trap instead).
#[cfg(target_arch = "wasm32")]
pub(crate) fn log_panic(what: &dyn std::fmt::Display, info: &std::panic::PanicHookInfo<'_>) {
    let why = info
        .payload_as_str()
        .unwrap_or("(a panic without a message)");
    match info.location() {
        Some(at) => eprintln!(
            "edge: {what} panicked at {}:{}:{}: {why}",
            at.file(),
            at.line(),
            at.column()
        ),
        None => eprintln!("edge: {what} panicked: {why}"),
    }
}
