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
#[cfg(all(target_arch = "wasm32", not(feature = "p3")))]
pub fn serve_app<A: App<Body> + 'static>(
    incoming: bindings::wasi::http::types::IncomingRequest,
    out: bindings::wasi::http::types::ResponseOutparam,
    build: fn() -> A,
) {
    serve(incoming, out, |request| {
        crate::built_app::built_app(build).respond(request)
    });
}

/// Runs one request through the app `build` returns, built once per
/// instance; the response goes back with its body still to be written.
///
/// # Errors
///
/// None: an app's errors are responses. The type is the handler's.
#[cfg(all(target_arch = "wasm32", feature = "p3"))]
pub async fn serve_app<A: App<Body> + 'static>(
    request: bindings::wasi::http::types::Request,
    build: fn() -> A,
) -> Result<bindings::wasi::http::types::Response, bindings::wasi::http::types::ErrorCode> {
    serve(request, |request| {
        crate::built_app::built_app(build).respond(request)
    })
    .await
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
/// what it returns, then runs the [`after_response`](crate::after_response)
/// tasks. A handler error is written to stderr and answered with its
/// status.
#[cfg(all(target_arch = "wasm32", not(feature = "p3")))]
pub fn serve<O: IntoResponse<Body>>(
    incoming: bindings::wasi::http::types::IncomingRequest,
    out: bindings::wasi::http::types::ResponseOutparam,
    handler: impl FnOnce(Request) -> O,
) {
    let response = answer(crate::wasi::incoming::to_request(incoming), handler);
    crate::wasi::outgoing::send(response, out);
    crate::after_response::run_after_response();
}

/// Runs one request through `handler`: converts it, calls it, and returns
/// the response, whose body a task left running writes. A handler error is
/// written to stderr and answered with its status.
///
/// # Errors
///
/// None: a handler's errors are responses. The type is the handler's.
#[cfg(all(target_arch = "wasm32", feature = "p3"))]
pub async fn serve<O: IntoResponse<Body>>(
    request: bindings::wasi::http::types::Request,
    handler: impl FnOnce(Request) -> O,
) -> Result<bindings::wasi::http::types::Response, bindings::wasi::http::types::ErrorCode> {
    let response = answer(crate::wasi::incoming::to_request(request), handler);
    Ok(crate::wasi::outgoing::respond(response))
}

/// The response `handler` gives `request`, or the error page of what went
/// wrong; a panic is logged in one line first.
#[cfg(target_arch = "wasm32")]
fn answer<O: IntoResponse<Body>>(
    request: Result<Request, crate::Error>,
    handler: impl FnOnce(Request) -> O,
) -> crate::Response {
    std::panic::set_hook(Box::new(|info| log_panic(&"the handler", info)));
    match request {
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
    }
}

/// Exports the `wasi:http` handler of the SDK's backend (0.2's
/// `incoming-handler`, or 0.3's `handler` with the `p3` feature) as the
/// type `$guest`, calling `$serve` with the request (and 0.2's response
/// outparam) and then `$argument`s. What `#[edge::main]` and
/// `#[edge::plugin]` expand to.
#[cfg(not(feature = "p3"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __edge_export_handler {
    ($guest:ident, $serve:path, $($argument:expr),*) => {
        struct $guest;
        impl ::edge::__internal::bindings::exports::wasi::http::incoming_handler::Guest for $guest {
            fn handle(
                request: ::edge::__internal::bindings::wasi::http::types::IncomingRequest,
                response_out: ::edge::__internal::bindings::wasi::http::types::ResponseOutparam,
            ) {
                $serve(request, response_out, $($argument),*);
            }
        }
        ::edge::__internal::bindings::__export_incoming_handler!($guest);
    };
}

/// Exports the `wasi:http` handler of the SDK's backend: see the 0.2 form.
#[cfg(feature = "p3")]
#[doc(hidden)]
#[macro_export]
macro_rules! __edge_export_handler {
    ($guest:ident, $serve:path, $($argument:expr),*) => {
        struct $guest;
        impl ::edge::__internal::bindings::exports::wasi::http::handler::Guest for $guest {
            async fn handle(
                request: ::edge::__internal::bindings::wasi::http::types::Request,
            ) -> ::core::result::Result<
                ::edge::__internal::bindings::wasi::http::types::Response,
                ::edge::__internal::bindings::wasi::http::types::ErrorCode,
            > {
                $serve(request, $($argument),*).await
            }
        }
        ::edge::__internal::bindings::__export_incoming_handler!($guest);
    };
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
