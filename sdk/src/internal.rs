//! What `#[edge::main]` expands to needs; not part of the public API.

pub use wit_bindgen;

#[cfg(target_arch = "wasm32")]
pub use crate::wasi::bindings;

use crate::{Error, Request, Response};

/// What an `#[edge::main]` function may return.
#[diagnostic::on_unimplemented(
    message = "`#[edge::main]` cannot return `{Self}`",
    label = "return `edge::Response` or `edge::Result<edge::Response>` here",
    note = "an `#[edge::main]` handler is `fn(edge::Request) -> edge::Result<edge::Response>` or `fn(edge::Request) -> edge::Response`"
)]
pub trait HandlerOutput {
    /// The response, or the error that becomes one.
    fn into_result(self) -> Result<Response, Error>;
}

impl HandlerOutput for Response {
    fn into_result(self) -> Result<Response, Error> {
        Ok(self)
    }
}

impl HandlerOutput for Result<Response, Error> {
    fn into_result(self) -> Result<Response, Error> {
        self
    }
}

/// What an `#[edge::main]` function must take.
#[diagnostic::on_unimplemented(
    message = "`#[edge::main]` handlers take an `edge::Request`, not `{Self}`",
    label = "expected `edge::Request` here",
    note = "an `#[edge::main]` handler is `fn(edge::Request) -> edge::Result<edge::Response>` or `fn(edge::Request) -> edge::Response`"
)]
pub trait HandlerInput {}

impl HandlerInput for Request {}

/// Fails to compile unless `T` is `edge::Request`.
pub const fn assert_input<T: HandlerInput>() {}

/// Fails to compile unless `T` is an allowed return type.
pub const fn assert_output<T: HandlerOutput>() {}

/// Runs one request through `handler`: converts it, calls it, and sends
/// what it returns. A handler error is written to stderr and answered with
/// its status.
#[cfg(target_arch = "wasm32")]
pub fn serve<O: HandlerOutput>(
    incoming: bindings::wasi::http::types::IncomingRequest,
    out: bindings::wasi::http::types::ResponseOutparam,
    handler: impl FnOnce(Request) -> O,
) {
    let response = match crate::wasi::incoming::to_request(incoming) {
        Ok(request) => {
            let method = request.method().clone();
            let uri = request.uri().clone();
            handler(request)
                .into_result()
                .unwrap_or_else(|e| crate::error_response::log_and_render(&method, &uri, &e))
        }
        Err(e) => {
            crate::error_response::log_and_render(&http::Method::GET, &http::Uri::default(), &e)
        }
    };
    crate::wasi::outgoing::send(response, out);
}
