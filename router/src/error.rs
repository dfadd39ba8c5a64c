//! The error a handler returns, and the status it maps to.

use std::any::Any;
use std::error::Error as StdError;
use std::fmt;

use http::StatusCode;

use crate::BodyError;

/// A `Result` whose error is [`edge_router::Error`](Error).
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An error a handler can return with `?`.
///
/// Any `std::error::Error + Send + Sync` converts into it, so `?` works on
/// I/O, JSON and HTTP errors alike. Each error carries the HTTP status it turns
/// into when it reaches the client: 500 unless said otherwise, so that a client
/// error such as an oversized body (413) is answered as one. A converted
/// [`BodyError`] keeps [its status](BodyError::status): a body too large is a
/// 413, bad JSON a 400.
///
/// A 5xx answer never shows the error's text to the client (it goes to stderr,
/// the host's log); a 4xx answer shows it, since it tells the client what to fix.
///
/// ```
/// use edge_router::Error;
/// use http::StatusCode;
///
/// let err = Error::new(StatusCode::NOT_FOUND, "no such user: 42");
/// assert_eq!(err.status(), StatusCode::NOT_FOUND);
/// assert_eq!(err.to_string(), "no such user: 42");
///
/// let parse: Error = "x".parse::<u32>().unwrap_err().into();
/// assert_eq!(parse.status(), StatusCode::INTERNAL_SERVER_ERROR);
/// ```
pub struct Error {
    status: StatusCode,
    inner: Inner,
}

/// A plain message is kept apart from a boxed error: boxing a `String` as
/// `dyn Error` would pull its `Debug` machinery into every component.
enum Inner {
    Message(String),
    Source(Box<dyn StdError + Send + Sync>),
}

impl Error {
    /// An error with a status and a message.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            inner: Inner::Message(message.into()),
        }
    }

    /// A 500 error with a message.
    ///
    /// ```
    /// let err = edge_router::Error::msg("database unreachable");
    /// assert_eq!(err.status(), 500);
    /// ```
    pub fn msg(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }

    /// The same error answered with another status.
    ///
    /// ```
    /// use edge_router::Error;
    /// use http::StatusCode;
    /// let err = Error::msg("missing field `name`").with_status(StatusCode::BAD_REQUEST);
    /// assert_eq!(err.status(), 400);
    /// ```
    #[must_use]
    pub fn with_status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The underlying error, if it is of type `E`.
    ///
    /// ```
    /// let err: edge_router::Error = std::io::Error::other("disk").into();
    /// assert!(err.downcast_ref::<std::io::Error>().is_some());
    /// ```
    pub fn downcast_ref<E: StdError + 'static>(&self) -> Option<&E> {
        match &self.inner {
            Inner::Message(_) => None,
            Inner::Source(source) => source.downcast_ref::<E>(),
        }
    }
}

/// 500, or the status of a [`BodyError`]. (The check is on the type, which
/// the compiler knows: it costs nothing for other errors.)
impl<E> From<E> for Error
where
    E: StdError + Send + Sync + 'static,
{
    fn from(error: E) -> Self {
        let status = (&error as &dyn Any)
            .downcast_ref::<BodyError>()
            .map_or(StatusCode::INTERNAL_SERVER_ERROR, BodyError::status);
        Self {
            status,
            inner: Inner::Source(Box::new(error)),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = match &self.inner {
            Inner::Message(message) => return f.write_str(message),
            Inner::Source(source) => source,
        };
        fmt::Display::fmt(source, f)?;
        let mut cause = source.source();
        while let Some(inner) = cause {
            write!(f, ": {inner}")?;
            cause = inner.source();
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("Error");
        debug.field("status", &self.status);
        match &self.inner {
            Inner::Message(message) => debug.field("message", message),
            Inner::Source(source) => debug.field("source", source),
        };
        debug.finish()
    }
}

/// Lets `?` turn an [`Error`] into a `Box<dyn std::error::Error>`, as tests
/// and `main` functions often return.
impl From<Error> for Box<dyn StdError + Send + Sync> {
    fn from(error: Error) -> Self {
        Box::new(Boxed(error))
    }
}

/// Lets `?` turn an [`Error`] into a `Box<dyn std::error::Error>`.
impl From<Error> for Box<dyn StdError> {
    fn from(error: Error) -> Self {
        Box::new(Boxed(error))
    }
}

/// An [`Error`] seen as a `std::error::Error` (which `Error` itself cannot
/// implement, since it converts from every such error).
struct Boxed(Error);

impl fmt::Display for Boxed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Debug for Boxed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl StdError for Boxed {}
