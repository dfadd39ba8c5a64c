//! [`BodyError`]: why a body could not be read whole, and the status that
//! answers it.

use std::fmt;
use std::io;

use http::StatusCode;

/// Why reading a body whole failed: a request body through
/// [`RequestExt::json`](crate::RequestExt::json), or any body through
/// `edge::Body::into_bytes`, `into_string` or `into_json`.
///
/// Converted into an [`Error`](crate::Error) with `?`, it keeps the status of
/// [`BodyError::status`]: 413 when too large, 400 when not text or not the
/// expected JSON (the client sent it), 500 when the body could not be read.
/// Its message reaches the client with a 4xx, so it names the problem and
/// nothing of the app. The statuses suit a request body; a body fetched from
/// another server is not the client's fault, so give its error the status
/// you mean: `Error::from(e).with_status(StatusCode::BAD_GATEWAY)`.
///
/// ```
/// use edge_router::{BodyError, Error};
///
/// let err: Error = BodyError::TooLarge { limit: 8 }.into();
/// assert_eq!(err.status(), 413);
/// assert_eq!(err.to_string(), "body is larger than the limit of 8 bytes");
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum BodyError {
    /// The body is longer than the limit it was read with. To take more,
    /// read it in pieces through `std::io::Read`, or pass a larger limit
    /// (`Body::into_bytes_limited`, [`RequestExt::json_limited`](crate::RequestExt::json_limited)).
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The host or the body's source failed while it was read.
    Read(io::Error),
    /// The body is not UTF-8 text.
    NotUtf8,
    /// The body is not JSON of the expected shape, or a value could not be
    /// serialized as JSON.
    #[cfg(feature = "json")]
    Json(serde_json::Error),
}

impl BodyError {
    /// The status that answers a client whose body failed this way: 413
    /// when too large, 400 when not text or not the expected JSON, and 500
    /// when the body could not be read.
    ///
    /// ```
    /// use edge_router::BodyError;
    /// assert_eq!(BodyError::NotUtf8.status(), 400);
    /// ```
    pub fn status(&self) -> StatusCode {
        match self {
            Self::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Read(_) => StatusCode::INTERNAL_SERVER_ERROR,
            Self::NotUtf8 => StatusCode::BAD_REQUEST,
            #[cfg(feature = "json")]
            Self::Json(_) => StatusCode::BAD_REQUEST,
        }
    }
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLarge { limit } => {
                write!(f, "body is larger than the limit of {limit} bytes")
            }
            Self::Read(e) => write!(f, "could not read the body: {e}"),
            Self::NotUtf8 => f.write_str("body is not valid UTF-8 text"),
            #[cfg(feature = "json")]
            Self::Json(e) => write!(f, "invalid JSON body: {e}"),
        }
    }
}

/// The inner error is part of the message, so `source` is left empty: a
/// chain printer shows it once.
impl std::error::Error for BodyError {}
