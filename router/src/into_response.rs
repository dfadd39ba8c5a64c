//! [`IntoResponse`]: what can answer a request.

use http::Response;

use crate::{Error, Reply, RouteBody};

/// What can answer a request: what a route, a `use_` middleware, a
/// [`not_found`](crate::Router::not_found) handler or an `#[edge::main]`
/// function returns, like axum's `IntoResponse`.
///
/// - the [`Reply`] it was given, changed or sent (a `use_` middleware that
///   returns it unsent lets the chain continue);
/// - a whole `http::Response`;
/// - either inside a `Result` whose error is [`Error`]. Any
///   `std::error::Error` converts into [`Error`] with `?`, so a closure that
///   uses `?` and ends in `Ok(res.send(..))` needs no type annotation.
///
/// ```
/// use edge_router::{IntoResponse, Reply};
///
/// let sent = Reply::<String>::new().status(201).send("made").into_reply()?;
/// assert_eq!(sent.status_ref(), 201);
///
/// let failed: edge_router::Result<Reply<String>> = Err(edge_router::Error::msg("no"));
/// assert_eq!(failed.into_reply().unwrap_err().status(), 500);
/// # Ok::<(), edge_router::Error>(())
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot answer a request",
    label = "return `res` (the `Reply` you were given), an `http::Response`, or a `Result` of either with `edge::Error`",
    note = "a route is `|req, res| res.send(\"Hello World\")`; an `#[edge::main]` function is `fn(edge::Request) -> edge::Result<edge::Response>`",
    note = "any `std::error::Error` converts into `edge::Error` with `?`, or with `.map_err(edge::Error::from)`"
)]
pub trait IntoResponse<B> {
    /// The reply to continue or finish with, or the error to answer.
    fn into_reply(self) -> Result<Reply<B>, Error>;
}

impl<B: RouteBody> IntoResponse<B> for Reply<B> {
    fn into_reply(self) -> Result<Reply<B>, Error> {
        Ok(self)
    }
}

impl<B: RouteBody> IntoResponse<B> for Response<B> {
    fn into_reply(self) -> Result<Reply<B>, Error> {
        Ok(Reply::from_response(self))
    }
}

/// Only for [`Error`], not for every error that converts into it: a single
/// impl lets the compiler infer the error type of a closure that uses `?`.
impl<B, T: IntoResponse<B>> IntoResponse<B> for Result<T, Error> {
    fn into_reply(self) -> Result<Reply<B>, Error> {
        self?.into_reply()
    }
}
