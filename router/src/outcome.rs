//! [`IntoOutcome`]: what a handler or middleware may return.

use http::Response;

use crate::{Error, Reply, RouteBody};

/// What a handler or `use_` middleware returns: the [`Reply`] it was given
/// (changed or sent), a whole `http::Response`, or either inside a `Result`
/// whose error converts into [`Error`].
#[diagnostic::on_unimplemented(
    message = "a route handler cannot return `{Self}`",
    label = "return the `res` you were given, an `http::Response`, or a `Result` of either",
    note = "handlers look like `|req, res| res.send(\"Hello World\")`"
)]
pub trait IntoOutcome<B> {
    /// The reply to continue or finish with.
    fn into_outcome(self) -> Result<Reply<B>, Error>;
}

impl<B: RouteBody> IntoOutcome<B> for Reply<B> {
    fn into_outcome(self) -> Result<Reply<B>, Error> {
        Ok(self)
    }
}

impl<B: RouteBody> IntoOutcome<B> for Response<B> {
    fn into_outcome(self) -> Result<Reply<B>, Error> {
        Ok(Reply::from_response(self))
    }
}

impl<B, T, E> IntoOutcome<B> for Result<T, E>
where
    T: IntoOutcome<B>,
    E: Into<Error>,
{
    fn into_outcome(self) -> Result<Reply<B>, Error> {
        self.map_err(Into::into)?.into_outcome()
    }
}
